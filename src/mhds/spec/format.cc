#include "mhds/spec/format.h"

#include <array>
#include <utility>
#include <vector>

#include "mhds/base/text.h"

namespace mhds::spec {
namespace {

constexpr std::array<std::pair<std::string_view, ValueType>, 13> kTypeNames = {{
    {"text", ValueType::kText},
    {"date", ValueType::kDate},
    {"time", ValueType::kTime},
    {"datetime", ValueType::kDateTime},
    {"integer", ValueType::kInteger},
    {"decimal", ValueType::kDecimal},
    {"nhs_number", ValueType::kNhsNumber},
    {"snomed", ValueType::kSnomed},
    {"postcode", ValueType::kPostcode},
    {"icd10", ValueType::kIcd10},
    {"read2", ValueType::kRead2},
    {"ctv3", ValueType::kCtv3},
    {"opcs4", ValueType::kOpcs4},
}};

// Parses "an10", "n10", "n4.2" into charset and numbers.
bool ParseTerm(std::string_view term, Format::Charset* charset, uint32_t* length,
               uint32_t* fraction) {
  if (term.starts_with("an")) {
    *charset = Format::Charset::kAny;
    term.remove_prefix(2);
  } else if (term.starts_with("n")) {
    *charset = Format::Charset::kDigits;
    term.remove_prefix(1);
  } else {
    return false;
  }
  uint32_t value = 0;
  size_t i = 0;
  for (; i < term.size() && term[i] >= '0' && term[i] <= '9'; ++i) {
    value = value * 10 + static_cast<uint32_t>(term[i] - '0');
    if (value > 100000000) return false;
  }
  if (i == 0) return false;
  *length = value;
  *fraction = 0;
  if (i < term.size()) {
    if (term[i] != '.' || *charset != Format::Charset::kDigits || i + 1 >= term.size())
      return false;
    uint32_t frac = 0;
    for (size_t j = i + 1; j < term.size(); ++j) {
      if (term[j] < '0' || term[j] > '9') return false;
      frac = frac * 10 + static_cast<uint32_t>(term[j] - '0');
    }
    *fraction = frac;
    *charset = Format::Charset::kDecimal;
  }
  return true;
}

}  // namespace

Result<ValueType> ParseValueType(std::string_view name) {
  for (const auto& [text, type] : kTypeNames) {
    if (EqualsIgnoreCase(text, Trim(name))) return type;
  }
  return Status::SpecError("unknown type '" + std::string(name) +
                           "'; expected one of text, date, time, datetime, integer, decimal, "
                           "nhs_number, snomed, postcode, icd10, read2, ctv3, opcs4");
}

std::string_view ValueTypeName(ValueType type) {
  for (const auto& [text, t] : kTypeNames) {
    if (t == type) return text;
  }
  return "text";
}

Result<Format> ParseFormat(std::string_view text) {
  Format format;
  format.text = std::string(Trim(text));
  std::vector<std::string> words = SplitTrimmed(ToLower(format.text), ' ');
  std::erase_if(words, [](const std::string& w) { return w.empty(); });
  auto bad = [&] {
    return Status::SpecError("format '" + format.text +
                             "' is not one of anN, max anN, min anM max anN, nN, max nN, "
                             "min nM max nN, max nN.M");
  };
  if (words.empty()) return format;

  size_t i = 0;
  bool has_min = false, has_max = false;
  uint32_t min_len = 0, max_len = 0, min_frac = 0, max_frac = 0;
  Format::Charset min_cs = Format::Charset::kAny, max_cs = Format::Charset::kAny;
  if (words[i] == "min") {
    if (i + 1 >= words.size() || !ParseTerm(words[i + 1], &min_cs, &min_len, &min_frac))
      return bad();
    has_min = true;
    i += 2;
  }
  if (i < words.size() && words[i] == "max") {
    if (i + 1 >= words.size() || !ParseTerm(words[i + 1], &max_cs, &max_len, &max_frac))
      return bad();
    has_max = true;
    i += 2;
  }
  if (!has_min && !has_max) {
    // Exact: "an10" or "n10".
    if (words.size() != 1 || !ParseTerm(words[0], &max_cs, &max_len, &max_frac)) return bad();
    format.charset = max_cs;
    format.min_length = format.charset == Format::Charset::kDecimal ? 1 : max_len;
    format.max_length = max_len;
    format.max_fraction = max_frac;
    return format;
  }
  if (i != words.size()) return bad();
  if (has_min && has_max && min_cs != max_cs) return bad();
  format.charset = has_max ? max_cs : min_cs;
  format.min_length = has_min ? min_len : 1;
  format.max_length = has_max ? max_len : UINT32_MAX;
  format.max_fraction = has_max ? max_frac : min_frac;
  if (format.min_length > format.max_length) return bad();
  return format;
}

}  // namespace mhds::spec
