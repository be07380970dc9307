// The IPS dashboard's monthly measures (metrics.md A.6) and the Core Data Pack's year to date
// (A.7), per provider and per team. Each referral counts once in the month (A.9 item 1), under the
// team IpsReferral::team names. CountIpsMeasures counts from one submission's cohort alone ("first
// ever" is first in the file); ips_history.h counts the same measures against the history of
// earlier months.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/derive/ips_referrals.h"

namespace mhds::derive {

enum class IpsMeasure {
  kNewReferrals,
  kClosedReferrals,
  kOpenReferrals,
  kCaseload,
  kAccessedFirstTimeEver,
  kSeenIn7,
  kSeenIn8To30,
  kSeenInOver30,
  kTotalContacts,
  kTotalContactsF2F,
  kTotalContactsTelephone,
  kTotalContactsVideo,
  kLengthOfReferral0To90,
  kLengthOfReferral91To180,
  kLengthOfReferralOver180,
  // Added with the history of earlier months (docs/metrics.md); kept after the first fifteen so
  // that their numbers do not change.
  kAccessedInFinancialYear,
  kAccessedInFinancialYearToDate,
  kClosedReferralsWhoAccessed,
  kTimeInCaseload0To90,
  kTimeInCaseload91To180,
  kTimeInCaseloadOver180,
  kEmployedAtDischarge,
  kNotEmployedAtDischarge,
  kEmploymentUnknownAtDischarge,
};
constexpr size_t kIpsMeasureCount = 24;

struct IpsMeasureInfo {
  IpsMeasure measure;
  std::string_view name;         // the dashboard's column name
  std::string_view description;  // one line for the terminal and the JSON
  // The measure a percentage is taken of (metrics.md A.6 "Denominators"); none for counts that
  // are not shown as a share.
  std::optional<IpsMeasure> denominator;
};

// Every measure, in output order.
const std::array<IpsMeasureInfo, kIpsMeasureCount>& IpsMeasures();

// The reporting month a submission covers.
struct ReportingMonth {
  int64_t start = 0;           // ReportingPeriodStartDate, days since 1970-01-01
  int64_t end = 0;             // ReportingPeriodEndDate
  int uniq_month_id = 0;       // NHS England's month number: 1 = April 1900
  std::string financial_year;  // "2026/27": April to March, from the period start
};

// The ReportingMonth whose period runs from `start` to `end`.
ReportingMonth MonthOf(int64_t start, int64_t end);

struct IpsFigures {
  // "provider", "team", or a breakdown: "commissioner", "age_band", "gender", "ethnicity".
  std::string level;
  std::string team;        // the team local id ("" at other levels)
  std::string group;       // a breakdown's group ("16-25", "2", "Missing / Invalid"); "" otherwise
  uint64_t referrals = 0;  // cohort referrals counted in this row
  std::array<uint64_t, kIpsMeasureCount> counts{};

  uint64_t count(IpsMeasure m) const { return counts[static_cast<size_t>(m)]; }
};

// One provider row, then one row per team in team id order.
std::vector<IpsFigures> CountIpsMeasures(const IpsCohort& cohort, const ReportingMonth& month);

}  // namespace mhds::derive
