#include "mhds/generate/defect_planner.h"

#include <algorithm>

#include "mhds/base/calendar.h"
#include "mhds/base/text.h"
#include "mhds/generate/file_defect.h"
#include "mhds/validate/value_checks.h"

namespace mhds::generate {
namespace {

using spec::CompareOp;
using spec::RuleKind;
using spec::ValueType;

constexpr int kRowsTried = 4;  // rows of a unit a rule is tried on before giving up
constexpr int kExtraRowAttempts = 8;
constexpr size_t kLongestTooLong = 100;  // longer formats are not broken by length
// Pads a key or join value past its format's length; generated keys never hold it.
constexpr char kTooLongFill = '~';
// How far past a compare rule's limit a broken value goes, in the item's unit: the nearest value
// first, then further ones in case the nearest also trips a neighbouring rule.
constexpr int64_t kPastLimit[] = {1, 2, 10, 40, 400};
// A date (CCYY-MM-DD) made a date-time where a successor rule's dates are date-times.
constexpr size_t kDateLength = 10;
constexpr std::string_view kNoonSuffix = "T12:00:00";

std::string OnScale(int64_t v, ValueType type) {
  if (IsTimed(type)) return ValueMaker::ScaledText(v, type);
  return v < 0 ? std::string() : std::to_string(v);
}

}  // namespace

DefectPlanner::DefectPlanner(const Shape& shape, const Context& context, RowFactory& rows, Rng& rng)
    : shape_(shape), context_(context), spec_(context.rules->spec()), rows_(rows), rng_(rng) {
  joined_.resize(spec_.tables.size());
  for (size_t t = 0; t < spec_.tables.size(); ++t) {
    joined_[t].assign(spec_.tables[t].items.size(), false);
  }
  auto mark = [&](int table, const std::vector<int>& items) {
    for (int i : items) joined_[table][i] = true;
  };
  for (size_t t = 0; t < spec_.tables.size(); ++t) {
    const spec::Table& table = spec_.tables[t];
    if (table.parent < 0) continue;
    mark(static_cast<int>(t), table.parent_items);
    mark(table.parent, spec_.tables[table.parent].key_items);
  }
  if (spec_.header_table >= 0) {
    read_by_rows_.assign(spec_.tables[spec_.header_table].items.size(), false);
    for (const spec::Rule& rule : spec_.rules) {
      if (rule.table == spec_.header_table) continue;
      for (const spec::Reference* ref : {&rule.other, &rule.at}) {
        if (ref->scope == spec::Reference::Scope::kHeader && ref->item >= 0) {
          read_by_rows_[ref->item] = true;
        }
      }
    }
  }
  for (const spec::Rule& rule : spec_.rules) {
    if (rule.table < 0 || rule.other_table < 0) continue;
    if (rule.kind == RuleKind::kParent || rule.kind == RuleKind::kHasChild) {
      mark(rule.table, rule.items);
      mark(rule.other_table, rule.other_items);
    }
  }
}

std::string DefectPlanner::WhyNot(int r) const {
  const spec::Rule& rule = spec_.rules[r];
  if (rule.kind == RuleKind::kUnsupported) return "mhds does not check it yet";
  if (IsFileDefectKind(rule.kind)) {
    // Planted by the generator in the files it writes (file_defect.h), never in a row.
    return allow_alone_ ? "" : "a check of the files: plant it alone (--defects CODE)";
  }
  if (rule.table < 0) return "a structural check of every table";
  if (rule.table == spec_.header_table && rule.item >= 0 &&
      (rule.item == spec_.period_start_item || rule.item == spec_.period_end_item ||
       read_by_rows_[rule.item])) {
    return "other rows' rules read its item (the reporting period, the provider ...)";
  }
  if (rule.kind == RuleKind::kMaxRows) {
    // Planted by the generator, which writes the table's row once too often (the header twice).
    const int s = shape_.by_table[rule.table];
    if (s < 0) return "generate.csv gives its table no rows";
    if (rule.table != spec_.header_table) return "the table's rows are not limited per patient";
    return allow_alone_ ? ""
                        : "it rejects every row of the header: plant it alone (--defects CODE)";
  }
  if (rule.level == spec::Level::kFile && !allow_alone_) {
    return "it rejects the whole file, hiding every other defect: plant it alone (--defects CODE)";
  }
  if (rule.table == spec_.header_table && !allow_alone_) {
    return "a rejected header rejects the whole file: plant it alone (--defects CODE)";
  }
  const int s = shape_.by_table[rule.table];
  if (s < 0) return "generate.csv gives its table no rows";
  if (rule.item >= 0 && rule.kind != RuleKind::kConditional) {
    const Reach reach = ItemReach(rule.table, rule.item, Alone(rule));
    // Where a value could be held by another row, only a value no other row can hold is planted:
    // a blank (which neither joins nor repeats) or the row's own value made one character too
    // long.
    const bool unique_value =
        rule.kind == RuleKind::kBlank ||
        (rule.kind == RuleKind::kFormat &&
         spec_.tables[rule.table].items[rule.item].format.max_length < kLongestTooLong);
    if (reach == Reach::kOtherPatients && !unique_value) {
      return "its item is unique across the table (a duplicate rule): a planted value could be "
             "another patient's";
    }
    if (reach == Reach::kJoins && !unique_value) {
      return "its item joins rows (a key, join or reference item): only a blank or a value one "
             "character too long, which no other row can hold, is planted there";
    }
  }
  return "";
}

bool DefectPlanner::Orphans(int r) const {
  const spec::Rule& rule = spec_.rules[r];
  return rule.table >= 0 && rule.item >= 0 && rule.kind != RuleKind::kConditional &&
         ItemReach(rule.table, rule.item, Alone(rule)) == Reach::kJoins;
}

bool DefectPlanner::Alone(const spec::Rule& rule) const {
  return allow_alone_ && (rule.level == spec::Level::kFile || rule.table == spec_.header_table);
}

DefectPlanner::Reach DefectPlanner::ItemReach(int table, int item, bool alone) const {
  const spec::Table& t = spec_.tables[table];
  // Joined items hold keys made for the patient (or copied from them): no other patient's.
  auto joins = [&](int i) { return joined_[table][i]; };
  for (int r : t.group_rules) {
    const spec::Rule& rule = spec_.rules[r];
    if (rule.kind != RuleKind::kDuplicate || alone) continue;
    if (std::find(rule.items.begin(), rule.items.end(), item) == rule.items.end() &&
        rule.where_blank != item) {
      continue;
    }
    // Values are planted alike in every patient: two patients could share one unless the
    // rule's items hold one of the patient's own keys.
    if (!std::any_of(rule.items.begin(), rule.items.end(), joins)) return Reach::kOtherPatients;
  }
  return joins(item) ? Reach::kJoins : Reach::kRow;
}

bool DefectPlanner::FindsWithOrphans(const Unit& unit, int rule, int row,
                                     std::vector<std::pair<int, int>>& also) const {
  UnitOutcome outcome = CheckUnit(context_, unit);
  bool own = false;
  also.clear();
  for (const UnitOutcome::Root& root : outcome.roots) {
    if (root.rule == rule && root.row == row) {
      own = true;
      continue;
    }
    const spec::Rule& r = spec_.rules[root.rule];
    const bool orphan =
        r.rejects() && root.row != row &&
        (r.kind == RuleKind::kHasChild ||
         (r.kind == RuleKind::kParent && r.other_table == spec_.tables[r.table].parent));
    if (!orphan) return false;
    also.emplace_back(root.rule, root.row);
  }
  return own;
}

bool DefectPlanner::FindsExactly(const Unit& unit, int rule, std::vector<int> rows) const {
  UnitOutcome outcome = CheckUnit(context_, unit);
  std::vector<int> found;
  for (const UnitOutcome::Root& root : outcome.roots) {
    if (root.rule != rule) return false;
    found.push_back(root.row);
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  std::sort(rows.begin(), rows.end());
  return found == rows;
}

bool DefectPlanner::Plant(int rule, Unit& unit, PlantedDefect& out) {
  if (!WhyNot(rule).empty()) return false;
  std::vector<int> candidates;
  for (size_t i = 0; i < unit.rows.size(); ++i) {
    if (!unit.rows[i].removed && unit.rows[i].table == spec_.rules[rule].table) {
      candidates.push_back(static_cast<int>(i));
    }
  }
  for (int tried = 0; tried < kRowsTried && !candidates.empty(); ++tried) {
    const size_t pick = rng_.Below(candidates.size());
    const int row = candidates[pick];
    candidates.erase(candidates.begin() + static_cast<std::ptrdiff_t>(pick));
    Unit backup = unit;
    out = PlantedDefect{rule, {}, -1, {}, {}};
    if (PlantOn(rule, row, unit, out)) return true;
    unit = std::move(backup);
  }
  return false;
}

bool DefectPlanner::PlantOn(int rule, int row, Unit& unit, PlantedDefect& out) {
  switch (spec_.rules[rule].kind) {
    case RuleKind::kDuplicate:
      return PlantDuplicate(rule, row, unit, out);
    case RuleKind::kParent:
      return PlantParent(rule, row, unit, out);
    case RuleKind::kHasChild:
      return PlantMissingChild(rule, row, unit, out);
    case RuleKind::kSuccessor:
      return PlantNoSuccessor(rule, row, unit, out);
    default:
      return PlantValue(rule, row, unit, out);
  }
}

std::vector<std::string> DefectPlanner::BrokenValues(int r, int row, const Unit& unit) const {
  const spec::Rule& rule = spec_.rules[r];
  const spec::Item& it = spec_.tables[rule.table].items[rule.item];
  const UnitRow& ur = unit.rows[row];
  const int p = FindParent(spec_, unit, row);
  const Row* parent = p >= 0 ? &unit.rows[p].values : nullptr;
  const spec::Format& f = it.format;
  const bool digits = f.charset != spec::Format::Charset::kAny;
  std::vector<std::string> values;
  switch (rule.kind) {
    case RuleKind::kBlank:
      values.emplace_back();
      break;
    case RuleKind::kFormat:
      switch (it.type) {
        case ValueType::kDate:
          values = {"2026-02-30", "2026/10/05"};
          break;
        case ValueType::kDateTime:
          values = {"2026-02-30T10:00:00", "2026-10-05 25:00"};
          break;
        case ValueType::kTime:
          values = {"25:00:00", "10.30"};
          break;
        case ValueType::kPostcode:
          values = {"LS14AP", "1AA 4LS"};
          break;
        case ValueType::kSnomed:
          values = {"1234567", "0123456"};
          break;
        case ValueType::kInteger:
          values = {"1A", "-"};
          break;
        case ValueType::kDecimal:
          values = {"1.2.3", "A"};
          break;
        default:
          if (digits) values.push_back(std::string(std::max<size_t>(f.min_length, 1), 'A'));
          break;
      }
      if (ItemReach(rule.table, rule.item, Alone(rule)) != Reach::kRow) {
        // A key or join value must stay unique: the row's own value, made one character too
        // long, is held by no other row of any patient.
        values.clear();
        const std::string& v = ur.values[rule.item];
        if (f.max_length < kLongestTooLong && !Trim(v).empty() && v.size() <= f.max_length) {
          values.push_back(v + std::string(f.max_length + 1 - v.size(), kTooLongFill));
        }
        break;
      }
      if (f.max_length < kLongestTooLong) values.push_back(std::string(f.max_length + 1, '9'));
      if (f.min_length > 1) values.push_back(std::string(f.min_length - 1, '9'));
      break;
    case RuleKind::kCode: {
      // A code of the list that is not valid in the period reads best; else an invented one.
      for (const auto& [code, entry] : spec_.code_lists[rule.code_list].codes) {
        if (!context_.rules->IsValidCode(rule.code_list, code)) values.push_back(code);
      }
      std::sort(values.begin(), values.end());
      const size_t lo = std::max<size_t>(f.min_length, 1);
      const size_t hi = std::min<size_t>(std::max<size_t>(lo, f.max_length), 4);
      for (size_t len = lo; len <= hi; ++len) {
        for (char c : std::string_view("Z9X0")) {
          std::string v(len, c);
          if (!context_.rules->IsValidCode(rule.code_list, v)) values.push_back(v);
        }
      }
      break;
    }
    case RuleKind::kCompare: {
      auto other =
          context_.rules->Resolve(rule.other, rule.table, ur.values, context_.header, parent);
      if (!other) break;
      if (!IsTimed(it.type) && it.type != ValueType::kInteger) {
        std::string text(other->text);
        if (rule.op == CompareOp::kEq) values.push_back(text);
        if (rule.op == CompareOp::kNe && !text.empty()) {
          for (char c : std::string_view("ZY9")) {
            std::string changed = text;
            changed.back() = changed.back() == c ? 'Q' : c;
            values.push_back(changed);
          }
        }
        break;
      }
      const std::string_view probe = it.type == ValueType::kDate       ? "2000-01-02"
                                     : it.type == ValueType::kDateTime ? "2000-01-02T00:00:00"
                                     : it.type == ValueType::kTime     ? "00:00:01"
                                                                       : "1";
      auto scaled = CommonScale({probe, it.type}, *other, rule.offset_seconds);
      if (!scaled) break;
      const int64_t m =
          it.type == ValueType::kDate && other->type == ValueType::kDateTime ? kSecondsPerDay : 1;
      const int64_t limit = scaled->second;
      for (int64_t past : kPastLimit) {
        int64_t v = 0;
        switch (rule.op) {  // the smallest step into where `v op limit` holds, then further
          case CompareOp::kGt:
            v = FloorDiv(limit, m) + past;
            break;
          case CompareOp::kGe:
            v = CeilDiv(limit, m) + past - 1;
            break;
          case CompareOp::kLt:
            v = CeilDiv(limit, m) - past;
            break;
          case CompareOp::kLe:
            v = FloorDiv(limit, m) - past + 1;
            break;
          case CompareOp::kNe:
            v = FloorDiv(limit, m) + (past % 2 == 0 ? -past : past);
            break;
          case CompareOp::kEq:
            if (limit % m != 0) continue;
            v = limit / m;
            break;
        }
        values.push_back(OnScale(v, it.type));
      }
      break;
    }
    case RuleKind::kAge: {
      auto at = context_.rules->Resolve(rule.at, rule.table, ur.values, context_.header, parent);
      auto at_value = at ? validate::OrderedValue(at->text, at->type) : std::nullopt;
      if (!at_value) break;
      int64_t at_days = at->type == ValueType::kDateTime ? *at_value / kSecondsPerDay : *at_value;
      values.push_back(FormatDate(at_days - (int64_t{rule.max_age} + 1) * 366 - 10));
      if (rule.min_age > 0) values.push_back(FormatDate(at_days - 1));
      break;
    }
    case RuleKind::kNhsNumber: {
      // The same number with another check digit: still ten digits, failing Modulus 11.
      const std::string& v = ur.values[rule.item];
      if (v.size() != 10) break;
      for (char d : std::string_view("0123456789")) {
        if (d != v.back()) values.push_back(v.substr(0, 9) + d);
      }
      break;
    }
    case RuleKind::kVersionInForce: {
      // Another version of the same shape ("6.0" -> "5.0", "9.0").
      const std::string& v = ur.values[rule.item];
      for (char d : std::string_view("59")) {
        if (!v.empty() && v.front() != d) values.push_back(d + v.substr(1));
      }
      break;
    }
    case RuleKind::kSchemeFormat:
      values = {"ZZZZZZ", "X", "0", std::string(f.max_length < kLongestTooLong ? 1 : 20, '1')};
      break;
    default:
      break;
  }
  return values;
}

bool DefectPlanner::PlantValue(int r, int row, Unit& unit, PlantedDefect& out) {
  const spec::Rule& rule = spec_.rules[r];
  Row& values = unit.rows[row].values;
  const int p = FindParent(spec_, unit, row);
  if (rule.kind == RuleKind::kConditional) {
    // Make every condition hold and the `then` condition fail, changing as few items as needed.
    using Op = spec::Condition::Op;
    auto make = [&](int item) {
      std::string v;
      rows_.MakeValue(rule.table, item, values, p >= 0 ? &unit.rows[p].values : nullptr, v);
      return v;
    };
    auto set = [&](const spec::Condition& c, bool hold) {
      if (ItemReach(rule.table, c.item, false) != Reach::kRow) return false;
      std::string& v = values[c.item];
      const bool is_in = c.op == Op::kIn || c.op == Op::kNotIn;
      const bool want_blank = (c.op == Op::kBlank) == hold;
      if (!is_in) {
        if (want_blank) {
          v.clear();
        } else if (Trim(v).empty()) {
          v = make(c.item);
        }
        return true;
      }
      const bool want_listed = (c.op == Op::kIn) == hold;
      if (want_listed) {
        if (c.values.empty()) return false;
        v = c.values.front();
        return true;
      }
      const bool listed = std::find(c.values.begin(), c.values.end(), v) != c.values.end();
      if (listed) v.clear();
      return true;
    };
    for (const spec::Condition& c : rule.conditions) {
      if (!set(c, true)) return false;
    }
    if (!set(rule.then, false)) return false;
    out.item = rule.item;
    out.value = rule.item >= 0 ? values[rule.item] : "";
    out.rows = {row};
    return FindsExactly(unit, r, out.rows);
  }
  if (rule.item < 0) return false;
  const bool joins = ItemReach(rule.table, rule.item, Alone(rule)) == Reach::kJoins;
  if (rule.kind == RuleKind::kSchemeFormat) {
    if (rule.scheme_types.empty() ||
        ItemReach(rule.table, rule.scheme_item, false) != Reach::kRow) {
      return false;
    }
    values[rule.scheme_item] = rule.scheme_types.front().first;
  }
  const std::string saved = values[rule.item];
  for (const std::string& broken : BrokenValues(r, row, unit)) {
    if (broken == saved) continue;
    values[rule.item] = broken;
    if (joins ? FindsWithOrphans(unit, r, row, out.also) : FindsExactly(unit, r, {row})) {
      out.item = rule.item;
      out.value = broken;
      out.rows = {row};
      return true;
    }
  }
  values[rule.item] = saved;
  return false;
}

bool DefectPlanner::PlantDuplicate(int r, int row, Unit& unit, PlantedDefect& out) {
  const spec::Rule& rule = spec_.rules[r];
  const spec::Table& t = spec_.tables[rule.table];
  const UnitRow a = unit.rows[row];
  for (int i : rule.items) {
    if (Trim(a.values[i]).empty()) return false;
  }
  if (rule.where_blank >= 0 && !Trim(a.values[rule.where_blank]).empty()) return false;
  bool covers_key = true;
  for (int k : t.key_items) {
    covers_key =
        covers_key && std::find(rule.items.begin(), rule.items.end(), k) != rule.items.end();
  }
  auto copy_into = [&](Row& b) {
    for (int i : rule.items) b[i] = a.values[i];
    if (rule.where_blank >= 0) b[rule.where_blank].clear();
  };
  // A second row with the first one's values: a new row when the rule's items hold the whole key
  // (the rows below the first then hang under both), else an existing row of the unit.
  if (covers_key) {
    // A copy: adding rows moves the unit's rows.
    const Row parent_values = a.parent >= 0 ? unit.rows[a.parent].values : Row();
    const Row* parent = a.parent >= 0 ? &parent_values : nullptr;
    for (int attempt = 0; attempt < kExtraRowAttempts; ++attempt) {
      UnitRow b{rule.table, a.parent, {}, false};
      if (!rows_.Make(rule.table, parent, {}, b.values).ok()) return false;
      copy_into(b.values);
      unit.rows.push_back(std::move(b));
      const int added = static_cast<int>(unit.rows.size()) - 1;
      if (FindsExactly(unit, r, {row, added})) {
        out.rows = {row, added};
        return true;
      }
      unit.rows.pop_back();
    }
    return false;
  }
  for (size_t c = 0; c < unit.rows.size(); ++c) {
    UnitRow& other = unit.rows[c];
    if (static_cast<int>(c) == row || other.removed || other.table != rule.table) continue;
    const Row saved = other.values;
    copy_into(other.values);
    // The copy must not move the row away from its own parent or children.
    if (SameValues(saved, other.values, t.key_items) &&
        SameValues(saved, other.values, t.parent_items) &&
        FindsExactly(unit, r, {row, static_cast<int>(c)})) {
      out.rows = {row, static_cast<int>(c)};
      return true;
    }
    other.values = saved;
  }
  return false;
}

bool DefectPlanner::PlantParent(int r, int row, Unit& unit, PlantedDefect& out) {
  const spec::Rule& rule = spec_.rules[r];
  const spec::Table& t = spec_.tables[rule.table];
  if (rule.other_table == t.parent) {
    // A new row whose join items name a parent row that was never made.
    const int a_parent = unit.rows[row].parent;
    const Row parent_values = a_parent >= 0 ? unit.rows[a_parent].values : Row();
    const Row* parent = a_parent >= 0 ? &parent_values : nullptr;
    for (int attempt = 0; attempt < kExtraRowAttempts; ++attempt) {
      UnitRow b{rule.table, -1, {}, false};
      if (!rows_.Make(rule.table, parent, {}, b.values).ok()) return false;
      for (size_t k = 0; k < rule.items.size(); ++k) {
        b.values[rule.items[k]] = rows_.NewKey(rule.other_table, rule.other_items[k]);
      }
      unit.rows.push_back(std::move(b));
      const int added = static_cast<int>(unit.rows.size()) - 1;
      if (FindsExactly(unit, r, {added})) {
        out.rows = {added};
        out.item = rule.items.size() == 1 ? rule.items[0] : -1;
        out.value = out.item >= 0 ? unit.rows[added].values[out.item] : "";
        return true;
      }
      unit.rows.pop_back();
    }
    return false;
  }
  // A reference (staff, team ...) that names no row of the referenced table.
  for (int i : rule.items) {
    if (std::find(t.key_items.begin(), t.key_items.end(), i) != t.key_items.end() ||
        std::find(t.parent_items.begin(), t.parent_items.end(), i) != t.parent_items.end()) {
      return false;
    }
  }
  Row& values = unit.rows[row].values;
  for (size_t k = 0; k < rule.items.size(); ++k) {
    values[rule.items[k]] = rows_.NewKey(rule.other_table, rule.other_items[k]);
  }
  out.rows = {row};
  out.item = rule.items.size() == 1 ? rule.items[0] : -1;
  out.value = out.item >= 0 ? values[out.item] : "";
  return FindsExactly(unit, r, out.rows);
}

bool DefectPlanner::PlantMissingChild(int r, int row, Unit& unit, PlantedDefect& out) {
  const spec::Rule& rule = spec_.rules[r];
  const Row& values = unit.rows[row].values;
  bool any = false;
  for (size_t i = 0; i < unit.rows.size(); ++i) {
    UnitRow& child = unit.rows[i];
    if (child.removed) continue;
    if ((child.table == rule.other_table &&
         Joins(values, rule.items, child.values, rule.other_items)) ||
        (child.parent >= 0 && unit.rows[child.parent].removed)) {
      child.removed = true;
      any = true;
    }
  }
  out.rows = {row};
  return any && FindsExactly(unit, r, out.rows);
}

// The row is made to end on a day no row of the unit takes over from: the last or first day of
// the reporting period, or the row's own start.
bool DefectPlanner::PlantNoSuccessor(int r, int row, Unit& unit, PlantedDefect& out) {
  const spec::Rule& rule = spec_.rules[r];
  Row& values = unit.rows[row].values;
  std::vector<std::string> ends;
  if (context_.header != nullptr && spec_.period_end_item >= 0) {
    ends.push_back((*context_.header)[spec_.period_end_item]);
    ends.push_back((*context_.header)[spec_.period_start_item]);
  }
  ends.push_back(values[rule.start_item]);
  const bool timed = spec_.tables[rule.table].items[rule.end_item].type == ValueType::kDateTime;
  const std::string saved = values[rule.end_item];
  for (std::string end : ends) {
    if (Trim(end).empty() || end == saved) continue;
    if (timed && end.size() == kDateLength) end += kNoonSuffix;
    values[rule.end_item] = end;
    if (FindsExactly(unit, r, {row})) {
      out.item = rule.end_item;
      out.value = end;
      out.rows = {row};
      return true;
    }
  }
  values[rule.end_item] = saved;
  return false;
}

}  // namespace mhds::generate
