// Format: a data item's TOS format ("an10", "max an20", "min an3 max an5", "n10", "max n4.2")
// together with its value type (date, time, NHS Number, SNOMED CT ...). Parsed once from the
// specification; values are checked against it by validate/value_checks.h.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "mhds/base/result.h"

namespace mhds::spec {

enum class ValueType {
  kText,
  kDate,       // CCYY-MM-DD
  kTime,       // hh:mm:ss
  kDateTime,   // CCYY-MM-DDThh:mm:ss
  kInteger,    // digits
  kDecimal,    // digits with an optional fraction and sign
  kNhsNumber,  // 10 digits
  kSnomed,     // SNOMED CT identifier
  kPostcode,   // UK postcode shape
  kIcd10,      // ICD-10 code (only as a scheme_format target)
  kRead2,      // Read v2 code
  kCtv3,       // Clinical Terms Version 3 code
  kOpcs4,      // OPCS-4 procedure code
};

// Parses a type name of items.csv ("date", "snomed" ...). nullopt-like failure as Status.
Result<ValueType> ParseValueType(std::string_view name);
std::string_view ValueTypeName(ValueType type);

// A date, a time or a date and time: a value that lies on a time line.
inline bool IsTimed(ValueType type) {
  return type == ValueType::kDate || type == ValueType::kDateTime || type == ValueType::kTime;
}

struct Format {
  enum class Charset { kAny, kDigits, kDecimal };
  Charset charset = Charset::kAny;
  uint32_t min_length = 0;  // characters (code points); for kDecimal, integer digits
  uint32_t max_length = UINT32_MAX;
  uint32_t max_fraction = 0;  // kDecimal only
  std::string text;           // as written in the specification
};

// Parses the TOS grammar documented in docs/spec_format.md. A blank text means "any length".
Result<Format> ParseFormat(std::string_view text);

}  // namespace mhds::spec
