#include "mhds/extract/history_reconcile.h"

#include <algorithm>
#include <map>
#include <set>

#include "mhds/base/calendar.h"
#include "mhds/derive/ips_history.h"
#include "mhds/derive/tt_pathways.h"

namespace mhds::extract {
namespace {

std::string MonthText(int64_t day) { return FormatDate(day).substr(0, 7); }

std::string RecordedText(const derive::HistoryEntry& e) {
  return "submission " + e.label + " (recorded " + FormatDateTime(e.recorded_at) + ")";
}

// The ids on either side, each once, in order; `national` maps id -> national first date.
template <typename Explain>
Reconciliation Lines(const LocalList& local, const std::map<std::string, int64_t>& national,
                     Explain explain_local_only, const std::string& matched_action) {
  Reconciliation out;
  std::map<std::string, const LocalReferral*, std::less<>> local_by_id;
  for (const LocalReferral& r : local.referrals) local_by_id[r.id] = &r;
  std::set<std::string> ids;
  for (const auto& [id, r] : local_by_id) ids.insert(id);
  for (const auto& [id, date] : national) ids.insert(id);
  for (const std::string& id : ids) {
    ReconcileLine line;
    line.referral = id;
    auto l = local_by_id.find(id);
    const LocalReferral* mine = l == local_by_id.end() ? nullptr : l->second;
    auto n = national.find(id);
    line.local = mine != nullptr;
    line.national = n != national.end();
    if (mine) line.local_date = mine->first_contact;
    if (line.national) line.national_date = n->second;
    if (line.local) ++out.local_count;
    if (line.national) ++out.national_count;
    if (line.local && line.national) {
      ++out.matched;
      if (line.local_date && *line.local_date != *line.national_date) {
        line.reason = Reason::kDateDiffers;
        line.detail = "your date is " + FormatDate(*line.local_date) + "; the submitted one is " +
                      FormatDate(*line.national_date);
        line.action = matched_action;
      }
    } else if (line.local) {
      explain_local_only(id, line);
    } else {
      line.reason = Reason::kNotInLocalList;
      line.detail = "NHS England counts it, on " + FormatDate(*line.national_date);
      line.action = "Add it to your list if your dashboard missed it.";
    }
    out.lines.push_back(std::move(line));
  }
  return out;
}

}  // namespace

Result<Reconciliation> ReconcileIpsHistory(
    const std::vector<derive::SubmissionRecords>& months,
    const std::vector<derive::RecordedSubmission>& superseded, const LocalList& local,
    const derive::DeriveCodes& codes) {
  if (months.empty()) return Status::InvalidArgument("no submission for the month reconciled");
  const derive::SubmissionRecords& now = months.back();
  const derive::ReportingMonth& m = now.month;
  std::vector<const derive::SubmissionRecords*> all;
  std::vector<const derive::SubmissionRecords*> before;
  for (const derive::SubmissionRecords& s : months) {
    all.push_back(&s);
    if (&s != &now) before.push_back(&s);
  }
  const std::map<std::string, int64_t> first_ever = derive::FirstCountedContacts(all, codes);
  const std::map<std::string, int64_t> first_before = derive::FirstCountedContacts(before, codes);

  // Accessed for the first time in the month (A.6 AccessedFirstTimeEver), by local id.
  auto accessed = [&](const derive::SubmissionRecords& s,
                      const std::map<std::string, int64_t>& first) {
    std::map<std::string, int64_t> out;
    for (const derive::ReferralRecord& r : s.referrals) {
      if (!derive::InIpsCohort(r, codes)) continue;
      auto it = first.find(r.uniq_serv_req_id);
      if (it != first.end() && it->second >= m.start && it->second <= m.end) {
        out[r.service_request_id] = it->second;
      }
    }
    return out;
  };
  const std::map<std::string, int64_t> national = accessed(now, first_ever);

  auto explain = [&](const std::string& id, ReconcileLine& line) {
    // An earlier submission of the month, replaced, would have counted it.
    for (const derive::RecordedSubmission& old : superseded) {
      std::vector<const derive::SubmissionRecords*> with_old = before;
      with_old.push_back(&old.records);
      auto counted = accessed(old.records, derive::FirstCountedContacts(with_old, codes));
      if (!counted.contains(id)) continue;
      line.reason = Reason::kReplacedByResubmission;
      line.detail = RecordedText(old.entry) + " counted it, first direct contact on " +
                    FormatDate(counted[id]) +
                    "; a later submission of the month replaced it, and only the latest counts";
      line.action = "Send the referral and its first contact again in a resubmission of " +
                    MonthText(m.start) +
                    " (a resubmission replaces the whole month, so it must hold "
                    "everything).";
      return;
    }
    const derive::ReferralRecord* r = nullptr;
    for (const derive::ReferralRecord& candidate : now.referrals) {
      if (candidate.service_request_id == id) r = &candidate;
    }
    if (r == nullptr) {
      line.reason = Reason::kNotInSubmission;
      line.detail = "no accepted MHS101Referral row of the latest submission of " +
                    MonthText(m.start) + " has ServiceRequestID " + id +
                    " (rejected rows are not kept: mhds reconcile SUBMISSION shows rejections)";
      line.action = "Add the referral and its contacts to a resubmission of the month.";
      return;
    }
    if (!derive::InIpsCohort(*r, codes)) {
      line.reason = Reason::kNotIpsReferral;
      line.detail = "team " + r->team +
                    " is not an IPS team and no direct contact carries an "
                    "IPS procedure";
      if (r->received < codes.cohort_start()) line.detail += "; received before the cohort starts";
      line.action =
          "If this is an IPS referral, record it against a D05 team (or add one in "
          "MHS102OtherServiceType), or record the IPS procedure on its direct contacts.";
      return;
    }
    auto before_it = first_before.find(r->uniq_serv_req_id);
    if (before_it != first_before.end()) {
      const bool same_year =
          derive::MonthOf(before_it->second, before_it->second).financial_year == m.financial_year;
      line.reason =
          same_year ? Reason::kFirstContactEarlierMonth : Reason::kFirstContactEarlierYear;
      line.detail = "its first direct contact was on " + FormatDate(before_it->second) +
                    ", recorded in " + MonthText(before_it->second) +
                    "; a referral is accessed once, in the month of its first direct contact";
      line.action = "It was counted in " + MonthText(before_it->second) +
                    ": take it out of this month's list of first contacts.";
      return;
    }
    std::vector<const derive::ContactRecord*> contacts;
    for (const derive::ContactRecord& c : now.contacts) {
      if (c.uniq_serv_req_id == r->uniq_serv_req_id) contacts.push_back(&c);
    }
    if (contacts.empty()) {
      line.reason = Reason::kNoContact;
      line.detail = "no accepted contact of this referral is in the month's MHS201CareContact";
      line.action = "Submit the first contact with its date, attendance and mechanism.";
      return;
    }
    bool attended = false;
    line.detail = "no direct contact counts:";
    for (const derive::ContactRecord* c : contacts) {
      const bool c_attended = codes.IsDirectContact(c->attend_status, "01");
      attended = attended || c_attended;
      line.detail +=
          " " + c->uniq_care_cont_id + " on " + FormatDate(c->date) + " attendance " +
          (c->attend_status.empty() ? "blank" : c->attend_status) + ", mechanism " +
          (c->mechanism.empty() ? "blank" : c->mechanism) +
          (c->direct ? " (direct, but no IPS procedure on a procedure-only referral)" : "") + ";";
    }
    line.detail.pop_back();
    line.reason = attended ? Reason::kContactNotDirect : Reason::kContactNotAttended;
    line.action = attended ? "Only face to face, telephone, talk type and video contacts count."
                           : "Only attended contacts (5, 6) count.";
  };
  Reconciliation out = Lines(local, national, explain,
                             "Counted by both; the waiting-time bands use the submitted date.");
  out.provider = now.provider;
  out.period = MonthText(m.start);
  return out;
}

Result<Reconciliation> ReconcileEnteringTreatment(
    const derive::TtMonthRecords& month, const std::vector<const derive::TtMonthRecords*>& earlier,
    const std::vector<derive::RecordedTtSubmission>& superseded, const LocalList& local,
    const derive::TtSettings& settings) {
  const derive::ReportingMonth& m = month.month;
  std::vector<const derive::TtMonthRecords*> newest_first = earlier;
  std::sort(newest_first.begin(), newest_first.end(),
            [](const auto* a, const auto* b) { return a->month.start > b->month.start; });
  auto pathways_of = [&](const derive::TtMonthRecords& records) {
    derive::TtPathwayBuilder builder(settings, m.start, m.end);
    builder.AddMonth(records);
    for (const derive::TtMonthRecords* e : newest_first) builder.AddEarlier(*e);
    return builder.Finish().pathways;
  };
  auto entering = [&](const std::vector<derive::TtPathway>& pathways) {
    std::map<std::string, int64_t> out;
    for (const derive::TtPathway& p : pathways) {
      if (!p.treatment_dates.empty() && p.treatment_dates.front() >= m.start &&
          p.treatment_dates.front() <= m.end) {
        out[p.service_request_id] = p.treatment_dates.front();
      }
    }
    return out;
  };
  const std::vector<derive::TtPathway> pathways = pathways_of(month);
  const std::map<std::string, int64_t> national = entering(pathways);

  auto explain = [&](const std::string& id, ReconcileLine& line) {
    for (const derive::RecordedTtSubmission& old : superseded) {
      auto counted = entering(pathways_of(old.records));
      if (!counted.contains(id)) continue;
      line.reason = Reason::kReplacedByResubmission;
      line.detail = RecordedText(old.entry) + " counted it, first treatment on " +
                    FormatDate(counted[id]) +
                    "; a later submission of the month replaced it, and only the latest counts";
      line.action = "Send the pathway and its treatment appointment again in a resubmission of " +
                    MonthText(m.start) + " (a resubmission replaces the whole month).";
      return;
    }
    auto p = std::find_if(pathways.begin(), pathways.end(),
                          [&](const derive::TtPathway& x) { return x.service_request_id == id; });
    if (p == pathways.end()) {
      line.reason = Reason::kNotInSubmission;
      line.detail = "no accepted IDS101Referral row of " + MonthText(m.start) +
                    " has ServiceRequestId " + id + " (a rejected row is not counted)";
      line.action = "Send the referral (an open pathway is sent every month) and resubmit.";
      return;
    }
    if (!p->treatment_dates.empty() && p->treatment_dates.front() < m.start) {
      line.reason = Reason::kEnteredTreatmentEarlier;
      line.detail = "its first treatment appointment was on " +
                    FormatDate(p->treatment_dates.front()) +
                    "; a pathway enters treatment once, in the month of its first treatment";
      line.action = "It was counted in " + MonthText(p->treatment_dates.front()) +
                    ": take it out of this month's list.";
      return;
    }
    // The month's own contacts of the pathway, to say why none is a treatment appointment.
    bool any = false;
    bool attended = false;
    line.detail = "no treatment appointment up to " + FormatDate(m.end) + ":";
    for (const derive::TtContactRecord& c : month.contacts) {
      if (c.service_request_id != id) continue;
      any = true;
      const bool c_attended =
          std::find(settings.attended_codes.begin(), settings.attended_codes.end(), c.attendance) !=
          settings.attended_codes.end();
      attended = attended || c_attended;
      line.detail += " " + c.care_contact_id + " on " + FormatDate(c.date) + " attendance " +
                     (c.attendance.empty() ? "blank" : c.attendance) + ", AppType " +
                     (c.app_type.empty() ? "blank" : c.app_type) + ";";
    }
    line.detail.pop_back();
    if (!any) {
      line.reason = Reason::kNoContact;
      line.detail = "no accepted care contact of this pathway up to " + FormatDate(m.end);
      line.action = "Submit the treatment appointment in IDS201CareContact and resubmit.";
    } else if (!attended) {
      line.reason = Reason::kContactNotAttended;
      line.action =
          "An appointment counts as treatment only when attended (AttendOrDNACode 5 "
          "or 6).";
    } else {
      line.reason = Reason::kNoTreatment;
      line.action =
          "Assessment appointments do not start treatment: if the appointment was "
          "treatment, correct its AppType and resubmit.";
    }
  };
  Reconciliation out = Lines(local, national, explain,
                             "Counted by both; the waits to treatment use the submitted date.");
  out.measure = "Talking Therapies pathways entering treatment";
  out.provider = month.provider;
  out.period = MonthText(m.start);
  return out;
}

}  // namespace mhds::extract
