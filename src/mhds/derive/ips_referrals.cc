#include "mhds/derive/ips_referrals.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "mhds/base/calendar.h"
#include "mhds/base/status_macros.h"
#include "mhds/derive/contact_flags.h"

namespace mhds::derive {
namespace {

// A date item's day. Access date-and-time columns read "CCYY-MM-DD hh:mm:ss": the day is the
// first ten characters.
std::optional<int64_t> DayOf(std::string_view value) {
  if (value.size() < 10) return std::nullopt;
  return ParseDate(value.substr(0, 10));
}

// What is kept of every accepted referral until the cohort is known.
struct Candidate {
  std::string main_team;
  std::string other_ips_team;  // the smallest id of a D05 team among MHS102 rows
  int64_t received = 0;
  std::optional<int64_t> discharged;
  bool by_procedure = false;
  ContactTally all_direct;
  ContactTally ips_coded;
};

using TextSet = std::unordered_set<std::string, spec::TextHash, std::equal_to<>>;
template <typename V>
using TextMap = std::unordered_map<std::string, V, spec::TextHash, std::equal_to<>>;

Result<TextSet> ReadIpsTeams(const spec::Spec& spec, io::TableSource& source,
                             const RejectedRows& rejected) {
  MHDS_ASSIGN_OR_RETURN(AcceptedRowScan scan,
                        AcceptedRowScan::Open(spec, source, rejected, "MHS902",
                                              {"CareProfTeamLocalID", "ServTeamTypeMH"}));
  TextSet teams;
  while (scan.Next()) {
    if (scan.value(1) == kIpsTeamType) teams.emplace(scan.value(0));
  }
  MHDS_RETURN_IF_ERROR(scan.status());
  return teams;
}

Status ReadReferrals(const spec::Spec& spec, io::TableSource& source, const RejectedRows& rejected,
                     TextMap<Candidate>& candidates) {
  MHDS_ASSIGN_OR_RETURN(AcceptedRowScan scan,
                        AcceptedRowScan::Open(spec, source, rejected, "MHS101",
                                              {"ServiceRequestID", "CareProfTeamLocalID",
                                               "ReferralRequestReceivedDate", "ServDischDate"}));
  while (scan.Next()) {
    std::optional<int64_t> received = DayOf(scan.value(2));
    // NHS England's cohort starts with referrals received in 2016 (metrics.md A.4).
    if (!received || *received < DaysFromCivil(2016, 1, 1)) continue;
    Candidate& c = candidates[std::string(scan.value(0))];
    c.main_team = scan.value(1);
    c.received = *received;
    c.discharged = DayOf(scan.value(3));
  }
  return scan.status();
}

Status ReadOtherTeams(const spec::Spec& spec, io::TableSource& source, const RejectedRows& rejected,
                      const TextSet& ips_teams, TextMap<Candidate>& candidates) {
  MHDS_ASSIGN_OR_RETURN(AcceptedRowScan scan,
                        AcceptedRowScan::Open(spec, source, rejected, "MHS102",
                                              {"ServiceRequestID", "OtherCareProfTeamLocalID"}));
  while (scan.Next()) {
    if (!ips_teams.contains(scan.value(1))) continue;
    auto it = candidates.find(scan.value(0));
    if (it == candidates.end()) continue;
    std::string& team = it->second.other_ips_team;
    if (team.empty() || scan.value(1) < team) team = scan.value(1);
  }
  return scan.status();
}

Result<TextSet> ReadIpsCodedContacts(const spec::Spec& spec, io::TableSource& source,
                                     const RejectedRows& rejected) {
  MHDS_ASSIGN_OR_RETURN(
      AcceptedRowScan scan,
      AcceptedRowScan::Open(spec, source, rejected, "MHS202", {"CareContactID", "Procedure"}));
  TextSet contacts;
  while (scan.Next()) {
    if (IsIpsProcedure(scan.value(1))) contacts.emplace(scan.value(0));
  }
  MHDS_RETURN_IF_ERROR(scan.status());
  return contacts;
}

Status ReadContacts(const spec::Spec& spec, io::TableSource& source, const RejectedRows& rejected,
                    const TextSet& ips_coded, TextMap<Candidate>& candidates, IpsCohort& cohort) {
  MHDS_ASSIGN_OR_RETURN(AcceptedRowScan scan,
                        AcceptedRowScan::Open(spec, source, rejected, "MHS201",
                                              {"CareContactID", "ServiceRequestID", "CareContDate",
                                               "AttendStatus", "ConsMechanismMH"}));
  while (scan.Next()) {
    if (!IsDirectContact(scan.value(3), scan.value(4))) continue;
    std::optional<int64_t> date = DayOf(scan.value(2));
    auto it = candidates.find(scan.value(1));
    if (!date || it == candidates.end()) continue;
    ++cohort.direct_contacts_read;
    Candidate& c = it->second;
    c.all_direct.Add(*date, MediumOf(scan.value(4)));
    if (ips_coded.contains(scan.value(0))) {
      c.by_procedure = true;
      c.ips_coded.Add(*date, MediumOf(scan.value(4)));
    }
  }
  return scan.status();
}

}  // namespace

Result<IpsCohort> ReadIpsCohort(const spec::Spec& spec, io::TableSource& source,
                                const RejectedRows& rejected) {
  IpsCohort cohort;
  MHDS_ASSIGN_OR_RETURN(TextSet ips_teams, ReadIpsTeams(spec, source, rejected));
  TextMap<Candidate> candidates;
  MHDS_RETURN_IF_ERROR(ReadReferrals(spec, source, rejected, candidates));
  cohort.referrals_read = candidates.size();
  MHDS_RETURN_IF_ERROR(ReadOtherTeams(spec, source, rejected, ips_teams, candidates));
  {
    MHDS_ASSIGN_OR_RETURN(TextSet ips_coded, ReadIpsCodedContacts(spec, source, rejected));
    MHDS_RETURN_IF_ERROR(ReadContacts(spec, source, rejected, ips_coded, candidates, cohort));
  }

  for (auto& [id, c] : candidates) {
    bool main_is_ips = ips_teams.contains(c.main_team);
    bool by_team_type = main_is_ips || !c.other_ips_team.empty();
    if (!by_team_type && !c.by_procedure) continue;
    IpsReferral r;
    r.service_request_id = id;
    r.team = main_is_ips || c.other_ips_team.empty() ? c.main_team : c.other_ips_team;
    r.received = c.received;
    r.discharged = c.discharged;
    r.by_team_type = by_team_type;
    r.by_procedure = c.by_procedure;
    r.contacts = by_team_type ? c.all_direct : c.ips_coded;
    cohort.referrals.push_back(std::move(r));
  }
  std::sort(cohort.referrals.begin(), cohort.referrals.end(),
            [](const IpsReferral& a, const IpsReferral& b) {
              return a.service_request_id < b.service_request_id;
            });
  return cohort;
}

}  // namespace mhds::derive
