// Checks of one value against its item's format and type, and the algorithms behind them:
// NHS Number Modulus 11, SNOMED CT identifiers (Verhoeff check digit), UK postcode shapes and the
// code systems a scheme item can select. Pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "mhds/spec/format.h"

namespace mhds::validate {

// True if `value` (populated) satisfies the length/charset of `format` and the shape of `type`.
bool MatchesFormat(std::string_view value, const spec::Format& format, spec::ValueType type);

// The first half of MatchesFormat: the characters and length the format allows, not the type.
bool MatchesCharsetAndLength(std::string_view value, const spec::Format& format);

// True if `value` has the shape of `type` alone (used by scheme_format, where the scheme decides
// the type and the item's own length limits still apply).
bool MatchesType(std::string_view value, spec::ValueType type);

// 10 digits whose check digit passes Modulus 11.
bool PassesModulus11(std::string_view nhs_number);

// All ten digits the same (0000000000 ... 9999999999): these pass Modulus 11 but are not issued.
bool IsDisallowedNhsNumber(std::string_view nhs_number);

// A SNOMED CT identifier: 6 to 18 digits, no leading zero, a valid partition identifier and a
// correct Verhoeff check digit.
bool IsSnomedCtId(std::string_view value);
bool PassesVerhoeff(std::string_view digits);

// A UK postcode shape: outward code (A9, A99, AA9, AA99, A9A, AA9A), one space, inward code (9AA).
bool IsPostcodeShape(std::string_view value);

// The value as a number on the comparison scale of `type`: days for dates, seconds for date-times
// and times, the integer for integers. nullopt if unreadable or the type is not ordered.
std::optional<int64_t> OrderedValue(std::string_view value, spec::ValueType type);

}  // namespace mhds::validate
