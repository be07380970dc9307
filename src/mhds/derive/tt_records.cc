#include "mhds/derive/tt_records.h"

#include <algorithm>
#include <charconv>
#include <unordered_map>

#include "mhds/base/calendar.h"
#include "mhds/base/status_macros.h"
#include "mhds/base/text.h"
#include "mhds/derive/accepted_rows.h"

namespace mhds::derive {
namespace {

using TtIndex = std::unordered_map<std::string, size_t, spec::TextHash, std::equal_to<>>;

// A date item's day; Access date-and-time columns carry the day in their first ten characters.
std::optional<int64_t> TtDayOf(std::string_view value) {
  if (value.size() < 10) return std::nullopt;
  return ParseDate(value.substr(0, 10));
}

std::optional<int> WholeScore(std::string_view text) {
  text = Trim(text);
  int score = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), score);
  if (error != std::errc() || end != text.data() + text.size() || score < 0) return std::nullopt;
  return score;
}

Status ReadTtPathways(const spec::Spec& spec, io::TableSource& source, const RejectedRows& rejected,
                      const PersonKey* person_key, TtMonthRecords& out) {
  // LocalPatientId -> Person_ID, only when there is a key to make one.
  std::unordered_map<std::string, std::string, spec::TextHash, std::equal_to<>> person_of;
  if (person_key != nullptr) {
    MHDS_ASSIGN_OR_RETURN(
        AcceptedRowScan mpi,
        AcceptedRowScan::Open(spec, source, rejected, "IDS001", {"LocalPatientId", "NHSNumber"}));
    while (mpi.Next()) {
      person_of.try_emplace(std::string(mpi.value(0)), person_key->PersonId(mpi.value(1)));
    }
    MHDS_RETURN_IF_ERROR(mpi.status());
  }
  MHDS_ASSIGN_OR_RETURN(
      AcceptedRowScan scan,
      AcceptedRowScan::Open(spec, source, rejected, "IDS101",
                            {"ServiceRequestId", "OrgIDComm", "ReferralRequestReceivedDate",
                             "EndCode", "ServDischDate", "LocalPatientId"}));
  TtIndex seen;
  while (scan.Next()) {
    std::optional<int64_t> received = TtDayOf(scan.value(2));
    if (!received || seen.contains(scan.value(0))) continue;
    TtPathwayRecord p;
    p.service_request_id = scan.value(0);
    auto person = person_of.find(scan.value(5));
    if (person != person_of.end()) p.person_id = person->second;
    p.commissioner = Trim(scan.value(1));
    p.received = *received;
    p.end_code = Trim(scan.value(3));
    p.discharged = TtDayOf(scan.value(4));
    seen.emplace(p.service_request_id, out.pathways.size());
    out.pathways.push_back(std::move(p));
  }
  return scan.status();
}

Status ReadTtContacts(const spec::Spec& spec, const TtSettings& settings, io::TableSource& source,
                      const RejectedRows& rejected, TtMonthRecords& out) {
  TtIndex contact_index;
  {
    MHDS_ASSIGN_OR_RETURN(
        AcceptedRowScan scan,
        AcceptedRowScan::Open(spec, source, rejected, "IDS201",
                              {"CareContactId", "ServiceRequestId", "CareContDate", "CareContTime",
                               "AttendOrDNACode", "AppType"}));
    while (scan.Next()) {
      std::optional<int64_t> date = TtDayOf(scan.value(2));
      if (!date || contact_index.contains(scan.value(0))) continue;
      contact_index.emplace(std::string(scan.value(0)), out.contacts.size());
      out.contacts.push_back(TtContactRecord{.care_contact_id = std::string(scan.value(0)),
                                             .service_request_id = std::string(scan.value(1)),
                                             .date = *date,
                                             .time = std::string(scan.value(3)),
                                             .attendance = std::string(Trim(scan.value(4))),
                                             .app_type = std::string(Trim(scan.value(5))),
                                             .phq9 = std::nullopt,
                                             .gad7 = std::nullopt,
                                             .scores_read = 0,
                                             .scores_unreadable = 0});
    }
    MHDS_RETURN_IF_ERROR(scan.status());
  }
  TtIndex contact_of_activity;
  {
    MHDS_ASSIGN_OR_RETURN(
        AcceptedRowScan scan,
        AcceptedRowScan::Open(spec, source, rejected, "IDS202", {"CareActId", "CareContactId"}));
    while (scan.Next()) {
      auto contact = contact_index.find(scan.value(1));
      if (contact != contact_index.end()) {
        contact_of_activity.emplace(std::string(scan.value(0)), contact->second);
      }
    }
    MHDS_RETURN_IF_ERROR(scan.status());
  }
  MHDS_ASSIGN_OR_RETURN(AcceptedRowScan scan,
                        AcceptedRowScan::Open(spec, source, rejected, "IDS607",
                                              {"CareActId", "CodedAssToolType", "PersScore"}));
  while (scan.Next()) {
    const std::string_view tool = Trim(scan.value(1));
    const bool phq9 = tool == settings.phq9.code;
    if (!phq9 && tool != settings.gad7.code) continue;
    auto activity = contact_of_activity.find(scan.value(0));
    if (activity == contact_of_activity.end()) continue;
    TtContactRecord& contact = out.contacts[activity->second];
    std::optional<int> score = WholeScore(scan.value(2));
    if (!score) {
      ++contact.scores_unreadable;
      continue;
    }
    ++contact.scores_read;
    // A second score of one tool at one contact: the first read counts (docs/metrics.md).
    std::optional<int>& slot = phq9 ? contact.phq9 : contact.gad7;
    if (!slot) slot = score;
  }
  return scan.status();
}

}  // namespace

Result<TtMonthRecords> ReadTtMonthRecords(const spec::Spec& spec, const TtSettings& settings,
                                          io::TableSource& source,
                                          const validate::ValidationResult& validation,
                                          const PersonKey* person_key) {
  if (validation.file_rejected) {
    return Status::InvalidArgument(
        "the submission was rejected as a whole, so it has no accepted records");
  }
  if (!validation.period_start || !validation.period_end) {
    return Status::InvalidArgument("the submission has no reporting period; give --period");
  }
  TtMonthRecords out;
  out.month = MonthOf(*validation.period_start, *validation.period_end);
  out.spec_version = spec.folder.filename().string();
  RejectedRows rejected(validation);
  out.rows_left_out = rejected.total();
  {
    MHDS_ASSIGN_OR_RETURN(AcceptedRowScan scan,
                          AcceptedRowScan::Open(spec, source, rejected, "IDS000", {"OrgIDProv"}));
    if (scan.Next()) out.provider = Trim(scan.value(0));
    MHDS_RETURN_IF_ERROR(scan.status());
  }
  MHDS_RETURN_IF_ERROR(ReadTtPathways(spec, source, rejected, person_key, out));
  MHDS_RETURN_IF_ERROR(ReadTtContacts(spec, settings, source, rejected, out));
  auto by_pathway = [](const TtPathwayRecord& a, const TtPathwayRecord& b) {
    return a.service_request_id < b.service_request_id;
  };
  std::sort(out.pathways.begin(), out.pathways.end(), by_pathway);
  std::sort(out.contacts.begin(), out.contacts.end(),
            [](const TtContactRecord& a, const TtContactRecord& b) {
              return a.care_contact_id < b.care_contact_id;
            });
  return out;
}

}  // namespace mhds::derive
