#include "mhds/derive/tt_pathways.h"

#include <algorithm>
#include <tuple>

namespace mhds::derive {
namespace {

bool Contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

TtPathwayBuilder::TtPathwayBuilder(const TtSettings& settings, int64_t period_start,
                                   int64_t period_end)
    : settings_(settings), period_start_(period_start), period_end_(period_end) {}

void TtPathwayBuilder::AddMonth(const TtMonthRecords& month) {
  out_.provider = month.provider;
  for (const TtPathwayRecord& record : month.pathways) {
    if (pathway_by_id_.contains(record.service_request_id)) continue;
    TtPathway p;
    p.service_request_id = record.service_request_id;
    p.commissioner = record.commissioner;
    p.received = record.received;
    p.end_code = record.end_code;
    p.discharged = record.discharged;
    pathway_by_id_.emplace(p.service_request_id, out_.pathways.size());
    out_.pathways.push_back(std::move(p));
  }
  AddEarlier(month);
}

void TtPathwayBuilder::AddEarlier(const TtMonthRecords& earlier) {
  for (const TtContactRecord& record : earlier.contacts) {
    auto pathway = pathway_by_id_.find(record.service_request_id);
    if (pathway == pathway_by_id_.end()) continue;
    // The copy in the newest month counts: months come newest first, so a contact already read
    // stays as it is, and the scores of an older copy are not read.
    auto [it, fresh] = contacts_.try_emplace(record.care_contact_id);
    if (!fresh) continue;
    it->second = Contact{.pathway = pathway->second, .record = &record};
    out_.scores_read += record.scores_read;
    out_.scores_unreadable += record.scores_unreadable;
  }
}

TtSubmission TtPathwayBuilder::Finish() {
  // Contacts in time order, so each pathway's first and last paired contacts are the first and
  // last seen.
  std::vector<const Contact*> ordered;
  ordered.reserve(contacts_.size());
  for (const auto& entry : contacts_) ordered.push_back(&entry.second);
  std::sort(ordered.begin(), ordered.end(), [](const Contact* a, const Contact* b) {
    return std::tie(a->record->date, a->record->time, a->record->care_contact_id) <
           std::tie(b->record->date, b->record->time, b->record->care_contact_id);
  });
  out_.contacts_read = ordered.size();
  for (const Contact* contact : ordered) {
    const TtContactRecord& c = *contact->record;
    if (c.date > period_end_) continue;
    TtPathway& p = out_.pathways[contact->pathway];
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
