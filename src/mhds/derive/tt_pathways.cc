#include "mhds/derive/tt_pathways.h"

#include <algorithm>
#include <charconv>
#include <tuple>

#include "mhds/base/calendar.h"
#include "mhds/base/status_macros.h"
#include "mhds/base/text.h"

namespace mhds::derive {
namespace {

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

bool Contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

TtPathwayBuilder::TtPathwayBuilder(const TtSettings& settings, int64_t period_start,
                                   int64_t period_end)
    : settings_(settings), period_start_(period_start), period_end_(period_end) {}

Status TtPathwayBuilder::AddMonth(const spec::Spec& spec, io::TableSource& source,
                                  const RejectedRows& rejected) {
  {
    MHDS_ASSIGN_OR_RETURN(AcceptedRowScan scan,
                          AcceptedRowScan::Open(spec, source, rejected, "IDS000", {"OrgIDProv"}));
    if (scan.Next()) out_.provider = scan.value(0);
    MHDS_RETURN_IF_ERROR(scan.status());
  }
  MHDS_ASSIGN_OR_RETURN(
      AcceptedRowScan scan,
      AcceptedRowScan::Open(spec, source, rejected, "IDS101",
                            {"ServiceRequestId", "OrgIDComm", "ReferralRequestReceivedDate",
                             "EndCode", "ServDischDate"}));
  while (scan.Next()) {
    std::optional<int64_t> received = TtDayOf(scan.value(2));
    if (!received || pathway_by_id_.contains(scan.value(0))) continue;
    TtPathway p;
    p.service_request_id = scan.value(0);
    p.commissioner = Trim(scan.value(1));
    p.received = *received;
    p.end_code = Trim(scan.value(3));
    p.discharged = TtDayOf(scan.value(4));
    pathway_by_id_.emplace(p.service_request_id, out_.pathways.size());
    out_.pathways.push_back(std::move(p));
  }
  MHDS_RETURN_IF_ERROR(scan.status());
  return AddActivity(spec, source, rejected);
}

Status TtPathwayBuilder::AddEarlier(const spec::Spec& spec, io::TableSource& source,
                                    const RejectedRows& rejected) {
  return AddActivity(spec, source, rejected);
}

Status TtPathwayBuilder::AddActivity(const spec::Spec& spec, io::TableSource& source,
                                     const RejectedRows& rejected) {
  // Contact ids of this file, so that its activities and scores attach to this file's copy.
  std::unordered_map<std::string, Contact*, spec::TextHash, std::equal_to<>> file_contacts;
  {
    MHDS_ASSIGN_OR_RETURN(
        AcceptedRowScan scan,
        AcceptedRowScan::Open(spec, source, rejected, "IDS201",
                              {"CareContactId", "ServiceRequestId", "CareContDate", "CareContTime",
                               "AttendOrDNACode", "AppType"}));
    while (scan.Next()) {
      auto pathway = pathway_by_id_.find(scan.value(1));
      std::optional<int64_t> date = TtDayOf(scan.value(2));
      if (pathway == pathway_by_id_.end() || !date) continue;
      // The copy in the newest file counts: files come newest first, so a contact already read
      // stays as it is.
      auto [it, fresh] = contacts_.try_emplace(std::string(scan.value(0)));
      if (!fresh) continue;
      Contact& c = it->second;
      c = Contact{.pathway = pathway->second,
                  .date = *date,
                  .time = std::string(scan.value(3)),
                  .attendance = std::string(Trim(scan.value(4))),
                  .app_type = std::string(Trim(scan.value(5))),
                  .phq9 = std::nullopt,
                  .gad7 = std::nullopt};
      file_contacts[std::string(scan.value(0))] = &c;
    }
    MHDS_RETURN_IF_ERROR(scan.status());
  }

  std::unordered_map<std::string, Contact*, spec::TextHash, std::equal_to<>> contact_of_activity;
  {
    MHDS_ASSIGN_OR_RETURN(
        AcceptedRowScan scan,
        AcceptedRowScan::Open(spec, source, rejected, "IDS202", {"CareActId", "CareContactId"}));
    while (scan.Next()) {
      auto contact = file_contacts.find(scan.value(1));
      if (contact != file_contacts.end()) {
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
    const bool phq9 = tool == settings_.phq9.code;
    if (!phq9 && tool != settings_.gad7.code) continue;
    auto contact = contact_of_activity.find(scan.value(0));
    if (contact == contact_of_activity.end()) continue;
    std::optional<int> score = WholeScore(scan.value(2));
    if (!score) {
      ++out_.scores_unreadable;
      continue;
    }
    ++out_.scores_read;
    // A second score of one tool at one contact: the first read counts (docs/metrics.md).
    std::optional<int>& slot = phq9 ? contact->second->phq9 : contact->second->gad7;
    if (!slot) slot = score;
  }
  return scan.status();
}

TtSubmission TtPathwayBuilder::Finish() {
  // Contacts in time order, so each pathway's first and last paired contacts are the first and
  // last seen.
  std::vector<const std::pair<const std::string, Contact>*> ordered;
  ordered.reserve(contacts_.size());
  for (const auto& entry : contacts_) ordered.push_back(&entry);
  std::sort(ordered.begin(), ordered.end(), [](const auto* a, const auto* b) {
    return std::tie(a->second.date, a->second.time, a->first) <
           std::tie(b->second.date, b->second.time, b->first);
  });
  out_.contacts_read = ordered.size();
  for (const auto* entry : ordered) {
    const Contact& c = entry->second;
    if (c.date > period_end_) continue;
    TtPathway& p = out_.pathways[c.pathway];
    if (c.date >= period_start_) ++p.appointments_in_period[c.attendance];
    if (Contains(settings_.attended_codes, c.attendance) &&
        Contains(settings_.treatment_appointment_types, c.app_type)) {
      p.treatment_dates.push_back(c.date);
    }
    if (!c.phq9 || !c.gad7) continue;
    ++p.paired_contacts;
    PairedScores scores{.phq9 = *c.phq9, .gad7 = *c.gad7};
    if (!p.first_scores) p.first_scores = scores;
    p.last_scores = scores;
  }
  std::sort(out_.pathways.begin(), out_.pathways.end(), [](const TtPathway& a, const TtPathway& b) {
    return a.service_request_id < b.service_request_id;
  });
  return std::move(out_);
}

}  // namespace mhds::derive
