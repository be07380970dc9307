#include "mhds/mapping/transform.h"

#include "mhds/base/calendar.h"
#include "mhds/base/status_macros.h"
#include "mhds/base/text.h"

namespace mhds::mapping {
namespace {

std::string TwoDigits(int64_t n) {
  return std::string{static_cast<char>('0' + n / 10), static_cast<char>('0' + n % 10)};
}

std::string FormatTime(int64_t seconds) {
  return TwoDigits(seconds / 3600) + ":" + TwoDigits(seconds / 60 % 60) + ":" +
         TwoDigits(seconds % 60);
}

std::string ToUpper(std::string_view s) {
  std::string upper(s);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return upper;
}

Result<std::string> ApplyDate(const ValueTransform& transform, std::string_view value) {
  const DatePattern& pattern = *transform.date;
  auto parts = pattern.Read(value, transform.latest_year);
  if (!parts) {
    return Status::DataError("not a " + pattern.text() + " " +
                             (pattern.has_date() ? "date" : "time"));
  }
  switch (transform.date_output) {
    case spec::ValueType::kTime:
      if (!parts->seconds) return Status::DataError("holds no time of day");
      return FormatTime(*parts->seconds);
    case spec::ValueType::kDateTime:
      if (!parts->days) return Status::DataError("holds no date");
      return FormatDate(*parts->days) + "T" + FormatTime(parts->seconds.value_or(0));
    default:
      if (!parts->days) return Status::DataError("holds no date");
      return FormatDate(*parts->days);
  }
}

Result<std::string> ApplyCodes(const CodeMap& map, std::string value) {
  auto found = map.codes.find(ToLower(Trim(value)));
  if (found != map.codes.end()) return found->second;
  switch (map.unmapped) {
    case Unmapped::kBlank:
      return std::string();
    case Unmapped::kKeep:
      return value;
    case Unmapped::kError:
      break;
  }
  return Status::DataError("label not listed in code map '" + map.name + "'");
}

}  // namespace

Result<std::string> ApplyTransform(const ValueTransform& transform, std::string_view value) {
  std::string text;
  text.reserve(value.size());
  for (const char c : value) {
    if (transform.remove.find(c) == std::string::npos) text += c;
  }
  if (transform.trim) text = std::string(Trim(text));
  if (transform.upper) text = ToUpper(text);
  if (text.empty()) return transform.default_value.value_or(std::string());

  if (transform.date) {
    MHDS_ASSIGN_OR_RETURN(text, ApplyDate(transform, text));
  } else if (transform.codes) {
    MHDS_ASSIGN_OR_RETURN(text, ApplyCodes(*transform.codes, std::move(text)));
  }
  const Padding& pad = transform.pad;
  if (!text.empty() && pad.width > text.size()) {
    const std::string fill(pad.width - text.size(), pad.fill);
    text = pad.left ? fill + text : text + fill;
  }
  return text;
}

}  // namespace mhds::mapping
