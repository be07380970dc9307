// The Talking Therapies key measures of one month (metrics.md B.2), counted from the month's
// pathways, for the provider and for each commissioner. Each pathway counts at most once in each
// measure. The outcome flags (caseness, recovery, reliable change) are derived here from the
// paired PHQ-9 and GAD-7 scores; the choices where NHS England's definitions are not written down
// are listed in docs/metrics.md.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/derive/tt_pathways.h"
#include "mhds/derive/tt_settings.h"

namespace mhds::derive {

enum class TtMeasure {
  kReferralsReceived,
  kEnteredTreatment,
  kEnteredWithin6Weeks,
  kEnteredWithin18Weeks,
  kWaitUnder29Days,
  kWait29To56Days,
  kWait57To90Days,
  kWaitOver90Days,
  kWaitingForTreatment,
  kEndedReferrals,
  kEndedBeforeTreatment,
  kEndedTreatedOnce,
  kFinishedCourse,
  kFinishedWithin6Weeks,
  kFinishedWithin18Weeks,
  kNotAtCaseness,
  kRecovered,
  kReliableImprovement,
  kReliableDeterioration,
  kReliableRecovery,
  kAppointments,
};
constexpr size_t kTtMeasureCount = 21;

struct TtMeasureInfo {
  TtMeasure measure;
  std::string_view name;         // the column name used in CSV and JSON
  std::string_view meta;         // NHS England's measure code (IAPT monthly metadata)
  std::string_view description;  // one line for the terminal and the JSON
};

// Every count, in output order.
const std::array<TtMeasureInfo, kTtMeasureCount>& TtMeasures();

// A published rate: numerator / (denominator - minus) as a percentage.
struct TtRateInfo {
  std::string_view name;
  std::string_view meta;
  TtMeasure numerator;
  TtMeasure denominator;
  std::optional<TtMeasure> minus;
};

// Every rate, in output order.
const std::vector<TtRateInfo>& TtRates();

// Outcome flags of one pathway's scores.
bool AtCaseness(const PairedScores& s, const TtSettings& settings);
// Reliable improvement: a reliable fall on at least one measure and no reliable rise on the other.
bool ReliablyImproved(const PairedScores& first, const PairedScores& last,
                      const TtSettings& settings);
// Reliable deterioration: a reliable rise on at least one measure and no reliable fall on the
// other.
bool ReliablyDeteriorated(const PairedScores& first, const PairedScores& last,
                          const TtSettings& settings);

struct TtFigures {
  std::string level;         // "provider" or "commissioner"
  std::string commissioner;  // OrgIDComm ("" at provider level)
  std::array<uint64_t, kTtMeasureCount> counts{};
  std::map<std::string, uint64_t> appointments_by_attendance;  // AttendOrDNACode -> contacts
  std::map<std::string, uint64_t> endings_by_end_code;         // EndCode -> ended referrals

  uint64_t count(TtMeasure m) const { return counts[static_cast<size_t>(m)]; }
};

// One provider row, then one row per commissioner in code order.
std::vector<TtFigures> CountTtMeasures(const std::vector<TtPathway>& pathways,
                                       const TtSettings& settings, int64_t period_start,
                                       int64_t period_end);

}  // namespace mhds::derive
