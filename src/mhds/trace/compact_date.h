// CCYYMMDD dates, as the batch trace files write them, checked against the real calendar.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "mhds/trace/person.h"

namespace mhds::trace {

// Parses exactly eight digits CCYYMMDD naming a calendar day from 1800 on. nullopt otherwise.
std::optional<CompactDate> ParseCompactDate(std::string_view text);

// "19900101", or "" for 0.
std::string FormatCompactDate(CompactDate date);

// The date with day and month exchanged (19900305 -> 19900503), or 0 if that is not a calendar
// day or is the same date.
CompactDate SwapDayAndMonth(CompactDate date);

}  // namespace mhds::trace
