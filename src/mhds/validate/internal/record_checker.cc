#include "mhds/validate/internal/record_checker.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "mhds/base/calendar.h"
#include "mhds/base/hash.h"
#include "mhds/base/text.h"
#include "mhds/base/time_of_day.h"
#include "mhds/validate/value_checks.h"

namespace mhds::validate::internal {
namespace {

using spec::CompareOp;
using spec::RuleKind;
using spec::ValueType;

bool IsBlank(std::string_view v) {
  // Nearly every value is empty or starts with a visible character.
  if (v.empty()) return true;
  if (v.front() != ' ' && v.front() != '\t') return false;
  return Trim(v).empty();
}

uint64_t Load8(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

// True if every byte is ASCII (below 0x80), eight bytes at a time.
bool IsShortAscii(std::string_view v) {
  const char* p = v.data();
  size_t n = v.size();
  uint64_t high = 0;
  for (; n >= 8; p += 8, n -= 8) high |= Load8(p);
  high |= LoadShort(p, n);
  return (high & 0x8080808080808080ULL) == 0;
}

// True if every byte of `w` is an ASCII digit: high nibble 3, and low nibble at most 9 (adding 6
// keeps the high nibble at 3). A carry out of a byte happens only for bytes failing the first test.
bool WordAllDigits(uint64_t w) {
  constexpr uint64_t kHigh = 0xF0F0F0F0F0F0F0F0ULL, kThree = 0x3030303030303030ULL;
  return (w & kHigh) == kThree && ((w + 0x0606060606060606ULL) & kHigh) == kThree;
}

bool AllAsciiDigits(std::string_view v) {
  const char* p = v.data();
  size_t n = v.size();
  if (n < 8) {
    // The bytes past the value are padded with '0'.
    const uint64_t pad = n == 0 ? ~uint64_t{0} : ~uint64_t{0} << (8 * n);
    return WordAllDigits(LoadShort(p, n) | (pad & 0x3030303030303030ULL));
  }
  for (size_t i = 0; i + 8 <= n; i += 8) {
    if (!WordAllDigits(Load8(p + i))) return false;
  }
  return WordAllDigits(Load8(p + n - 8));
}

// A reference whose value is the same on every row of the file.
bool IsConstant(const spec::Reference& ref) {
  using Scope = spec::Reference::Scope;
  return ref.scope != Scope::kRow && ref.scope != Scope::kParent;
}

// Types whose MatchesType() is OrderedValue() having a value.
bool IsTemporal(ValueType type) {
  return type == ValueType::kDate || type == ValueType::kTime || type == ValueType::kDateTime;
}

// Types whose values OrderedValue() can put in order.
bool IsOrdered(ValueType type) {
  return type == ValueType::kDate || type == ValueType::kTime || type == ValueType::kDateTime ||
         type == ValueType::kInteger;
}

bool Compare(int64_t a, int64_t b, CompareOp op) {
  switch (op) {
    case CompareOp::kLt:
      return a < b;
    case CompareOp::kLe:
      return a <= b;
    case CompareOp::kGt:
      return a > b;
    case CompareOp::kGe:
      return a >= b;
    case CompareOp::kEq:
      return a == b;
    case CompareOp::kNe:
      return a != b;
  }
  return false;
}

// Puts two typed values on one scale: seconds when either carries a time of day, days for two
// dates, the number itself for integers. nullopt when either cannot be read.
std::optional<std::pair<int64_t, int64_t>> CommonScale(std::optional<int64_t> va, ValueType ta,
                                                       std::optional<int64_t> vb, ValueType tb,
                                                       int64_t offset_seconds) {
  if (!va || !vb) return std::nullopt;
  bool a_date = ta == ValueType::kDate, b_date = tb == ValueType::kDate;
  if (a_date && b_date) {
    // Whole days; an offset in hours counts in whole days (24h is one day).
    return std::make_pair(*va, *vb + offset_seconds / kSecondsPerDay);
  }
  bool a_dt = ta == ValueType::kDateTime, b_dt = tb == ValueType::kDateTime;
  if ((a_date || a_dt) && (b_date || b_dt)) {
    int64_t sa = a_date ? *va * kSecondsPerDay : *va;
    int64_t sb = b_date ? *vb * kSecondsPerDay : *vb;
    return std::make_pair(sa, sb + offset_seconds);
  }
  if (ta == tb) return std::make_pair(*va, *vb + (ta == ValueType::kTime ? offset_seconds : 0));
  return std::nullopt;
}

// The birth days, among those ParseDate can return (years 0000 to 9999), of the ages
// [min_age, max_age] on day `at_days`, as AgeInYears counts them: [first, last], empty when
// first > last. Age falls as the birth day rises, so each end is found by halving.
std::pair<int64_t, int64_t> BirthDaysOfAges(int64_t at_days, int min_age, int max_age) {
  const int64_t earliest = DaysFromCivil(0, 1, 1), latest = DaysFromCivil(9999, 12, 31);
  // The first birth day for which `too_young` holds, or latest + 1.
  const auto first_where = [&](auto too_young) {
    int64_t lo = earliest, hi = latest + 1;
    while (lo < hi) {
      const int64_t mid = lo + (hi - lo) / 2;
      if (too_young(AgeInYears(mid, at_days))) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  };
  return {first_where([&](int age) { return age <= max_age; }),
          first_where([&](int age) { return age < min_age; }) - 1};
}

constexpr uint32_t kNhsNumberLength = 10;  // as MatchesType() reads ValueType::kNhsNumber

}  // namespace

RecordChecker::RecordChecker(const spec::Spec& spec, int table, TableData& data,
                             const TableData* parent, const Context& context, FindingLog& log)
    : spec_(spec),
      table_(spec.tables[table]),
      table_index_(table),
      data_(data),
      parent_(parent),
      context_(context),
      log_(log) {
  version_in_force_ = spec_.version;
  period_month_ = "(unreadable in the header)";
  if (context_.period_start) {
    spec::Month month = spec::MonthOfDay(*context_.period_start);
    period_month_ = spec::FormatMonth(month);
    if (!spec_.versions.empty()) {
      const spec::VersionFolder* v = spec::VersionInForceFor(spec_.versions, month);
      version_in_force_ =
          v != nullptr ? v->version : "none (no " + spec_.name + " version known to mhds)";
    }
  }
  for (int r : table_.record_rules) {
    const spec::Rule& rule = spec_.rules[r];
    // A missing column is reported once by the structural checks, not once per row.
    if (rule.item >= 0 && data_.column_of_item[rule.item] < 0) continue;
    if (rule.kind == RuleKind::kUnsupported) continue;  // listed for coverage; never fires
    Compiled c;
    c.index = r;
    c.position = static_cast<int>(rules_.size());
    c.rule = &rule;
    c.kind = rule.kind;
    if (rule.item >= 0) c.item_type = table_.items[rule.item].type;
    c.column = rule.item >= 0 ? data_.column_of_item[rule.item] : -1;
    c.skip_if_blank = rule.kind != RuleKind::kBlank && rule.kind != RuleKind::kConditional;
    if (rule.kind == RuleKind::kConditional && !rule.conditions.empty() &&
        rule.conditions.front().op == spec::Condition::Op::kPopulated) {
      c.if_populated_column = data_.column_of_item[rule.conditions.front().item];
    }
    if (rule.kind == RuleKind::kConditional && !rule.conditions.empty()) {
      const spec::Condition& first = rule.conditions.front();
      if (first.op == spec::Condition::Op::kBlank) {
        c.if_test = IfTest::kBlank;
      } else if (first.op == spec::Condition::Op::kIn && first.values.size() == 1) {
        c.if_test = IfTest::kEquals;
        c.if_value = first.values.front();
      }
      c.if_column = data_.column_of_item[first.item];
    }
    if (rule.kind == RuleKind::kCode) {
      c.code_set = static_cast<int>(code_sets_.size());
      code_sets_.emplace_back(spec_.code_lists[rule.code_list], context_.period_start,
                              context_.period_end);
    }
    const spec::Reference* other = rule.kind == RuleKind::kCompare ? &rule.other
                                   : rule.kind == RuleKind::kAge   ? &rule.at
                                                                   : nullptr;
    if (other != nullptr && IsConstant(*other)) {
      c.constant_other = true;
      c.other = Resolve(*other, {}, 0);
      if (c.other.available) c.other_value = OrderedValue(c.other.text, c.other.type);
      // What Fires() computes through CommonScale for two dates, done once.
      if (rule.kind == RuleKind::kCompare && c.other.available && !IsBlank(c.other.text) &&
          c.other_value && c.item_type == ValueType::kDate && c.other.type == ValueType::kDate &&
          rule.op != CompareOp::kEq && rule.op != CompareOp::kNe) {
        c.date_bound = true;
        c.bound = *c.other_value + rule.offset_seconds / kSecondsPerDay;
      }
    }
    if (rule.kind == RuleKind::kCompare && rule.other.scope == spec::Reference::Scope::kParent &&
        parent_ != nullptr && c.item_type == ValueType::kDate &&
        spec_.tables[table_.parent].items[rule.other.item].type == ValueType::kDate &&
        rule.op != CompareOp::kEq && rule.op != CompareOp::kNe) {
      c.parent_date = true;
      c.parent_offset_days = rule.offset_seconds / kSecondsPerDay;
    }
    if (rule.kind == RuleKind::kFormat && rule.item >= 0) {
      const spec::Item& item = table_.items[rule.item];
      const spec::Format& f = item.format;
      // ParseDate and ParseTime accept exactly the 10- and 8-byte ASCII shapes these formats
      // allow, so for them the length check is already in the parse.
      bool any = f.charset == spec::Format::Charset::kAny;
      if (any && f.min_length <= 10 && f.max_length >= 10 && item.type == ValueType::kDate)
        c.format_path = FormatPath::kDate;
      if (any && f.min_length <= 8 && f.max_length >= 8 && item.type == ValueType::kTime)
        c.format_path = FormatPath::kTime;
      if (any && item.type == ValueType::kText) c.format_path = FormatPath::kText;
      if (f.charset == spec::Format::Charset::kDigits &&
          (item.type == ValueType::kText || item.type == ValueType::kInteger))
        c.format_path = FormatPath::kDigits;
      c.min_length = f.min_length;
      c.max_length = f.max_length;
      // An NHS Number's type is ten digits: with digits allowed at that length, the format is
      // exactly that.
      if (f.charset == spec::Format::Charset::kDigits && item.type == ValueType::kNhsNumber &&
          f.min_length <= kNhsNumberLength && f.max_length >= kNhsNumberLength) {
        c.format_path = FormatPath::kDigits;
        c.min_length = c.max_length = kNhsNumberLength;
      }
    }
    rules_.push_back(c);
  }
  // Group by column, keeping rules.csv order inside each part of a group.
  std::stable_sort(rules_.begin(), rules_.end(), [](const Compiled& a, const Compiled& b) {
    if (a.column != b.column) return a.column < b.column;
    return !a.skip_if_blank && b.skip_if_blank;
  });
  for (uint32_t i = 0; i < rules_.size();) {
    Group g{rules_[i].column, i, i, i};
    while (g.end < rules_.size() && rules_[g.end].column == g.column) {
      if (!rules_[g.end].skip_if_blank) g.blank_end = g.end + 1;
      ++g.end;
    }
    Plan(g);
    // The one column X if every rule of the group that can fire on a blank value is "if X
    // populated" (-1: X is absent from the source); kNoColumn otherwise.
    int gate = kNoColumn;
    for (uint32_t k = g.begin; k < g.blank_end; ++k) {
      const Compiled& c = rules_[k];
      const bool same = k == g.begin || c.if_populated_column == gate;
      if (c.kind != RuleKind::kConditional || c.if_populated_column == kNoColumn || !same) {
        gate = kNoColumn;
        break;
      }
      gate = c.if_populated_column;
    }
    const uint32_t index = static_cast<uint32_t>(groups_.size());
    if (g.column < 0) {
      itemless_ = static_cast<int>(index);
    } else if (g.blank_end == g.begin || gate == -1) {
      // With the gate's column absent, the conditional rules say nothing of a blank value.
      populated_only_.push_back(
          {static_cast<uint32_t>(g.column * sizeof(std::string_view)), index});
    } else if (gate >= 0) {
      gated_.push_back({static_cast<uint32_t>(g.column * sizeof(std::string_view)),
                        static_cast<uint32_t>(gate * sizeof(std::string_view)), index});
    } else {
      always_.push_back(index);
    }
    groups_.push_back(g);
    i = g.end;
  }
  if (parent_ != nullptr) parent_dates_.resize(spec.tables[table_.parent].items.size());
  parsed_.resize(
      data_.column_of_item.empty()
          ? 0
          : static_cast<size_t>(
                *std::max_element(data_.column_of_item.begin(), data_.column_of_item.end()) + 1));
}

void RecordChecker::Plan(Group& g) const {
  int formats = 0, codes = 0;
  int64_t min_day = INT64_MIN, max_day = INT64_MAX;
  for (uint32_t i = g.begin; i < g.end; ++i) {
    const Compiled& c = rules_[i];
    switch (c.kind) {
      case RuleKind::kBlank:
        break;
      case RuleKind::kFormat:
        if (c.format_path == FormatPath::kGeneric || ++formats > 1) return;
        g.format = c.format_path;
        g.format_type = c.item_type;
        g.min_length = c.min_length;
        g.max_length = c.max_length;
        break;
      case RuleKind::kCode:
        if (++codes > 1) return;
        g.code_set = c.code_set;
        break;
      case RuleKind::kCompare:
        if (c.parent_date) {
          if (g.parent_compare >= 0) return;
          g.parent_compare = static_cast<int>(i);
          g.bounded = true;  // PassesPlan() compares under `bounded`, with the day it read
          break;
        }
        if (!c.date_bound) return;
        // The rule fires when the day compares with its bound by its operator: what passes is
        // the other side of the bound.
        switch (c.rule->op) {
          case CompareOp::kLt:
            min_day = std::max(min_day, c.bound);
            break;
          case CompareOp::kLe:
            if (c.bound == INT64_MAX) return;
            min_day = std::max(min_day, c.bound + 1);
            break;
          case CompareOp::kGt:
            max_day = std::min(max_day, c.bound);
            break;
          case CompareOp::kGe:
            if (c.bound == INT64_MIN) return;
            max_day = std::min(max_day, c.bound - 1);
            break;
          default:
            return;
        }
        g.bounded = true;
        break;
      case RuleKind::kAge: {
        if (c.item_type != ValueType::kDate || !c.constant_other) return;
        // Fires() finds no age without a date to count to: the rule never fires.
        if (!c.other_value) break;
        const int64_t at_days =
            c.other.type == ValueType::kDateTime ? *c.other_value / kSecondsPerDay : *c.other_value;
        const auto [first, last] = BirthDaysOfAges(at_days, c.rule->min_age, c.rule->max_age);
        min_day = std::max(min_day, first);
        max_day = std::min(max_day, last);
        g.bounded = true;
        break;
      }
      default:
        return;
    }
  }
  g.min_day = min_day;
  g.max_day = max_day;
  // Text passes its format rule when its length is allowed and it is ASCII, and, with fewer
  // bytes than the maximum, whenever it has as many characters as the minimum: with a minimum of
  // one, an ASCII first byte is enough. A code of an all-ASCII list is ASCII.
  if (g.min_length <= 1) {
    g.ascii = AsciiCheck::kFirstByte;
  } else if (g.code_set >= 0 && code_sets_[g.code_set].all_ascii()) {
    g.ascii = AsciiCheck::kByCode;
  }
  // A text format every code of the list has needs no check of its own: the code check will do.
  if (g.format == FormatPath::kText && g.code_set >= 0) {
    const CodeSet& list = code_sets_[g.code_set];
    if (list.all_ascii() && list.shortest() >= g.min_length && list.longest() <= g.max_length)
      g.format = FormatPath::kGeneric;
  }
  g.planned = true;
}

// Inlined into Check(), which calls it for most populated values: a call would cost as much as
// the checks themselves.
[[gnu::always_inline]] inline bool RecordChecker::PassesPlan(const Group& g,
                                                             std::string_view value) const {
  // The first byte is visible ASCII, '!' to '~': so the value is not blank (IsBlank of a value
  // starting with anything but a space or a tab is false), and for kFirstByte it is all the
  // ASCII check needs. A value starting otherwise goes through the rules, which decide exactly.
  if (static_cast<unsigned char>(value.front()) - unsigned{'!'} > unsigned{'~' - '!'}) return false;
  switch (g.format) {
    case FormatPath::kText:
      if (value.size() < g.min_length || value.size() > g.max_length) return false;
      if (g.ascii == AsciiCheck::kBytes && !IsShortAscii(value)) return false;
      break;
    case FormatPath::kDigits:
      if (value.size() < g.min_length || value.size() > g.max_length || !AllAsciiDigits(value))
        return false;
      break;
    case FormatPath::kDate:
    case FormatPath::kTime:
      if (!Parsed(g.column, value, g.format_type).has_value()) return false;
      break;
    case FormatPath::kGeneric:
      break;
  }
  if (g.code_set >= 0 && !code_sets_[g.code_set].Contains(value)) return false;
  if (g.bounded) {
    // A value that is not a date fails its format rule, not a comparison.
    const std::optional<int64_t> day = Parsed(g.column, value, ValueType::kDate);
    if (day && (*day < g.min_day || *day > g.max_day)) return false;
    if (g.parent_compare >= 0 && day && FiresOnParentDate(rules_[g.parent_compare], *day))
      return false;
  }
  return true;
}

bool RecordChecker::FiresOnParentDate(const Compiled& c, int64_t day) const {
  // Fires() with the parent's item as the other side: no parent row, a blank parent value or
  // one that is not a date make the rule silent.
  ResolveParent(current_row_);
  const uint32_t p = data_.parent_row[current_row_];
  if (p == kNoRow || p == kBlankJoin) return false;
  const int item = c.rule->other.item;
  const std::string_view text = parent_->Value(p, item);
  if (IsBlank(text)) return false;
  const std::optional<int64_t> other = ParseDateInMonth(text, parent_dates_[item]);
  return other && Compare(day, *other + c.parent_offset_days, c.rule->op);
}

// The day of `text`, a date whose "CCYY-MM-" is the month of `p`.
[[gnu::always_inline]] inline std::optional<int64_t> RecordChecker::DayInMonth(
    std::string_view text, const ParsedValue& p) {
  // ParseDate accepts a day of two ASCII digits from 01 to the month's length, no more.
  const unsigned tens = static_cast<unsigned>(text[8]) - '0';
  const unsigned units = static_cast<unsigned>(text[9]) - '0';
  if (tens > 9 || units > 9) return std::nullopt;
  const int day = static_cast<int>(tens * 10 + units);
  if (day < 1 || day > p.month_days) return std::nullopt;
  return p.month_first_day + day - 1;
}

[[gnu::always_inline]] inline std::optional<int64_t> RecordChecker::ParseDateInMonth(
    std::string_view text, ParsedValue& p) const {
  if (text.size() != 10) return std::nullopt;
  uint64_t prefix;
  std::memcpy(&prefix, text.data(), sizeof prefix);
  if (p.month_days == 0 || prefix != p.month_prefix) return ParseDateOfNewMonth(text, prefix, p);
  return DayInMonth(text, p);
}

std::optional<int64_t> RecordChecker::ParseDateOfNewMonth(std::string_view text, uint64_t prefix,
                                                          ParsedValue& p) const {
  KnownMonth& known = known_months_[(prefix * 0x9e3779b97f4a7c15ULL) >> (64 - kKnownMonthBits)];
  if (known.days != 0 && known.prefix == prefix) {
    p.month_prefix = prefix;
    p.month_first_day = known.first_day;
    p.month_days = known.days;
    return DayInMonth(text, p);
  }
  const std::optional<int64_t> days = ParseDate(text);
  if (days) {
    const auto digit = [&](size_t i) { return static_cast<int>(text[i] - '0'); };
    const int year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
    const int month = digit(5) * 10 + digit(6);
    const int day = digit(8) * 10 + digit(9);
    p.month_prefix = prefix;
    p.month_first_day = *days - (day - 1);
    p.month_days = DaysInMonth(year, month);
    known = {prefix, p.month_first_day, p.month_days};
  }
  return days;
}

[[gnu::always_inline]] inline std::optional<int64_t> RecordChecker::Parsed(int column,
                                                                           std::string_view text,
                                                                           ValueType type) const {
  if (column < 0) return OrderedValue(text, type);
  ParsedValue& p = parsed_[column];
  if (p.row_plus_one != current_row_ + 1) {
    p.row_plus_one = current_row_ + 1;
    switch (type) {
      case ValueType::kDate:
        p.value = ParseDateInMonth(text, p);
        break;
      case ValueType::kTime:
        p.value = ParseTimeOfDay(text);
        break;
      default:
        p.value = OrderedValue(text, type);
    }
  }
  return p.value;
}

std::string_view RecordChecker::Field(const std::vector<std::string_view>& fields, int item) const {
  int column = data_.column_of_item[item];
  return column < 0 ? std::string_view() : fields[column];
}

RecordChecker::Operand RecordChecker::Resolve(const spec::Reference& ref,
                                              const std::vector<std::string_view>& fields,
                                              uint64_t row) const {
  using Scope = spec::Reference::Scope;
  Operand op;
  switch (ref.scope) {
    case Scope::kRow:
      op = {Field(fields, ref.item), table_.items[ref.item].type, true};
      break;
    case Scope::kHeader:
      if (context_.has_header) {
        op = {context_.header_values[ref.item],
              spec_.tables[spec_.header_table].items[ref.item].type, true};
      }
      break;
    case Scope::kParent: {
      if (parent_ == nullptr) break;
      ResolveParent(row);
      uint32_t p = data_.parent_row[row];
      if (p == kNoRow || p == kBlankJoin) break;
      op = {parent_->Value(p, ref.item), spec_.tables[table_.parent].items[ref.item].type, true};
      break;
    }
    case Scope::kPeriodStart:
      op = {context_.period_start_text, ValueType::kDate, context_.period_start.has_value()};
      break;
    case Scope::kPeriodEnd:
      op = {context_.period_end_text, ValueType::kDate, context_.period_end.has_value()};
      break;
    case Scope::kUploadedAt:
      op = {context_.uploaded_at_text, ValueType::kDateTime, true};
      break;
    case Scope::kOrg:
      if (context_.org) op = {*context_.org, ValueType::kText, true};
      break;
    case Scope::kDatasetVersion:
      op = {context_.version, ValueType::kText, true};
      break;
  }
  return op;
}

bool RecordChecker::Holds(const spec::Condition& c,
                          const std::vector<std::string_view>& fields) const {
  std::string_view v = Trim(Field(fields, c.item));
  using Op = spec::Condition::Op;
  switch (c.op) {
    case Op::kPopulated:
      return !v.empty();
    case Op::kBlank:
      return v.empty();
    case Op::kIn:
      return std::find(c.values.begin(), c.values.end(), v) != c.values.end();
    case Op::kNotIn:
      return std::find(c.values.begin(), c.values.end(), v) == c.values.end();
  }
  return false;
}

bool RecordChecker::Fires(const Compiled& compiled, std::string_view value,
                          const std::vector<std::string_view>& fields, uint64_t row,
                          Operand& other) const {
  const spec::Rule& rule = *compiled.rule;
  const spec::Item* item = rule.item >= 0 ? &table_.items[rule.item] : nullptr;
  switch (rule.kind) {
    case RuleKind::kBlank:
      return IsBlank(value);
    case RuleKind::kFormat:
      if (value.empty()) return false;
      if (IsTemporal(item->type)) {
        return !MatchesCharsetAndLength(value, item->format) ||
               !Parsed(compiled.column, value, item->type).has_value();
      }
      return !MatchesFormat(value, item->format, item->type);
    case RuleKind::kCode:
      return false;  // Check() runs code rules itself, with the rule's CodeSet
    case RuleKind::kNhsNumber:
      // MatchesType(value, kNhsNumber): ten ASCII digits.
      return value.size() == kNhsNumberLength && AllAsciiDigits(value) &&
             (!PassesModulus11(value) || IsDisallowedNhsNumber(value));
    case RuleKind::kCompare: {
      if (IsBlank(value)) return false;
      std::optional<int64_t> other_value;
      if (compiled.constant_other) {
        other = compiled.other;
        other_value = compiled.other_value;
      } else {
        other = Resolve(rule.other, fields, row);
        if (other.available && IsOrdered(other.type)) {
          other_value = rule.other.scope == spec::Reference::Scope::kRow
                            ? Parsed(data_.column_of_item[rule.other.item], other.text, other.type)
                        : rule.other.scope == spec::Reference::Scope::kParent &&
                                other.type == ValueType::kDate
                            ? ParseDateInMonth(other.text, parent_dates_[rule.other.item])
                            : OrderedValue(other.text, other.type);
        }
      }
      if (!other.available || IsBlank(other.text)) return false;
      std::optional<int64_t> own_value;
      if (IsOrdered(item->type)) own_value = Parsed(compiled.column, value, item->type);
      auto scaled =
          CommonScale(own_value, item->type, other_value, other.type, rule.offset_seconds);
      if (scaled) return Compare(scaled->first, scaled->second, rule.op);
      // Text: only equality is meaningful.
      // Sizes first: most values that differ differ in size, and then no bytes are read.
      const bool same =
          value.size() == other.text.size() &&
          (value.empty() || std::memcmp(value.data(), other.text.data(), value.size()) == 0);
      if (rule.op == CompareOp::kEq) return same;
      if (rule.op == CompareOp::kNe) return !same;
      return false;
    }
    case RuleKind::kAge: {
      auto birth = item->type == ValueType::kDate ? Parsed(compiled.column, value, ValueType::kDate)
                                                  : ParseDate(value);
      std::optional<int64_t> at;
      if (compiled.constant_other) {
        other = compiled.other;
        at = compiled.other_value;
      } else {
        other = Resolve(rule.at, fields, row);
        if (other.available) at = OrderedValue(other.text, other.type);
      }
      if (!birth || !at) return false;
      int64_t at_days = other.type == ValueType::kDateTime ? *at / kSecondsPerDay : *at;
      int age = AgeInYears(*birth, at_days);
      return age < rule.min_age || age > rule.max_age;
    }
    case RuleKind::kConditional: {
      for (const spec::Condition& c : rule.conditions) {
        if (!Holds(c, fields)) return false;
      }
      if (!rule.conditions.empty()) {
        const spec::Condition& first = rule.conditions.front();
        other = {Field(fields, first.item), ValueType::kText, true};
      }
      return !Holds(rule.then, fields);
    }
    case RuleKind::kVersionInForce:
      if (IsBlank(value)) return false;
      other = {version_in_force_, ValueType::kText, true};
      return Trim(value) != version_in_force_;
    case RuleKind::kSchemeFormat: {
      if (IsBlank(value)) return false;
      std::string_view scheme = Trim(Field(fields, rule.scheme_item));
      other = {scheme, ValueType::kText, true};
      for (const auto& [code, type] : rule.scheme_types) {
        if (code == scheme) return !MatchesType(value, type);
      }
      return false;  // an unknown scheme is the scheme item's own code rule's business
    }
    default:
      return false;
  }
}

void RecordChecker::KeepUnmatchedJoin(uint64_t row) const {
  // The key is joined with kKeySeparator; reports show "+".
  std::string value(lookup_.key);
  std::replace(value.begin(), value.end(), kKeySeparator, '+');
  data_.unmatched_join.emplace(static_cast<uint32_t>(row), std::move(value));
}

[[gnu::always_inline]] inline void RecordChecker::CheckGroup(
    const Group& g, std::string_view value, const std::vector<std::string_view>& fields,
    uint64_t row) {
  // Most optional items are blank, and most kinds say nothing about a blank value.
  const uint32_t end = value.empty() ? g.blank_end : g.end;
  if (g.planned && !value.empty() && PassesPlan(g, value)) return;
  for (uint32_t i = g.begin; i < end; ++i) {
    const Compiled& c = rules_[i];
    bool fires;
    switch (c.kind) {
      case RuleKind::kCode:
        fires = !IsBlank(value) && !code_sets_[c.code_set].Contains(value);
        break;
      case RuleKind::kBlank:
        fires = IsBlank(value);
        break;
      case RuleKind::kFormat:
        if (c.format_path == FormatPath::kDate || c.format_path == FormatPath::kTime) {
          fires = !Parsed(c.column, value, c.item_type).has_value();
          break;
        }
        if (c.format_path == FormatPath::kText && value.size() >= c.min_length &&
            value.size() <= c.max_length && IsShortAscii(value)) {
          fires = false;
          break;
        }
        if (c.format_path == FormatPath::kDigits) {
          // MatchesFormat for these is digits only, of an allowed length.
          fires =
              value.size() < c.min_length || value.size() > c.max_length || !AllAsciiDigits(value);
          break;
        }
        [[fallthrough]];
      case RuleKind::kCompare:
        if (c.date_bound) {
          // A value that is not a date fails its format rule, not this one.
          std::optional<int64_t> own = Parsed(c.column, value, ValueType::kDate);
          if (own && Compare(*own, c.bound, c.rule->op)) fired_.push_back({&c, c.other});
          continue;
        }
        [[fallthrough]];
      case RuleKind::kConditional:
        // A conditional rule whose first condition is that an item be populated says nothing
        // of a row where that item is empty: most rows.
        if (c.kind == RuleKind::kConditional && c.if_populated_column != kNoColumn &&
            (c.if_populated_column < 0 || fields[c.if_populated_column].empty())) {
          continue;
        }
        // The same for "if X blank" on a row where X is not, and "if X in (one code)" on a row
        // where X holds another value; Holds() reads them the same way.
        if (c.if_test != IfTest::kNone) {
          const std::string_view x = c.if_column < 0 ? std::string_view() : fields[c.if_column];
          if (c.if_test == IfTest::kBlank ? !IsBlank(x) : Trim(x) != c.if_value) continue;
        }
        [[fallthrough]];
      default: {
        Operand other;
        if (Fires(c, value, fields, row, other)) fired_.push_back({&c, other});
        continue;
      }
    }
    if (fires) fired_.push_back({&c, Operand{}});
  }
}

bool RecordChecker::Check(const std::vector<std::string_view>& fields, uint64_t row) {
  current_row_ = row;
  fired_.clear();
  // The order in which groups run does not matter: what fired is put in rule order below.
  if (++rows_checked_ == kRowsBeforeSettling) SettleColumnLists();
  const std::string_view* field = fields.data();
  const auto* field_bytes = reinterpret_cast<const char*>(field);
  const auto field_at = [field_bytes](uint32_t offset) {
    return *reinterpret_cast<const std::string_view*>(field_bytes + offset);
  };
  const auto size_at = [field_bytes](uint32_t offset) {
    return reinterpret_cast<const std::string_view*>(field_bytes + offset)->size();
  };
  for (PopulatedOnly& p : populated_only_) {
    if (size_at(p.offset) == 0) continue;
    ++p.populated;
    CheckGroup(groups_[p.group], field_at(p.offset), fields, row);
  }
  for (const RareQuad& q : rare_quads_) {
    if ((size_at(q.offset[0]) | size_at(q.offset[1]) | size_at(q.offset[2]) |
         size_at(q.offset[3])) != 0) {
      CheckRareQuad(q, fields, row);
    }
  }
  for (const Gated& q : gated_) {
    if ((size_at(q.offset) | size_at(q.gate_offset)) != 0) CheckGated(q, fields, row);
  }
  for (const uint32_t i : always_) {
    const Group& g = groups_[i];
    CheckGroup(g, field[g.column], fields, row);
  }
  if (itemless_ >= 0) CheckGroup(groups_[itemless_], std::string_view(), fields, row);
  if (fired_.empty()) return false;
  std::sort(fired_.begin(), fired_.end(),
            [](const Fired& a, const Fired& b) { return a.rule->position < b.rule->position; });
  bool file_rejected = false;
  for (const Fired& f : fired_) Emit(*f.rule, f.other, fields, row, file_rejected);
  return file_rejected;
}

[[gnu::noinline]] void RecordChecker::CheckRareQuad(const RareQuad& q,
                                                    const std::vector<std::string_view>& fields,
                                                    uint64_t row) {
  for (int k = 0; k < 4; ++k) {
    const std::string_view value = fields[q.offset[k] / sizeof(std::string_view)];
    if (!value.empty()) CheckGroup(groups_[q.group[k]], value, fields, row);
  }
}

[[gnu::noinline]] void RecordChecker::CheckGated(const Gated& q,
                                                 const std::vector<std::string_view>& fields,
                                                 uint64_t row) {
  const Group& g = groups_[q.group];
  CheckGroup(g, fields[g.column], fields, row);
}

void RecordChecker::SettleColumnLists() {
  // The rarest columns last; of those below the share, a multiple of four (the rarest) move.
  std::stable_sort(
      populated_only_.begin(), populated_only_.end(),
      [](const PopulatedOnly& a, const PopulatedOnly& b) { return a.populated > b.populated; });
  size_t rare = 0;
  while (rare < populated_only_.size() &&
         populated_only_[populated_only_.size() - 1 - rare].populated * kRareShare <
             rows_checked_) {
    ++rare;
  }
  rare -= rare % 4;
  for (size_t i = populated_only_.size() - rare; i < populated_only_.size(); i += 4) {
    RareQuad q;
    for (size_t k = 0; k < 4; ++k) {
      q.offset[k] = populated_only_[i + k].offset;
      q.group[k] = populated_only_[i + k].group;
    }
    rare_quads_.push_back(q);
  }
  populated_only_.resize(populated_only_.size() - rare);
}

void RecordChecker::Emit(const Compiled& c, const Operand& other,
                         const std::vector<std::string_view>& fields, uint64_t row,
                         bool& file_rejected) {
  const spec::Rule& rule = *c.rule;
  FindingFacts facts;
  facts.table = table_index_;
  facts.row = row + 1;
  facts.line = data_.lines[row];
  facts.item = rule.item;
  facts.value = c.column >= 0 ? fields[c.column] : std::string_view();
  facts.keys.reserve(table_.key_items.size());
  for (int k : table_.key_items) facts.keys.emplace_back(Field(fields, k));
  facts.other = rule.kind == RuleKind::kAge ? rule.at.label : rule.other.label;
  if (rule.kind == RuleKind::kConditional && !rule.conditions.empty()) {
    facts.other = table_.items[rule.conditions.front().item].short_name;
  }
  if (rule.kind == RuleKind::kSchemeFormat) facts.other = table_.items[rule.scheme_item].short_name;
  if (rule.kind == RuleKind::kVersionInForce) facts.other = period_month_;
  facts.other_value = other.text;
  FindingId id = log_.Emit(c.index, std::move(facts));

  if (!rule.rejects()) return;
  // A file-level rule rejects the whole file; marking its row too would only add a cascade
  // of findings about rows that are not accepted anyway.
  if (rule.level == spec::Level::kFile) {
    file_rejected = true;
    return;
  }
  if (data_.reject_cause[row] == kNoFinding) {
    data_.reject_cause[row] = id;
    data_.independent_rejections[row] = 1;
  } else if (data_.independent_rejections[row] < 2) {
    data_.independent_rejections[row] = 2;
  }
}

}  // namespace mhds::validate::internal
