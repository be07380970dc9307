// The month's Talking Therapies figures as the user sees them: a terminal table, a JSON document
// and a CSV file. With `suppress` (the default for anything published) counts go through the
// small-number rule of suppression.h and rates are taken from the unrounded counts.
#pragma once

#include <string>

#include "mhds/derive/talking_therapies.h"

namespace mhds::derive {

// Measures and rates (rows) by provider and commissioner (columns), then appointments by
// attendance and endings by end code, ending with what was left out.
std::string TtTerminalTable(const TtMonth& month, bool suppress);

// The figures as one JSON document (format in docs/metrics.md).
std::string TtJson(const TtMonth& month, bool suppress);

// One CSV row per figure: provider, period_start, level, commissioner, measure, meta, value,
// percent. Breakdowns are measures named Appointments_Attendance_<code> and
// EndedReferrals_EndCode_<code>. Withheld values read '*'; text cells are escaped.
std::string TtCsv(const TtMonth& month, bool suppress);

}  // namespace mhds::derive
