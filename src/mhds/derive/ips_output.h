// The month's IPS figures as the user sees them: a terminal table, a JSON document and a CSV file.
// With `suppress` (the default for anything published) every count goes through the small-number
// rule of suppression.h; without it the provider sees its own exact counts.
#pragma once

#include <string>

#include "mhds/derive/derive.h"

namespace mhds::derive {

// A table of measures (rows) by provider and team (columns), ending with a line on what was left
// out and the one-file caveat.
std::string IpsTerminalTable(const IpsMonth& month, bool suppress);

// The figures as one JSON document (format in docs/metrics.md).
std::string IpsJson(const IpsMonth& month, bool suppress);

// One CSV row per figure and measure: provider, level, team, measure, value, percent. Withheld
// values read '*'; every text cell is escaped (report/csv_writer.h).
std::string IpsCsv(const IpsMonth& month, bool suppress);

}  // namespace mhds::derive
