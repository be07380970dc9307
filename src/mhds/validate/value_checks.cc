#include "mhds/validate/value_checks.h"

#include <cstring>
#include <initializer_list>

#include "mhds/base/calendar.h"
#include "mhds/base/text.h"

namespace mhds::validate {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsAlpha(char c) { return IsUpper(c) || (c >= 'a' && c <= 'z'); }

bool IsAscii(std::string_view s) {
  uint64_t high = 0;
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    high |= word;
  }
  for (; i < s.size(); ++i) high |= static_cast<unsigned char>(s[i]);
  return (high & 0x8080808080808080u) == 0;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

bool CharsetAndLength(std::string_view value, const spec::Format& format) {
  using Charset = spec::Format::Charset;
  switch (format.charset) {
    case Charset::kAny: {
      // A character is one to four bytes: too few bytes is too few characters, and in ASCII
      // text (nearly every value) bytes are characters.
      if (value.size() < format.min_length) return false;
      if (value.size() <= format.max_length && IsAscii(value)) return true;
      size_t length = Utf8Length(value);
      return length >= format.min_length && length <= format.max_length;
    }
    case Charset::kDigits:
      return AllDigits(value) && value.size() >= format.min_length &&
             value.size() <= format.max_length;
    case Charset::kDecimal: {
      std::string_view v = value;
      if (!v.empty() && v.front() == '-') v.remove_prefix(1);
      size_t dot = v.find('.');
      std::string_view whole = v.substr(0, dot);
      std::string_view fraction = dot == std::string_view::npos ? "" : v.substr(dot + 1);
      if (!AllDigits(whole) || whole.size() > format.max_length) return false;
      if (dot != std::string_view::npos &&
          (!AllDigits(fraction) || fraction.size() > format.max_fraction)) {
        return false;
      }
      return true;
    }
  }
  return false;
}

// ICD-10: a letter, two digits, then optionally a dot and up to 4 more characters (5th-character
// extensions such as D or A) or the same without the dot.
bool IsIcd10(std::string_view v) {
  if (v.size() < 3 || v.size() > 8 || !IsAlpha(v[0]) || !IsDigit(v[1]) || !IsDigit(v[2]))
    return false;
  std::string_view rest = v.substr(3);
  if (!rest.empty() && rest.front() == '.') rest.remove_prefix(1);
  if (rest.size() > 4) return false;
  for (char c : rest) {
    if (!IsDigit(c) && !IsAlpha(c) && c != '-') return false;
  }
  return true;
}

// Read v2 and CTV3 codes are five characters of letters, digits and dots.
bool IsReadCode(std::string_view v) {
  if (v.size() != 5) return false;
  for (char c : v) {
    if (!IsDigit(c) && !IsAlpha(c) && c != '.') return false;
  }
  return true;
}

// OPCS-4: a letter and two or three digits, optionally with a dot before the fourth character.
bool IsOpcs4(std::string_view v) {
  if (v.size() < 3 || !IsAlpha(v[0]) || !IsDigit(v[1]) || !IsDigit(v[2])) return false;
  std::string_view rest = v.substr(3);
  if (!rest.empty() && rest.front() == '.') rest.remove_prefix(1);
  return rest.empty() || (rest.size() == 1 && IsDigit(rest[0]));
}

}  // namespace

bool MatchesType(std::string_view value, spec::ValueType type) {
  using spec::ValueType;
  switch (type) {
    case ValueType::kText:
      return true;
    case ValueType::kDate:
      return ParseDate(value).has_value();
    case ValueType::kTime:
      return ParseTime(value).has_value();
    case ValueType::kDateTime:
      return ParseDateTime(value).has_value();
    case ValueType::kInteger:
      return AllDigits(value);
    case ValueType::kDecimal: {
      spec::Format any_decimal;
      any_decimal.charset = spec::Format::Charset::kDecimal;
      any_decimal.max_fraction = UINT32_MAX;
      return CharsetAndLength(value, any_decimal);
    }
    case ValueType::kNhsNumber:
      return value.size() == 10 && AllDigits(value);
    case ValueType::kSnomed:
      return IsSnomedCtId(value);
    case ValueType::kPostcode:
      return IsPostcodeShape(value);
    case ValueType::kIcd10:
      return IsIcd10(value);
    case ValueType::kRead2:
    case ValueType::kCtv3:
      return IsReadCode(value);
    case ValueType::kOpcs4:
      return IsOpcs4(value);
  }
  return false;
}

bool MatchesCharsetAndLength(std::string_view value, const spec::Format& format) {
  return CharsetAndLength(value, format);
}

bool MatchesFormat(std::string_view value, const spec::Format& format, spec::ValueType type) {
  return CharsetAndLength(value, format) && MatchesType(value, type);
}

bool PassesModulus11(std::string_view n) {
  if (n.size() != 10 || !AllDigits(n)) return false;
  int sum = 0;
  for (int i = 0; i < 9; ++i) sum += (n[i] - '0') * (10 - i);
  int check = 11 - sum % 11;
  if (check == 11) check = 0;
  if (check == 10) return false;
  return check == n[9] - '0';
}

bool IsDisallowedNhsNumber(std::string_view n) {
  if (n.size() != 10) return false;
  for (char c : n) {
    if (c != n[0]) return false;
  }
  return true;
}

bool PassesVerhoeff(std::string_view digits) {
  static constexpr uint8_t kD[10][10] = {
      {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
      {2, 3, 4, 0, 1, 7, 8, 9, 5, 6}, {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
      {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
      {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
      {8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
  static constexpr uint8_t kP[8][10] = {
      {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
      {5, 8, 0, 3, 7, 9, 6, 1, 4, 2}, {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
      {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
      {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};
  if (!AllDigits(digits)) return false;
  int c = 0;
  size_t n = digits.size();
  for (size_t i = 0; i < n; ++i) {
    c = kD[c][kP[i % 8][digits[n - 1 - i] - '0']];
  }
  return c == 0;
}

bool IsSnomedCtId(std::string_view v) {
  if (v.size() < 6 || v.size() > 18 || !AllDigits(v) || v[0] == '0') return false;
  // The partition identifier is the second and third digits from the right: 00, 01, 02 for
  // short-format ids, 10, 11, 12 for extension ids.
  char kind = v[v.size() - 3];
  char part = v[v.size() - 2];
  if ((kind != '0' && kind != '1') || part < '0' || part > '2') return false;
  return PassesVerhoeff(v);
}

bool IsPostcodeShape(std::string_view v) {
  // Outward code of two to four characters, one space, inward code of three (digit, letter,
  // letter): six to eight bytes with the space fourth from the end. A space earlier is not a
  // letter or digit of the outward shape below, so it fails there.
  if (v.size() < 6 || v.size() > 8 || v[v.size() - 4] != ' ') return false;
  const size_t out = v.size() - 4;
  if (!IsDigit(v[out + 1]) || !IsUpper(v[out + 2]) || !IsUpper(v[out + 3])) return false;
  // The outward shape as a number in base 3, a character at a time: 2 a capital letter ('A'),
  // 1 a digit ('9'), 0 anything else. The shapes allowed are A9, A99, AA9, AA99, A9A, AA9A.
  unsigned shape = 0;
  for (size_t i = 0; i < out; ++i) {
    shape = shape * 3 + (IsUpper(v[i]) ? 2u : IsDigit(v[i]) ? 1u : 0u);
  }
  constexpr unsigned kA = 2, k9 = 1;
  constexpr auto Shape = [](std::initializer_list<unsigned> chars) {
    unsigned n = 0;
    for (unsigned c : chars) n = n * 3 + c;
    return n;
  };
  switch (out) {
    case 2:
      return shape == Shape({kA, k9});
    case 3:
      return shape == Shape({kA, k9, k9}) || shape == Shape({kA, kA, k9}) ||
             shape == Shape({kA, k9, kA});
    default:  // 4
      return shape == Shape({kA, kA, k9, k9}) || shape == Shape({kA, kA, k9, kA});
  }
}

std::optional<int64_t> OrderedValue(std::string_view value, spec::ValueType type) {
  using spec::ValueType;
  switch (type) {
    case ValueType::kDate:
      return ParseDate(value);
    case ValueType::kDateTime:
      return ParseDateTime(value);
    case ValueType::kTime:
      return ParseTime(value);
    case ValueType::kInteger: {
      if (!AllDigits(value) || value.size() > 18) return std::nullopt;
      int64_t n = 0;
      for (char c : value) n = n * 10 + (c - '0');
      return n;
    }
    default:
      return std::nullopt;
  }
}

}  // namespace mhds::validate
