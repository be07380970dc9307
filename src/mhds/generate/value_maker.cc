#include "mhds/generate/value_maker.h"

#include <algorithm>
#include <array>

#include "mhds/base/calendar.h"
#include "mhds/validate/value_checks.h"

namespace mhds::generate {
namespace {

using spec::CompareOp;
using spec::ValueType;

constexpr int64_t kDefaultLookbackDays = 730;  // undated history reaches two years back
constexpr int64_t kWorkdayStart = 8 * 3600;
constexpr int64_t kWorkdayEnd = 19 * 3600 - 1;
constexpr uint32_t kTextLength = 8;
constexpr uint32_t kMaxDigits = 3;  // integers stay small, as counts and durations are
constexpr std::array<std::string_view, 12> kPostcodes = {
    "LS1 4AP",  "M1 1AE",  "B33 8TH", "CR2 6XH",  "DN55 1PT", "W1A 1HQ",
    "EC1A 1BB", "NE1 7RU", "BS1 5TR", "SW1A 2AA", "L3 9PP",   "S10 2TN"};
constexpr std::string_view kAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";

// A probe value of `type`, to learn the scale CommonScale puts the item on.
std::string_view Probe(ValueType type) {
  switch (type) {
    case ValueType::kDate:
      return "2000-01-02";
    case ValueType::kDateTime:
      return "2000-01-02T00:00:00";
    default:
      return "00:00:01";
  }
}

// Writes `value` with at least `width` digits (leading zeros) ending just before `end`; returns
// where the digits start.
char* PutDigits(char* end, uint64_t value, int width) {
  char* p = end;
  do {
    *--p = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  while (end - p < width) *--p = '0';
  return p;
}

void AppendDigits(std::string& out, uint64_t value, int width) {
  char digits[64];
  char* end = digits + sizeof digits;
  const char* start = PutDigits(end, value, width < 40 ? width : 40);
  for (int i = 40; i < width; ++i) out.push_back('0');
  out.append(start, static_cast<size_t>(end - start));
}

}  // namespace

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - (a % b != 0 && a < 0); }
int64_t CeilDiv(int64_t a, int64_t b) { return a / b + (a % b != 0 && a > 0); }

std::optional<std::string> NextTestNhsNumber(uint64_t& cursor) {
  // Bodies 999000000..999999999 visited in the order cursor * step mod 10^6 (step prime to 10, so
  // a permutation), skipping those whose check digit would be 10 and the all-nines number.
  constexpr uint64_t kSpan = 1000000;
  constexpr uint64_t kStep = 387421;
  static_assert(kStep % 2 != 0 && kStep % 5 != 0);
  while (cursor < kSpan) {
    const uint64_t body = 999000000 + (cursor++ * kStep) % kSpan;
    std::string number;
    AppendDigits(number, body, 9);
    int sum = 0;
    for (int i = 0; i < 9; ++i) sum += (number[static_cast<size_t>(i)] - '0') * (10 - i);
    const int check = (11 - sum % 11) % 11;
    if (check == 10 || body == 999999999) continue;
    number.push_back(static_cast<char>('0' + check));
    return number;
  }
  return std::nullopt;
}

std::string SnomedConceptId(uint64_t body) {
  std::string id;
  AppendDigits(id, 100000 + body % 900000, 0);
  id += "00";  // partition: a concept, short format
  for (char check = '0'; check <= '9'; ++check) {
    id.push_back(check);
    if (validate::IsSnomedCtId(id)) return id;
    id.pop_back();
  }
  return id + "0";
}

namespace {

// CCYY-MM-DD of a day since 1970-01-01 (H. Hinnant's civil_from_days), without the formatted
// I/O that FormatDate uses: dates are most of what the generator writes.
void AppendDate(std::string& out, int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = yoe + era * 400 + (m <= 2);
  // Built back to front in one buffer, appended once.
  char text[40];
  char* end = text + sizeof text;
  char* p = PutDigits(end, static_cast<uint64_t>(d), 2);
  *--p = '-';
  p = PutDigits(p, static_cast<uint64_t>(m), 2);
  *--p = '-';
  p = PutDigits(p, static_cast<uint64_t>(y), 4);
  out.append(p, static_cast<size_t>(end - p));
}

}  // namespace

std::string ValueMaker::ScaledText(int64_t value, ValueType type) {
  std::string t;
  AppendScaledText(t, value, type);
  return t;
}

void ValueMaker::AppendScaledText(std::string& out, int64_t value, ValueType type) {
  switch (type) {
    case ValueType::kDate: {
      if (value < DaysFromCivil(1, 1, 1) || value > DaysFromCivil(9999, 12, 31)) {
        out += FormatDate(value);
        return;
      }
      AppendDate(out, value);
      return;
    }
    case ValueType::kDateTime: {
      const int64_t day = FloorDiv(value, kSecondsPerDay);
      if (day < DaysFromCivil(1, 1, 1) || day > DaysFromCivil(9999, 12, 31)) {
        out += FormatDateTime(value);
        return;
      }
      AppendDate(out, day);
      out.push_back('T');
      AppendScaledText(out, value - day * kSecondsPerDay, ValueType::kTime);
      return;
    }
    default: {
      const int64_t s = ((value % kSecondsPerDay) + kSecondsPerDay) % kSecondsPerDay;
      // hh:mm:ss built back to front in one buffer, appended once.
      char text[32];
      char* end = text + sizeof text;
      char* p = PutDigits(end, static_cast<uint64_t>(s % 60), 2);
      *--p = ':';
      p = PutDigits(p, static_cast<uint64_t>(s / 60 % 60), 2);
      *--p = ':';
      p = PutDigits(p, static_cast<uint64_t>(s / 3600), 2);
      out.append(p, static_cast<size_t>(end - p));
      return;
    }
  }
}

ValueMaker::ValueMaker(const RecordRules& rules) : rules_(rules) {
  const spec::Spec& spec = rules.spec();
  bounding_rules_.resize(spec.tables.size());
  for (size_t t = 0; t < spec.tables.size(); ++t) {
    bounding_rules_[t].resize(spec.tables[t].items.size());
    for (int r : spec.tables[t].record_rules) {
      const spec::Rule& rule = spec.rules[r];
      if (rule.item >= 0 &&
          (rule.kind == spec::RuleKind::kCompare || rule.kind == spec::RuleKind::kAge ||
           rule.kind == spec::RuleKind::kVersionInForce)) {
        bounding_rules_[t][rule.item].push_back(r);
      }
    }
  }
}

Bounds ValueMaker::Allowed(int table, int item, const Row& row, const Row* header,
                           const Row* parent) const {
  const spec::Spec& spec = rules_.spec();
  const spec::Item& it = spec.tables[table].items[item];
  Bounds b;
  // The probe read once for all the item's rules (CommonScale would read it for each).
  std::optional<int64_t> probe;
  bool probe_read = false;
  for (int r : bounding_rules_[table][item]) {
    const spec::Rule& rule = spec.rules[r];
    if (rule.kind == spec::RuleKind::kVersionInForce) {
      b.exact_text = spec.version;
    } else if (rule.kind == spec::RuleKind::kCompare) {
      auto other = rules_.Resolve(rule.other, table, row, header, parent);
      if (!other) continue;
      if (!IsTimed(it.type)) {
        if (rule.op == CompareOp::kNe) b.exact_text = std::string(other->text);
        continue;
      }
      if (!probe_read) {
        probe = validate::OrderedValue(Probe(it.type), it.type);
        probe_read = true;
      }
      auto scaled =
          probe ? CommonScaleOf(*probe, it.type, *other, rule.offset_seconds) : std::nullopt;
      if (!scaled) continue;
      // The item's value v sits on the common scale as m * v.
      const int64_t m =
          it.type == ValueType::kDate && other->type == ValueType::kDateTime ? kSecondsPerDay : 1;
      const int64_t limit = scaled->second;
      switch (rule.op) {  // the rule fires when `v op limit`; keep v where it does not
        case CompareOp::kGt:
          b.hi = std::min(b.hi, FloorDiv(limit, m));
          break;
        case CompareOp::kGe:
          b.hi = std::min(b.hi, CeilDiv(limit, m) - 1);
          break;
        case CompareOp::kLt:
          b.lo = std::max(b.lo, CeilDiv(limit, m));
          break;
        case CompareOp::kLe:
          b.lo = std::max(b.lo, FloorDiv(limit, m) + 1);
          break;
        case CompareOp::kNe:
          if (limit % m == 0) b.exact = limit / m;
          break;
        case CompareOp::kEq:
          break;
      }
    } else if (rule.kind == spec::RuleKind::kAge && it.type == ValueType::kDate) {
      auto at = rules_.Resolve(rule.at, table, row, header, parent);
      auto at_value = at ? validate::OrderedValue(at->text, at->type) : std::nullopt;
      if (!at_value) continue;
      int64_t at_days = at->type == ValueType::kDateTime ? *at_value / kSecondsPerDay : *at_value;
      // Whole years hold 365 or 366 days: these bounds keep the age inside min..max.
      b.lo = std::max(b.lo, at_days - int64_t{rule.max_age} * 365);
      b.hi = std::min(b.hi, at_days - int64_t{rule.min_age} * 366);
    }
  }
  return b;
}

void ValueMaker::Make(int table, int item, const Row& row, const Row* header, const Row* parent,
                      const Choice* range, Rng& rng, std::string& out) const {
  const spec::Item& it = rules_.spec().tables[table].items[item];
  const Submission& sub = rules_.submission();
  out.clear();
  if (it.code_list >= 0 && !rules_.ValidCodes(it.code_list).empty()) {
    const auto& codes = rules_.ValidCodes(it.code_list);
    out = codes[rng.Below(codes.size())];
    return;
  }
  if (IsTimed(it.type)) {
    Bounds b = Allowed(table, item, row, header, parent);
    if (b.exact) {
      out.clear();
      AppendScaledText(out, *b.exact, it.type);
      return;
    }
    int64_t lo = 0, hi = 0;
    if (it.type == ValueType::kTime) {
      lo = kWorkdayStart;
      hi = kWorkdayEnd;
    } else {
      int64_t first = sub.period_start - kDefaultLookbackDays, last = sub.period_end;
      if (range != nullptr && range->kind == Choice::Kind::kDayRange) {
        first = sub.period_start + range->lo;
        last = sub.period_start + range->hi;
      }
      const int64_t scale = it.type == ValueType::kDateTime ? kSecondsPerDay : 1;
      lo = first * scale;
      hi = last * scale + (scale - 1);
    }
    const int64_t clo = std::max(lo, b.lo), chi = std::min(hi, b.hi);
    if (clo <= chi) {
      lo = clo;
      hi = chi;
    } else if (b.lo <= b.hi) {
      // The default window misses what the rules allow: stay near the rules' nearest edge.
      const int64_t span = it.type == ValueType::kDate ? 30 : 30 * kSecondsPerDay;
      if (b.lo != INT64_MIN && b.lo > hi) {
        lo = b.lo;
        hi = std::min(b.hi, b.lo + span);
      } else if (b.hi != INT64_MAX) {
        hi = b.hi;
        lo = std::max(b.lo, b.hi - span);
      }
    }
    out.clear();
    AppendScaledText(out, rng.Between(lo, hi), it.type);
    return;
  }
  const spec::Format& f = it.format;
  const uint32_t min_len = std::max<uint32_t>(f.min_length, 1);
  switch (it.type) {
    case ValueType::kNhsNumber:
    case ValueType::kText:
      break;
    case ValueType::kInteger: {
      const uint32_t max_len = std::max(min_len, std::min(f.max_length, kMaxDigits));
      const int digits = static_cast<int>(rng.Between(min_len, max_len));
      for (int i = 0; i < digits; ++i) {
        out.push_back(
            static_cast<char>('0' + (i == 0 && digits > 1 ? 1 + rng.Below(9) : rng.Below(10))));
      }
      return;
    }
    case ValueType::kDecimal:
      AppendDigits(out, 1 + rng.Below(f.max_length >= 2 ? 99 : 9), 0);
      if (f.max_fraction > 0) {
        out.push_back('.');
        out.push_back(static_cast<char>('0' + rng.Below(10)));
      }
      return;
    case ValueType::kSnomed:
      out = SnomedConceptId(rng.Next());
      return;
    case ValueType::kPostcode:
      out = kPostcodes[rng.Below(kPostcodes.size())];
      return;
    default:
      break;
  }
  Bounds b = Allowed(table, item, row, header, parent);
  if (b.exact_text) {
    out = *b.exact_text;
    return;
  }
  const uint32_t len = std::clamp(kTextLength, min_len, std::max(min_len, f.max_length));
  const bool digits = f.charset == spec::Format::Charset::kDigits;
  for (uint32_t i = 0; i < len; ++i) {
    out.push_back(digits ? static_cast<char>('0' + rng.Below(10))
                         : kAlphabet[rng.Below(kAlphabet.size())]);
  }
}

}  // namespace mhds::generate
