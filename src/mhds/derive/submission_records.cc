#include "mhds/derive/submission_records.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "mhds/base/calendar.h"
#include "mhds/base/status_macros.h"
#include "mhds/derive/accepted_rows.h"

namespace mhds::derive {
namespace {

// A date item's day; Access date-and-time columns carry the day in their first ten characters.
std::optional<int64_t> RecordDay(std::string_view value) {
  if (value.size() < 10) return std::nullopt;
  return ParseDate(value.substr(0, 10));
}

using RecordTextSet = std::unordered_set<std::string, spec::TextHash, std::equal_to<>>;
template <typename V>
using RecordTextMap = std::unordered_map<std::string, V, spec::TextHash, std::equal_to<>>;

struct PersonFacts {
  std::string person_id;
  std::string residence_commissioner;  // MHS001 OrgIDResidenceResp
  std::string gp_commissioner;         // MHS002 OrgIDGPPrac of the latest open registration
  std::optional<int64_t> gp_registered;
  std::string gender, gender_identity, ethnic_category;
  std::optional<int64_t> birth;
  std::optional<int64_t> first_recorded, last_recorded;
  std::string first_status, last_status;
};

struct ReadContext {
  const spec::Spec& spec;
  io::TableSource& source;
  const RejectedRows& rejected;
  const DeriveCodes& codes;
};

Result<AcceptedRowScan> Scan(const ReadContext& ctx, std::string_view table,
                             const std::vector<std::string_view>& items) {
  return AcceptedRowScan::Open(ctx.spec, ctx.source, ctx.rejected, table, items);
}

Status ReadPeople(const ReadContext& ctx, const PersonKey* key,
                  RecordTextMap<PersonFacts>& people) {
  MHDS_ASSIGN_OR_RETURN(AcceptedRowScan mpi,
                        Scan(ctx, "MHS001",
                             {"LocalPatientID", "NHSNumber", "PersonBirthDate",
                              "OrgIDResidenceResp", "Gender", "GenderIDCode", "EthnicCategory"}));
  while (mpi.Next()) {
    PersonFacts& p = people[std::string(mpi.value(0))];
    if (key != nullptr) p.person_id = key->PersonId(mpi.value(1));
    p.birth = RecordDay(mpi.value(2));
    p.residence_commissioner = mpi.value(3);
    p.gender = mpi.value(4);
    p.gender_identity = mpi.value(5);
    p.ethnic_category = mpi.value(6);
  }
  MHDS_RETURN_IF_ERROR(mpi.status());
  // The GP-based commissioner: the open registration with a real practice, the latest started
  // (equal dates: the later row).
  MHDS_ASSIGN_OR_RETURN(AcceptedRowScan gp,
                        Scan(ctx, "MHS002",
                             {"LocalPatientID", "GMPReg", "StartDateGMPRegistration",
                              "EndDateGMPRegistration", "OrgIDGPPrac"}));
  while (gp.Next()) {
    if (!gp.value(3).empty() || gp.value(4).empty() ||
        ctx.codes.IsUnregisteredPractice(gp.value(1))) {
      continue;
    }
    PersonFacts& p = people[std::string(gp.value(0))];
    std::optional<int64_t> started = RecordDay(gp.value(2));
    if (!p.gp_commissioner.empty() && started < p.gp_registered) continue;
    p.gp_commissioner = gp.value(4);
    p.gp_registered = started;
  }
  MHDS_RETURN_IF_ERROR(gp.status());
  MHDS_ASSIGN_OR_RETURN(
      AcceptedRowScan emp,
      Scan(ctx, "MHS004", {"LocalPatientID", "EmployStatus", "EmployStatusRecDate"}));
  while (emp.Next()) {
    std::optional<int64_t> day = RecordDay(emp.value(2));
    if (!day || emp.value(1).empty()) continue;
    PersonFacts& p = people[std::string(emp.value(0))];
    if (!p.first_recorded || *day < *p.first_recorded) {
      p.first_recorded = day;
      p.first_status = emp.value(1);
    }
    if (!p.last_recorded || *day >= *p.last_recorded) {
      p.last_recorded = day;
      p.last_status = emp.value(1);
    }
  }
  return emp.status();
}

struct OpenReferral {
  ReferralRecord record;
  std::string other_ips_team;
};

Status ReadReferralRows(const ReadContext& ctx, const std::string& provider,
                        const ReportingMonth& month, const RecordTextMap<PersonFacts>& people,
                        RecordTextMap<OpenReferral>& referrals) {
  MHDS_ASSIGN_OR_RETURN(AcceptedRowScan scan,
                        Scan(ctx, "MHS101",
                             {"ServiceRequestID", "LocalPatientID", "CareProfTeamLocalID",
                              "ReferralRequestReceivedDate", "ServDischDate"}));
  while (scan.Next()) {
    std::optional<int64_t> received = RecordDay(scan.value(3));
    if (!received) continue;
    OpenReferral& open = referrals[std::string(scan.value(0))];
    ReferralRecord& r = open.record;
    r.service_request_id = scan.value(0);
    r.uniq_serv_req_id = provider + r.service_request_id;
    r.main_team = scan.value(2);
    r.received = *received;
    r.discharged = RecordDay(scan.value(4));
    auto person = people.find(scan.value(1));
    if (person != people.end()) {
      const PersonFacts& p = person->second;
      r.person_id = p.person_id;
      if (p.birth) {
        r.age_at_start = AgeOn(*p.birth, month.start);
        r.age_at_end = AgeOn(*p.birth, month.end);
      }
      r.employ_status_first = p.first_status;
      r.employ_status_last = p.last_status;
      r.commissioner = p.gp_commissioner.empty() ? p.residence_commissioner : p.gp_commissioner;
      r.gender = p.gender;
      r.gender_identity = p.gender_identity;
      r.ethnic_category = p.ethnic_category;
      if (p.birth) r.age_at_referral = AgeOn(*p.birth, *received);
    }
  }
  return scan.status();
}

Status ReadTeams(const ReadContext& ctx, RecordTextMap<OpenReferral>& referrals) {
  RecordTextSet ips_teams;
  {
    MHDS_ASSIGN_OR_RETURN(AcceptedRowScan scan,
                          Scan(ctx, "MHS902", {"CareProfTeamLocalID", "ServTeamTypeMH"}));
    while (scan.Next()) {
      if (ctx.codes.IsIpsTeamType(scan.value(1))) ips_teams.emplace(scan.value(0));
    }
    MHDS_RETURN_IF_ERROR(scan.status());
  }
  MHDS_ASSIGN_OR_RETURN(AcceptedRowScan other,
                        Scan(ctx, "MHS102", {"ServiceRequestID", "OtherCareProfTeamLocalID"}));
  while (other.Next()) {
    if (!ips_teams.contains(other.value(1))) continue;
    auto it = referrals.find(other.value(0));
    if (it == referrals.end()) continue;
    std::string& team = it->second.other_ips_team;
    if (team.empty() || other.value(1) < team) team = other.value(1);
  }
  MHDS_RETURN_IF_ERROR(other.status());
  for (auto& [id, open] : referrals) {
    ReferralRecord& r = open.record;
    bool main_is_ips = ips_teams.contains(r.main_team);
    r.ips_team = main_is_ips || !open.other_ips_team.empty();
    r.team = main_is_ips || open.other_ips_team.empty() ? r.main_team : open.other_ips_team;
  }
  return Status::Ok();
}

Status ReadContactRows(const ReadContext& ctx, const std::string& provider,
                       RecordTextMap<OpenReferral>& referrals, std::vector<ContactRecord>& out) {
  RecordTextSet ips_coded;
  {
    MHDS_ASSIGN_OR_RETURN(AcceptedRowScan scan,
                          Scan(ctx, "MHS202", {"CareContactID", "Procedure"}));
    while (scan.Next()) {
      if (ctx.codes.IsIpsProcedure(scan.value(1))) ips_coded.emplace(scan.value(0));
    }
    MHDS_RETURN_IF_ERROR(scan.status());
  }
  MHDS_ASSIGN_OR_RETURN(AcceptedRowScan scan,
                        Scan(ctx, "MHS201",
                             {"CareContactID", "ServiceRequestID", "CareContDate", "CareContTime",
                              "AttendStatus", "ConsMechanismMH"}));
  while (scan.Next()) {
    std::optional<int64_t> date = RecordDay(scan.value(2));
    auto referral = referrals.find(scan.value(1));
    if (!date || referral == referrals.end()) continue;
    ContactRecord c;
    c.uniq_care_cont_id = provider + std::string(scan.value(0));
    c.uniq_serv_req_id = referral->second.record.uniq_serv_req_id;
    c.date = *date;
    c.time = scan.value(3);
    c.attend_status = scan.value(4);
    c.mechanism = scan.value(5);
    c.direct = ctx.codes.IsDirectContact(c.attend_status, c.mechanism);
    c.ips_procedure = ips_coded.contains(scan.value(0));
    if (c.direct && c.ips_procedure) referral->second.record.ips_procedure = true;
    out.push_back(std::move(c));
  }
  return scan.status();
}

// Numbers each referral's direct contacts 1, 2, ... by date, time and id; sorts by id.
void OrderContacts(std::vector<ContactRecord>& contacts) {
  std::sort(contacts.begin(), contacts.end(), [](const ContactRecord& a, const ContactRecord& b) {
    return std::tie(a.uniq_serv_req_id, a.date, a.time, a.uniq_care_cont_id) <
           std::tie(b.uniq_serv_req_id, b.date, b.time, b.uniq_care_cont_id);
  });
  int order = 0;
  for (size_t i = 0; i < contacts.size(); ++i) {
    if (i == 0 || contacts[i].uniq_serv_req_id != contacts[i - 1].uniq_serv_req_id) order = 0;
    if (contacts[i].direct) contacts[i].contact_order = ++order;
  }
  std::sort(contacts.begin(), contacts.end(), [](const ContactRecord& a, const ContactRecord& b) {
    return a.uniq_care_cont_id < b.uniq_care_cont_id;
  });
}

}  // namespace

std::optional<int> AgeOn(int64_t birth, int64_t on) {
  if (on < birth) return std::nullopt;
  return AgeInYears(birth, on);
}

Result<SubmissionRecords> ReadSubmissionRecords(const spec::Spec& spec, io::TableSource& source,
                                                const validate::ValidationResult& validation,
                                                const DeriveCodes& codes,
                                                const PersonKey* person_key) {
  if (validation.file_rejected) {
    return Status::InvalidArgument(
        "the submission was rejected as a whole, so it gives no derived items");
  }
  if (!validation.period_start || !validation.period_end) {
    return Status::InvalidArgument("the submission has no reporting period; give --period");
  }
  for (std::string_view table : {"MHS000", "MHS101", "MHS201", "MHS902"}) {
    if (spec.FindTable(table) < 0) {
      return Status::SpecError("derived items are defined for MHSDS v6.0; specification " +
                               spec.name + " " + spec.version + " has no " + std::string(table) +
                               " table");
    }
  }
  RejectedRows rejected(validation);
  ReadContext ctx{spec, source, rejected, codes};
  SubmissionRecords out;
  out.month = MonthOf(*validation.period_start, *validation.period_end);
  out.rows_left_out = rejected.total();
  {
    MHDS_ASSIGN_OR_RETURN(AcceptedRowScan header, Scan(ctx, "MHS000", {"OrgIDProvider"}));
    if (header.Next()) out.provider = header.value(0);
    MHDS_RETURN_IF_ERROR(header.status());
  }
  RecordTextMap<OpenReferral> referrals;
  {
    RecordTextMap<PersonFacts> people;
    MHDS_RETURN_IF_ERROR(ReadPeople(ctx, person_key, people));
    MHDS_RETURN_IF_ERROR(ReadReferralRows(ctx, out.provider, out.month, people, referrals));
  }
  MHDS_RETURN_IF_ERROR(ReadTeams(ctx, referrals));
  MHDS_RETURN_IF_ERROR(ReadContactRows(ctx, out.provider, referrals, out.contacts));
  OrderContacts(out.contacts);
  out.referrals.reserve(referrals.size());
  for (auto& [id, open] : referrals) out.referrals.push_back(std::move(open.record));
  std::sort(out.referrals.begin(), out.referrals.end(),
            [](const ReferralRecord& a, const ReferralRecord& b) {
              return a.uniq_serv_req_id < b.uniq_serv_req_id;
            });
  return out;
}

}  // namespace mhds::derive
