#include "mhds/derive/tt_measures.h"

namespace mhds::derive {
namespace {

using TM = TtMeasure;

bool InPeriod(std::optional<int64_t> day, int64_t start, int64_t end) {
  return day && *day >= start && *day <= end;
}

void Add(TtFigures& f, TM m) { ++f.counts[static_cast<size_t>(m)]; }

// Counts one pathway into `f`.
void CountPathway(const TtPathway& p, const TtSettings& s, int64_t start, int64_t end,
                  TtFigures& f) {
  std::optional<int64_t> first_treatment;
  if (!p.treatment_dates.empty()) first_treatment = p.treatment_dates.front();
  std::optional<int64_t> wait;
  if (first_treatment) wait = *first_treatment - p.received;

  if (InPeriod(p.received, start, end)) Add(f, TM::kReferralsReceived);
  if (InPeriod(first_treatment, start, end)) {
    Add(f, TM::kEnteredTreatment);
    if (*wait <= s.wait_6_weeks_days) Add(f, TM::kEnteredWithin6Weeks);
    if (*wait <= s.wait_18_weeks_days) Add(f, TM::kEnteredWithin18Weeks);
    const auto& bands = s.wait_band_upper_days;
    if (*wait <= bands[0]) {
      Add(f, TM::kWaitUnder29Days);
    } else if (*wait <= bands[1]) {
      Add(f, TM::kWait29To56Days);
    } else if (*wait <= bands[2]) {
      Add(f, TM::kWait57To90Days);
    } else {
      Add(f, TM::kWaitOver90Days);
    }
  }
  const bool open_at_end = !p.discharged || *p.discharged > end;
  if (p.received <= end && open_at_end && !first_treatment) Add(f, TM::kWaitingForTreatment);

  for (const auto& [code, n] : p.appointments_in_period) {
    f.counts[static_cast<size_t>(TM::kAppointments)] += n;
    f.appointments_by_attendance[code] += n;
  }

  if (!InPeriod(p.discharged, start, end)) return;
  Add(f, TM::kEndedReferrals);
  ++f.endings_by_end_code[p.end_code.empty() ? "(blank)" : p.end_code];
  if (p.treatment_dates.empty()) Add(f, TM::kEndedBeforeTreatment);
  if (p.treatment_dates.size() == 1) Add(f, TM::kEndedTreatedOnce);
  // A finished course has at least one treatment, whatever the settings say (a wait needs one).
  if (p.treatment_dates.empty() || p.treatment_dates.size() < s.finished_course_treatments) return;

  Add(f, TM::kFinishedCourse);
  if (*wait <= s.wait_6_weeks_days) Add(f, TM::kFinishedWithin6Weeks);
  if (*wait <= s.wait_18_weeks_days) Add(f, TM::kFinishedWithin18Weeks);
  // Without a paired score a finisher has no outcome flags: it stays in the recovery denominator
  // (finished minus not at caseness), as a pathway without the national flags would.
  if (!p.first_scores) return;
  const PairedScores& first = *p.first_scores;
  const PairedScores& last = *p.last_scores;
  const bool at_caseness = AtCaseness(first, s);
  if (!at_caseness) Add(f, TM::kNotAtCaseness);
  const bool recovered = at_caseness && !AtCaseness(last, s);
  const bool improved = ReliablyImproved(first, last, s);
  if (recovered) Add(f, TM::kRecovered);
  if (improved) Add(f, TM::kReliableImprovement);
  if (ReliablyDeteriorated(first, last, s)) Add(f, TM::kReliableDeterioration);
  if (recovered && improved) Add(f, TM::kReliableRecovery);
}

}  // namespace

const std::array<TtMeasureInfo, kTtMeasureCount>& TtMeasures() {
  static const std::array<TtMeasureInfo, kTtMeasureCount> kMeasures = {{
      {TM::kReferralsReceived, "ReferralsReceived", "M001", "referrals received in the month"},
      {TM::kEnteredTreatment, "EnteredTreatment", "M031",
       "first attended treatment appointment in the month"},
      {TM::kEnteredWithin6Weeks, "EnteredTreatmentWithin6Weeks", "M036",
       "entered treatment, at most 6 weeks after referral"},
      {TM::kEnteredWithin18Weeks, "EnteredTreatmentWithin18Weeks", "M037",
       "entered treatment, at most 18 weeks after referral"},
      {TM::kWaitUnder29Days, "EnteredTreatmentWaitUnder29Days", "M032",
       "entered treatment, waited under 29 days"},
      {TM::kWait29To56Days, "EnteredTreatmentWait29To56Days", "M033",
       "entered treatment, waited 29 to 56 days"},
      {TM::kWait57To90Days, "EnteredTreatmentWait57To90Days", "M034",
       "entered treatment, waited 57 to 90 days"},
      {TM::kWaitOver90Days, "EnteredTreatmentWaitOver90Days", "M035",
       "entered treatment, waited over 90 days"},
      {TM::kWaitingForTreatment, "WaitingForTreatment", "M038",
       "open at the month end with no treatment yet"},
      {TM::kEndedReferrals, "EndedReferrals", "M056", "referrals ended in the month"},
      {TM::kEndedBeforeTreatment, "EndedBeforeTreatment", "M153",
       "ended in the month without a treatment appointment"},
      {TM::kEndedTreatedOnce, "EndedTreatedOnce", "M075",
       "ended in the month after one treatment appointment"},
      {TM::kFinishedCourse, "FinishedCourseTreatment", "M076",
       "ended in the month after at least two treatment appointments"},
      {TM::kFinishedWithin6Weeks, "FinishedCourseWaited6Weeks", "M052",
       "finished a course, entered treatment within 6 weeks"},
      {TM::kFinishedWithin18Weeks, "FinishedCourseWaited18Weeks", "M054",
       "finished a course, entered treatment within 18 weeks"},
      {TM::kNotAtCaseness, "NotAtCaseness", "M179",
       "finished a course, below caseness at the first paired scores"},
      {TM::kRecovered, "Recovered", "M191",
       "finished at caseness, below caseness on both at the last paired scores"},
      {TM::kReliableImprovement, "ReliableImprovement", "M185",
       "finished a course with reliable improvement"},
      {TM::kReliableDeterioration, "ReliableDeterioration", "M189",
       "finished a course with reliable deterioration"},
      {TM::kReliableRecovery, "ReliableRecovery", "M193", "recovered and reliably improved"},
      {TM::kAppointments, "Appointments", "M082",
       "care contacts dated in the month, any attendance"},
  }};
  return kMeasures;
}

const std::vector<TtRateInfo>& TtRates() {
  static const std::vector<TtRateInfo> kRates = {
      {"RecoveryRate", "M192", TM::kRecovered, TM::kFinishedCourse, TM::kNotAtCaseness},
      {"ReliableImprovementRate", "M186", TM::kReliableImprovement, TM::kFinishedCourse,
       std::nullopt},
      {"ReliableRecoveryRate", "M195", TM::kReliableRecovery, TM::kFinishedCourse,
       TM::kNotAtCaseness},
      {"FinishedCourseWaited6WeeksRate", "M053", TM::kFinishedWithin6Weeks, TM::kFinishedCourse,
       std::nullopt},
      {"FinishedCourseWaited18WeeksRate", "M055", TM::kFinishedWithin18Weeks, TM::kFinishedCourse,
       std::nullopt},
  };
  return kRates;
}

bool AtCaseness(const PairedScores& s, const TtSettings& settings) {
  return s.phq9 >= settings.phq9.caseness || s.gad7 >= settings.gad7.caseness;
}

bool ReliablyImproved(const PairedScores& first, const PairedScores& last,
                      const TtSettings& settings) {
  const int phq9_fall = first.phq9 - last.phq9;
  const int gad7_fall = first.gad7 - last.gad7;
  const bool phq9_better = phq9_fall >= settings.phq9.reliable_change;
  const bool gad7_better = gad7_fall >= settings.gad7.reliable_change;
  const bool phq9_worse = -phq9_fall >= settings.phq9.reliable_change;
  const bool gad7_worse = -gad7_fall >= settings.gad7.reliable_change;
  return (phq9_better && !gad7_worse) || (gad7_better && !phq9_worse);
}

bool ReliablyDeteriorated(const PairedScores& first, const PairedScores& last,
                          const TtSettings& settings) {
  // The mirror image of reliable improvement: swap the first and last scores.
  return ReliablyImproved(last, first, settings);
}

std::vector<TtFigures> CountTtMeasures(const std::vector<TtPathway>& pathways,
                                       const TtSettings& settings, int64_t period_start,
                                       int64_t period_end) {
  std::vector<TtFigures> out(1);
  out[0].level = "provider";
  std::map<std::string, TtFigures> by_commissioner;
  for (const TtPathway& p : pathways) {
    CountPathway(p, settings, period_start, period_end, out[0]);
    TtFigures& c = by_commissioner[p.commissioner];
    c.level = "commissioner";
    c.commissioner = p.commissioner;
    CountPathway(p, settings, period_start, period_end, c);
  }
  for (auto& [code, figures] : by_commissioner) out.push_back(std::move(figures));
  return out;
}

}  // namespace mhds::derive
