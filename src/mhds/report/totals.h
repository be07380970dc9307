// Totals: the counts every report leads with (findings, rejections, warnings, rows), computed once
// from a ValidationResult so that the JSON, HTML and terminal summaries show the same numbers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "mhds/validate/validator.h"

namespace mhds::report {

struct Totals {
  uint64_t findings = 0;
  uint64_t rejections = 0;  // findings that reject (file, record or group)
  uint64_t warnings = 0;    // findings that only warn (warning or severity-1 warning)
  uint64_t rows_received = 0;
  uint64_t rows_accepted = 0;
  uint64_t rows_rejected = 0;
  uint64_t tables_with_rejections = 0;
};

Totals CountTotals(const validate::ValidationResult& result);

// "1 warning", "2 warnings": a count with the word that agrees with it.
std::string Plural(uint64_t n, std::string_view one, std::string_view many);

}  // namespace mhds::report
