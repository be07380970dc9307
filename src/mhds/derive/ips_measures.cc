#include "mhds/derive/ips_measures.h"

#include <map>

#include "mhds/base/calendar.h"

namespace mhds::derive {
namespace {

using M = IpsMeasure;

void Add(IpsFigures& f, M m) { ++f.counts[static_cast<size_t>(m)]; }

void AddUp(IpsFigures& f, M m, uint64_t n) { f.counts[static_cast<size_t>(m)] += n; }

// Adds one referral to `f` (metrics.md A.6; days are plain calendar differences).
void CountReferral(const IpsReferral& r, const ReportingMonth& month, IpsFigures& f) {
  ++f.referrals;
  if (r.received >= month.start && r.received <= month.end) Add(f, M::kNewReferrals);
  if (r.discharged && *r.discharged >= month.start && *r.discharged <= month.end) {
    Add(f, M::kClosedReferrals);
  }
  if (!r.discharged || *r.discharged > month.end) Add(f, M::kOpenReferrals);
  const std::optional<int64_t>& first = r.contacts.first_date;
  if (!r.discharged && first && *first <= month.end) Add(f, M::kCaseload);
  if (first) {
    // Within one submission the referral's first direct contact seen is always in this month.
    Add(f, M::kAccessedFirstTimeEver);
    int64_t wait = *first - r.received;
    Add(f, wait <= 7 ? M::kSeenIn7 : wait <= 30 ? M::kSeenIn8To30 : M::kSeenInOver30);
  }
  AddUp(f, M::kTotalContacts, r.contacts.total);
  AddUp(f, M::kTotalContactsF2F, r.contacts.face_to_face);
  AddUp(f, M::kTotalContactsTelephone, r.contacts.telephone);
  AddUp(f, M::kTotalContactsVideo, r.contacts.video);
  if (r.discharged) {
    int64_t length = *r.discharged - r.received;
    Add(f, length <= 90    ? M::kLengthOfReferral0To90
           : length <= 180 ? M::kLengthOfReferral91To180
                           : M::kLengthOfReferralOver180);
  }
}

}  // namespace

const std::array<IpsMeasureInfo, kIpsMeasureCount>& IpsMeasures() {
  static const std::array<IpsMeasureInfo, kIpsMeasureCount> kMeasures = {{
      {M::kNewReferrals, "NewReferrals", "referrals received in the month", std::nullopt},
      {M::kClosedReferrals, "ClosedReferrals", "referrals discharged in the month", std::nullopt},
      {M::kOpenReferrals, "OpenReferrals", "referrals open at the month end", std::nullopt},
      {M::kCaseload, "Caseload", "open referrals with a first direct contact by the month end",
       M::kOpenReferrals},
      {M::kAccessedFirstTimeEver, "AccessedFirstTimeEver", "first-ever direct contact in the month",
       std::nullopt},
      {M::kSeenIn7, "SeenIn7", "first contact 0-7 days after referral", M::kAccessedFirstTimeEver},
      {M::kSeenIn8To30, "SeenIn8To30", "first contact 8-30 days after referral",
       M::kAccessedFirstTimeEver},
      {M::kSeenInOver30, "SeenInOver30", "first contact over 30 days after referral",
       M::kAccessedFirstTimeEver},
      {M::kTotalContacts, "TotalContacts", "direct contacts in the month", std::nullopt},
      {M::kTotalContactsF2F, "TotalContactsF2F", "face to face (01)", M::kTotalContacts},
      {M::kTotalContactsTelephone, "TotalContactsTelephone", "telephone or talk type (02, 04)",
       M::kTotalContacts},
      {M::kTotalContactsVideo, "TotalContactsVideo", "video (11)", M::kTotalContacts},
      {M::kLengthOfReferral0To90, "LengthOfReferral0To90", "discharged, 0-90 days long",
       M::kClosedReferrals},
      {M::kLengthOfReferral91To180, "LengthOfReferral91To180", "discharged, 91-180 days long",
       M::kClosedReferrals},
      {M::kLengthOfReferralOver180, "LengthOfReferralOver180", "discharged, over 180 days long",
       M::kClosedReferrals},
      {M::kAccessedInFinancialYear, "AccessedInFinancialYear",
       "first direct contact of the financial year in the month", std::nullopt},
      {M::kAccessedInFinancialYearToDate, "AccessedInFinancialYearToDate",
       "Core Data Pack CDP_I01: first in the financial year, April to this month", std::nullopt},
      {M::kClosedReferralsWhoAccessed, "ClosedReferralsWhoAccessed",
       "discharged, with a first direct contact", std::nullopt},
      {M::kTimeInCaseload0To90, "TimeInCaseload0To90", "first contact to discharge 0-90 days",
       M::kClosedReferralsWhoAccessed},
      {M::kTimeInCaseload91To180, "TimeInCaseload91To180", "first contact to discharge 91-180 days",
       M::kClosedReferralsWhoAccessed},
      {M::kTimeInCaseloadOver180, "TimeInCaseloadOver180",
       "first contact to discharge over 180 days", M::kClosedReferralsWhoAccessed},
      {M::kEmployedAtDischarge, "EmployedAtDischarge", "discharged, last status employed",
       M::kClosedReferrals},
      {M::kNotEmployedAtDischarge, "NotEmployedAtDischarge", "discharged, last status not employed",
       M::kClosedReferrals},
      {M::kEmploymentUnknownAtDischarge, "EmploymentUnknownAtDischarge",
       "discharged, last status not known", M::kClosedReferrals},
  }};
  return kMeasures;
}

ReportingMonth MonthOf(int64_t start, int64_t end) {
  ReportingMonth month;
  month.start = start;
  month.end = end;
  std::string day = FormatDate(start);  // CCYY-MM-DD
  int year = std::stoi(day.substr(0, 4));
  int mon = std::stoi(day.substr(5, 2));
  month.uniq_month_id = 12 * (year - 1900) + mon - 3;
  int fy_start = mon >= 4 ? year : year - 1;
  std::string next = std::to_string((fy_start + 1) % 100);
  if (next.size() < 2) next.insert(0, "0");
  month.financial_year = std::to_string(fy_start) + "/" + next;
  return month;
}

std::vector<IpsFigures> CountIpsMeasures(const IpsCohort& cohort, const ReportingMonth& month) {
  IpsFigures provider;
  provider.level = "provider";
  std::map<std::string, IpsFigures> teams;
  for (const IpsReferral& r : cohort.referrals) {
    CountReferral(r, month, provider);
    IpsFigures& team = teams[r.team];
    team.level = "team";
    team.team = r.team;
    CountReferral(r, month, team);
  }
  std::vector<IpsFigures> rows;
  rows.push_back(std::move(provider));
  for (auto& [id, figures] : teams) rows.push_back(std::move(figures));
  return rows;
}

}  // namespace mhds::derive
