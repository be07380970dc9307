#include "mhds/extract/reconcile.h"

#include <algorithm>
#include <set>

#include "mhds/base/calendar.h"
#include "mhds/base/status_macros.h"
#include "mhds/derive/accepted_rows.h"
#include "mhds/derive/contact_flags.h"
#include "mhds/derive/ips_referrals.h"
#include "mhds/extract/referral_facts.h"
#include "mhds/report/finding_text.h"

namespace mhds::extract {
namespace {

// Financial years start in April (metrics.md: the Core Data Pack's year to date).
constexpr int kFinancialYearFirstMonth = 4;

int FinancialYearOf(int64_t day) {
  std::string date = FormatDate(day);  // CCYY-MM-DD
  int year = std::stoi(date.substr(0, 4));
  return std::stoi(date.substr(5, 2)) >= kFinancialYearFirstMonth ? year : year - 1;
}

std::string FinancialYearText(int start_year) {
  std::string next = std::to_string((start_year + 1) % 100);
  if (next.size() < 2) next.insert(0, "0");
  return std::to_string(start_year) + "/" + next;
}

// "MHS20168 on MHS201CareContact line 48: <message>", then the root cause when another finding's
// rejection cascaded into this one.
std::string FindingText(const spec::Spec& spec, const validate::ValidationResult& validation,
                        validate::FindingId id, std::string& rule) {
  const validate::Finding* f = report::FindingAt(validation, id);
  if (!f) return "rejected";
  validate::FindingId root_id = report::RootOf(validation, *f);
  const validate::Finding* root = report::FindingAt(validation, root_id);
  if (!root) root = f;
  rule = report::RuleCode(spec, *root);
  std::string text = "rejected by " + std::string(report::RuleCode(spec, *f)) + ": " + f->message;
  if (root != f) {
    text += " Root cause: " + rule + " on " + std::string(report::TableName(spec, root->table)) +
            (root->line ? " line " + std::to_string(root->line) : "") + ": " + root->message;
  }
  return text;
}

std::string TeamText(const TeamFacts& team) {
  return team.id + " (type " + (team.type.empty() ? "not in MHS902" : team.type) + ")";
}

// Why `c` is not a direct contact of this month, as a reason and a phrase.
Reason Classify(const ContactFacts& c, const spec::Spec& spec,
                const validate::ValidationResult& validation, int64_t start, int64_t end,
                std::string& phrase, std::string& rule) {
  std::string head = c.id + " on " + (c.date_text.empty() ? "no date" : c.date_text) + ": ";
  if (c.rejection != validate::kNoFinding) {
    std::string why = FindingText(spec, validation, c.rejection, rule);
    phrase = head + why;
    if (c.date && (*c.date < start || *c.date > end)) return Reason::kContactOutsidePeriod;
    return Reason::kContactRejected;
  }
  // derive's own definition decides: attendance on its own, then the mechanism on its own.
  if (!derive::IsDirectContact(c.attend, "01")) {
    phrase = head + "attendance " + (c.attend.empty() ? "blank" : c.attend) +
             " (only attended contacts, 5 or 6, are direct)";
    return Reason::kContactNotAttended;
  }
  if (!derive::IsDirectContact("5", c.mechanism)) {
    phrase = head + "consultation mechanism " + (c.mechanism.empty() ? "blank" : c.mechanism) +
             " (only face to face, telephone, talk type and video are direct)";
    return Reason::kContactNotDirect;
  }
  phrase = head + "direct, but it carries no IPS procedure and the referral is not to a D05 team";
  return Reason::kContactNotDirect;
}

void ExplainNoDirectContact(const ReferralFacts& facts, const LocalReferral* local,
                            const spec::Spec& spec, const validate::ValidationResult& validation,
                            int64_t start, int64_t end, ReconcileLine& line) {
  if (facts.contacts.empty()) {
    line.reason = Reason::kNoContact;
    line.detail = "no contact of this referral is in the month's MHS201CareContact";
    line.action =
        "Submit the first contact in MHS201CareContact with its date, attendance and "
        "mechanism, then resubmit.";
    return;
  }
  // The contact the provider counts (its date), else the first one.
  const ContactFacts* chosen = &facts.contacts.front();
  for (const ContactFacts& c : facts.contacts) {
    if (local && local->first_contact && c.date == local->first_contact) {
      chosen = &c;
      break;
    }
  }
  std::string rule;
  std::string phrase;
  line.reason = Classify(*chosen, spec, validation, start, end, phrase, rule);
  line.rule = rule;
  line.detail = "no direct contact counts: " + phrase;
  for (const ContactFacts& c : facts.contacts) {
    if (&c == chosen) continue;
    std::string other_rule;
    std::string other;
    Classify(c, spec, validation, start, end, other, other_rule);
    line.detail += "; " + other;
  }
  switch (line.reason) {
    case Reason::kContactOutsidePeriod:
      line.action =
          "Send the contact in the submission of the month it took place in; if its date is "
          "wrong, correct it and resubmit.";
      break;
    case Reason::kContactRejected:
      line.action = "Correct the rejected contact (mhds validate shows the finding) and resubmit.";
      break;
    case Reason::kContactNotAttended:
      line.action =
          "A contact that did not take place does not count: if the person attended, correct "
          "AttendStatus; otherwise count the referral when it has an attended contact.";
      break;
    default:
      line.action =
          "Only face to face, telephone, talk type and video contacts count: if the mechanism is "
          "wrong, correct ConsMechanismMH; otherwise count the referral at its first direct "
          "contact.";
  }
}

void ExplainNotInCohort(const ReferralFacts& facts, ReconcileLine& line) {
  line.reason = Reason::kNotIpsReferral;
  line.detail = "team " + TeamText(facts.team) + " is not an IPS team (D05)";
  if (facts.other_teams.empty()) {
    line.detail += "; no other team in MHS102OtherServiceType";
  } else {
    line.detail += "; other teams in MHS102OtherServiceType:";
    for (const TeamFacts& t : facts.other_teams) line.detail += " " + TeamText(t);
  }
  bool coded = false;
  for (const ContactFacts& c : facts.contacts) {
    if (!c.ips_procedure) continue;
    coded = true;
    line.detail += "; the IPS procedure on " + c.id +
                   " does not count: that contact is not direct or was rejected";
  }
  if (!coded) line.detail += "; no contact carries an IPS procedure code";
  if (facts.received && *facts.received < DaysFromCivil(2016, 1, 1)) {
    line.detail += "; received before 2016, when NHS England's cohort starts";
  }
  line.action =
      "If this is an IPS referral, record it against a team whose ServTeamTypeMH in "
      "MHS902ServiceTeamDetails is D05 (or add that team in MHS102OtherServiceType), or record "
      "the IPS procedure on its direct contacts; otherwise take it out of your IPS count.";
}

std::string RouteText(const derive::IpsReferral& r, const ReferralFacts* facts) {
  if (!r.by_team_type) {
    return "in the IPS cohort by an IPS procedure code on a direct contact only (team " +
           (facts ? TeamText(facts->team) : r.team) + " is not D05)";
  }
  if (facts && facts->team.id != r.team) {
    return "in the IPS cohort through its other team " + r.team +
           " (D05) in MHS102OtherServiceType; its own team is " + TeamText(facts->team);
  }
  return "in the IPS cohort: team " + r.team + " is D05";
}

}  // namespace

std::string_view ReasonCode(Reason reason) {
  switch (reason) {
    case Reason::kMatched:
      return "matched";
    case Reason::kDateDiffers:
      return "first_contact_date_differs";
    case Reason::kNotInSubmission:
      return "referral_not_in_submission";
    case Reason::kReferralRejected:
      return "referral_rejected";
    case Reason::kNotIpsReferral:
      return "not_an_ips_referral";
    case Reason::kNoContact:
      return "no_contact";
    case Reason::kContactRejected:
      return "contact_rejected";
    case Reason::kContactOutsidePeriod:
      return "contact_outside_period";
    case Reason::kContactNotAttended:
      return "contact_not_attended";
    case Reason::kContactNotDirect:
      return "contact_not_direct";
    case Reason::kFirstContactEarlierMonth:
      return "first_contact_in_earlier_month";
    case Reason::kFirstContactEarlierYear:
      return "first_contact_before_this_year";
    case Reason::kNotInLocalList:
      return "not_in_local_list";
    case Reason::kReplacedByResubmission:
      return "replaced_by_resubmission";
    case Reason::kNoTreatment:
      return "no_treatment_appointment";
    case Reason::kEnteredTreatmentEarlier:
      return "entered_treatment_in_earlier_month";
  }
  return "unknown";
}

Status AddEarlierMonth(const spec::Spec& spec, io::TableSource& source,
                       const validate::ValidationResult& validation, History& history) {
  if (validation.file_rejected || !validation.period_start) {
    return Status::InvalidArgument(
        "an earlier submission was rejected as a whole or has no period, so it gives no history");
  }
  std::string period = FormatDate(*validation.period_start).substr(0, 7);
  derive::RejectedRows rejected(validation);
  MHDS_ASSIGN_OR_RETURN(derive::IpsCohort cohort, derive::ReadIpsCohort(spec, source, rejected));
  for (const derive::IpsReferral& r : cohort.referrals) {
    if (!r.contacts.first_date) continue;
    auto [it, added] = history.first_contacts.try_emplace(r.service_request_id);
    if (added || *r.contacts.first_date < it->second.date) {
      it->second = History::FirstContact{*r.contacts.first_date, period};
    }
  }
  MHDS_ASSIGN_OR_RETURN(
      derive::AcceptedRowScan scan,
      derive::AcceptedRowScan::Open(spec, source, rejected, "MHS101", {"ServiceRequestID"}));
  while (scan.Next()) {
    std::string& latest = history.referrals_seen[std::string(scan.value(0))];
    if (period > latest) latest = period;
  }
  return scan.status();
}

Result<Reconciliation> Reconcile(const spec::Spec& spec, io::TableSource& source,
                                 const validate::ValidationResult& validation,
                                 const LocalList& local, const History& history) {
  if (validation.file_rejected) {
    return Status::InvalidArgument(
        "the submission was rejected as a whole, so the national count is nil");
  }
  if (!validation.period_start || !validation.period_end) {
    return Status::InvalidArgument("the submission has no reporting period; give --period");
  }
  const int64_t start = *validation.period_start;
  const int64_t end = *validation.period_end;
  Reconciliation out;
  out.period = FormatDate(start).substr(0, 7);
  derive::RejectedRows rejected(validation);
  MHDS_ASSIGN_OR_RETURN(derive::IpsCohort cohort, derive::ReadIpsCohort(spec, source, rejected));
  MHDS_ASSIGN_OR_RETURN(ReferralFactsIndex facts,
                        ReferralFactsIndex::Read(spec, source, validation));
  {
    MHDS_ASSIGN_OR_RETURN(
        derive::AcceptedRowScan header,
        derive::AcceptedRowScan::Open(spec, source, rejected, "MHS000", {"OrgIDProvider"}));
    if (header.Next()) out.provider = header.value(0);
    MHDS_RETURN_IF_ERROR(header.status());
  }

  std::map<std::string, const LocalReferral*, std::less<>> local_by_id;
  for (const LocalReferral& r : local.referrals) local_by_id[r.id] = &r;
  std::map<std::string, const derive::IpsReferral*, std::less<>> cohort_by_id;
  for (const derive::IpsReferral& r : cohort.referrals) cohort_by_id[r.service_request_id] = &r;
  std::set<std::string, std::less<>> ids;
  for (const auto& [id, r] : local_by_id) ids.insert(id);
  for (const auto& [id, r] : cohort_by_id) ids.insert(id);

  for (const std::string& id : ids) {
    ReconcileLine line;
    line.referral = id;
    auto l = local_by_id.find(id);
    const LocalReferral* mine = l == local_by_id.end() ? nullptr : l->second;
    auto c = cohort_by_id.find(id);
    const derive::IpsReferral* theirs = c == cohort_by_id.end() ? nullptr : c->second;
    const ReferralFacts* f = facts.Find(id);
    auto earlier = history.first_contacts.find(id);
    bool earlier_contact = earlier != history.first_contacts.end() && earlier->second.date < start;
    line.local = mine != nullptr;
    if (mine) line.local_date = mine->first_contact;
    if (theirs) line.national_date = theirs->contacts.first_date;
    line.national = theirs && theirs->contacts.first_date &&
                    *theirs->contacts.first_date >= start && *theirs->contacts.first_date <= end &&
                    !earlier_contact;
    if (!line.local && !line.national) continue;  // neither side counts it
    if (line.local) ++out.local_count;
    if (line.national) ++out.national_count;
    if (line.local && line.national) {
      ++out.matched;
      line.reason = Reason::kMatched;
      if (line.local_date && *line.local_date != *line.national_date) {
        line.reason = Reason::kDateDiffers;
        line.detail = "your first contact is on " + FormatDate(*line.local_date) +
                      "; the first direct contact submitted is on " +
                      FormatDate(*line.national_date);
        line.action =
            "Counted by both, so the figure agrees; the waiting-time bands use the submitted "
            "date: check which contact your dashboard takes as the first.";
      }
    } else if (line.national) {
      line.reason = Reason::kNotInLocalList;
      line.detail =
          RouteText(*theirs, f) + "; first direct contact on " + FormatDate(*line.national_date);
      line.action =
          "NHS England counts it: add it to your list if your dashboard missed it (the national "
          "cohort takes referrals to any D05 team, their own or another in MHS102, and "
          "referrals whose direct contacts carry an IPS procedure code).";
    } else if (!f) {
      line.reason = Reason::kNotInSubmission;
      line.detail = "no MHS101Referral row has ServiceRequestID " + id;
      auto seen = history.referrals_seen.find(id);
      if (seen != history.referrals_seen.end()) {
        line.detail += " (it was in the " + seen->second + " submission)";
      }
      line.action =
          "Add the referral and its contacts to this month's submission (an open referral is "
          "sent every month) and resubmit before the deadline; check the id matches the one "
          "your system submits.";
    } else if (f->rejection != validate::kNoFinding) {
      line.reason = Reason::kReferralRejected;
      line.detail = "MHS101Referral line " + std::to_string(f->line) + " " +
                    FindingText(spec, validation, f->rejection, line.rule);
      line.action =
          "Correct the rejected referral (mhds validate shows the finding and the rows it took "
          "with it) and resubmit.";
    } else if (!theirs) {
      ExplainNotInCohort(*f, line);
    } else if (!theirs->contacts.first_date) {
      ExplainNoDirectContact(*f, mine, spec, validation, start, end, line);
    } else if (earlier_contact) {
      const History::FirstContact& first = earlier->second;
      bool same_year = FinancialYearOf(first.date) == FinancialYearOf(start);
      line.reason =
          same_year ? Reason::kFirstContactEarlierMonth : Reason::kFirstContactEarlierYear;
      line.detail =
          "its first direct contact was on " + FormatDate(first.date) + ", in the " + first.period +
          " submission" +
          (same_year ? ""
                     : " (financial year " + FinancialYearText(FinancialYearOf(first.date)) + ")") +
          "; a referral is accessed once, in the month of its first direct contact";
      line.action = "It was counted in " + first.period +
                    ": take it out of this month's list of first contacts.";
    } else {
      line.reason = Reason::kContactOutsidePeriod;
      line.detail = "its first direct contact, on " + FormatDate(*theirs->contacts.first_date) +
                    ", is outside the reporting month";
      line.action = "Count it in the month of its first direct contact.";
    }
    if (mine && mine->first_contact &&
        (*mine->first_contact < start || *mine->first_contact > end)) {
      line.detail += (line.detail.empty() ? "" : "; ") + std::string("your date ") +
                     FormatDate(*mine->first_contact) + " is outside the reporting month";
    }
    out.lines.push_back(std::move(line));
  }
  return out;
}

}  // namespace mhds::extract
