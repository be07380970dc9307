// ValueTransform: how one local value becomes the national value of a data set item, as the
// mapping file describes it (docs/mapping_format.md). The steps run in a fixed order:
//
//   1. delete the characters of `remove`, then trim spaces (unless trim is off), then upper case;
//   2. a value left blank becomes `default_value` (or stays blank) and no later step runs;
//   3. a date pattern reads the value and writes the part the item needs (date, time or both),
//      or a code map translates a local label into a national code;
//   4. padding widens the result to its width.
//
// A step that cannot apply fails with a reason that never quotes the value, because values are
// patient data and reasons go to logs ("not a DD/MM/YYYY date").
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "mhds/base/result.h"
#include "mhds/mapping/date_pattern.h"
#include "mhds/spec/format.h"

namespace mhds::mapping {

// What a code map does with a label it does not list.
enum class Unmapped {
  kError,  // the value fails (counted and reported; written blank)
  kBlank,  // the value becomes blank
  kKeep,   // the value is written as it is (already a national code)
};

struct CodeMap {
  std::string name;  // as in [codes.NAME], or "ITEM" for a map written inline
  // Local label, trimmed and lower-cased, to national code. Labels match ignoring case.
  std::unordered_map<std::string, std::string> codes;
  Unmapped unmapped = Unmapped::kError;
};

struct Padding {
  size_t width = 0;  // 0: no padding
  char fill = '0';
  bool left = true;
};

struct ValueTransform {
  std::string remove;  // characters deleted wherever they appear
  bool trim = true;
  bool upper = false;
  std::optional<std::string> default_value;  // for a blank value
  std::optional<DatePattern> date;
  // What a date pattern writes: kDate (CCYY-MM-DD), kTime (hh:mm:ss) or kDateTime
  // (CCYY-MM-DDThh:mm:ss). Set from the item's type when the mapping is checked.
  spec::ValueType date_output = spec::ValueType::kDate;
  std::shared_ptr<const CodeMap> codes;
  Padding pad;
  // Two-digit years resolve to the latest year not after this one (the reporting period's).
  int latest_year = 2099;
};

// Applies `transform` to `value`. The national value (possibly blank), or kDataError whose
// message is the reason, without the value.
Result<std::string> ApplyTransform(const ValueTransform& transform, std::string_view value);

}  // namespace mhds::mapping
