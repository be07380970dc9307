#include "mhds/spec/internal/rule_parser.h"

#include <array>
#include <map>
#include <optional>
#include <utility>

#include "mhds/base/calendar.h"
#include "mhds/base/text.h"

namespace mhds::spec::internal {
namespace {

constexpr std::array<std::pair<std::string_view, RuleKind>, 21> kKinds = {{
    {"blank", RuleKind::kBlank},
    {"format", RuleKind::kFormat},
    {"code", RuleKind::kCode},
    {"nhs_number", RuleKind::kNhsNumber},
    {"compare", RuleKind::kCompare},
    {"age", RuleKind::kAge},
    {"conditional", RuleKind::kConditional},
    {"scheme_format", RuleKind::kSchemeFormat},
    {"version_in_force", RuleKind::kVersionInForce},
    {"duplicate", RuleKind::kDuplicate},
    {"max_rows", RuleKind::kMaxRows},
    {"parent", RuleKind::kParent},
    {"has_child", RuleKind::kHasChild},
    {"successor", RuleKind::kSuccessor},
    {"missing_table", RuleKind::kMissingTable},
    {"empty_table", RuleKind::kEmptyTable},
    {"missing_column", RuleKind::kMissingColumn},
    {"unknown_column", RuleKind::kUnknownColumn},
    {"duplicate_column", RuleKind::kDuplicateColumn},
    {"unknown_table", RuleKind::kUnknownTable},
    {"unsupported", RuleKind::kUnsupported},
}};

bool IsStructural(RuleKind kind) {
  return kind == RuleKind::kMissingTable || kind == RuleKind::kEmptyTable ||
         kind == RuleKind::kMissingColumn || kind == RuleKind::kUnknownColumn ||
         kind == RuleKind::kDuplicateColumn || kind == RuleKind::kUnknownTable;
}

bool IsGroup(RuleKind kind) {
  return kind == RuleKind::kDuplicate || kind == RuleKind::kMaxRows || kind == RuleKind::kParent ||
         kind == RuleKind::kHasChild || kind == RuleKind::kSuccessor;
}

// One rules.csv row being parsed; reports problems against its cells.
class RowParser {
 public:
  RowParser(const Sheet& sheet, size_t row, Spec& spec, Problems& problems)
      : sheet_(sheet), row_(row), spec_(spec), problems_(problems) {}

  std::optional<Rule> Parse();

 private:
  void Problem(const char* column, const std::string& what) {
    problems_.Add(sheet_.At(row_, column), what);
  }
  bool ParseParams();
  std::string Param(const char* key, bool required = false);
  int ItemOf(int table, const std::string& name, const char* column);
  std::vector<int> ItemsOf(int table, const std::string& names, const char* column);
  std::optional<Reference> ParseReference(int table, const std::string& text);
  std::optional<Condition> ParseCondition(int table, const std::string& text);
  void ParseKindParams(Rule& rule);

  const Sheet& sheet_;
  size_t row_;
  Spec& spec_;
  Problems& problems_;
  std::map<std::string, std::string> params_;
  std::map<std::string, bool> used_;
};

// Pairs are separated by ';', and so are the items of a list value ("items=A;B; where_blank=C"):
// a piece without '=' continues the value of the pair before it.
bool RowParser::ParseParams() {
  std::string last_key;
  for (const std::string& piece : SplitTrimmed(sheet_.Get(row_, "params"), ';')) {
    if (piece.empty()) continue;
    size_t eq = piece.find('=');
    if (eq == std::string::npos) {
      if (last_key.empty()) {
        Problem("params", "parameter '" + piece + "' is not key=value");
        return false;
      }
      params_[last_key] += ";" + piece;
      continue;
    }
    last_key = std::string(Trim(std::string_view(piece).substr(0, eq)));
    params_[last_key] = std::string(Trim(std::string_view(piece).substr(eq + 1)));
  }
  return true;
}

std::string RowParser::Param(const char* key, bool required) {
  auto it = params_.find(key);
  used_[key] = true;
  if (it == params_.end()) {
    if (required) Problem("params", std::string("parameter '") + key + "' is required");
    return "";
  }
  return it->second;
}

int RowParser::ItemOf(int table, const std::string& name, const char* column) {
  int item = spec_.tables[table].FindItem(name);
  if (item < 0) Problem(column, "item " + name + " is not an item of " + spec_.tables[table].code);
  return item;
}

std::vector<int> RowParser::ItemsOf(int table, const std::string& names, const char* column) {
  std::vector<int> items;
  for (const std::string& name : SplitTrimmed(names, ';')) {
    for (const std::string& part : SplitTrimmed(name, '+')) {
      int item = ItemOf(table, part, column);
      if (item >= 0) items.push_back(item);
    }
  }
  return items;
}

std::optional<Reference> RowParser::ParseReference(int table, const std::string& text) {
  Reference ref;
  ref.text = text;
  struct Named {
    Reference::Scope scope;
    const char* label;
  };
  static const std::map<std::string, Named, std::less<>> kSubmission = {
      {"submission.period_start",
       {Reference::Scope::kPeriodStart, "the reporting period start chosen at upload"}},
      {"submission.period_end",
       {Reference::Scope::kPeriodEnd, "the reporting period end chosen at upload"}},
      {"submission.uploaded_at", {Reference::Scope::kUploadedAt, "the upload time"}},
      {"submission.org", {Reference::Scope::kOrg, "the uploading organisation"}},
      {"dataset.version", {Reference::Scope::kDatasetVersion, "the data set version"}},
  };
  if (auto it = kSubmission.find(text); it != kSubmission.end()) {
    ref.scope = it->second.scope;
    ref.label = it->second.label;
    return ref;
  }
  int target = table;
  std::string name = text;
  if (text.starts_with("header.")) {
    ref.scope = Reference::Scope::kHeader;
    target = spec_.header_table;
    name = text.substr(7);
  } else if (text.starts_with("parent.")) {
    ref.scope = Reference::Scope::kParent;
    target = spec_.tables[table].parent;
    name = text.substr(7);
    if (target < 0) {
      Problem("params", "'" + text + "': table " + spec_.tables[table].code + " has no parent");
      return std::nullopt;
    }
  } else if (text.find('.') != std::string::npos) {
    Problem("params", "reference '" + text +
                          "' is not Item, header.Item, parent.Item, submission.period_start, "
                          "submission.period_end, submission.uploaded_at, submission.org or "
                          "dataset.version");
    return std::nullopt;
  }
  ref.item = ItemOf(target, name, "params");
  if (ref.item < 0) return std::nullopt;
  ref.label = spec_.tables[target].items[ref.item].short_name;
  return ref;
}

std::optional<Condition> RowParser::ParseCondition(int table, const std::string& text) {
  size_t colon = text.find(':');
  if (colon == std::string::npos) {
    Problem("params", "condition '" + text +
                          "' is not Item:populated, Item:blank, Item:in(a|b) or Item:not_in(a|b)");
    return std::nullopt;
  }
  Condition c;
  c.item = ItemOf(table, std::string(Trim(text.substr(0, colon))), "params");
  std::string test(Trim(text.substr(colon + 1)));
  auto values = [&](size_t prefix) {
    if (test.back() != ')') return false;
    for (const std::string& v : SplitTrimmed(test.substr(prefix, test.size() - prefix - 1), '|')) {
      c.values.push_back(v);
    }
    return true;
  };
  if (test == "populated") {
    c.op = Condition::Op::kPopulated;
  } else if (test == "blank") {
    c.op = Condition::Op::kBlank;
  } else if (test.starts_with("in(") && values(3)) {
    c.op = Condition::Op::kIn;
  } else if (test.starts_with("not_in(") && values(7)) {
    c.op = Condition::Op::kNotIn;
  } else {
    Problem("params",
            "condition test '" + test + "' is not populated, blank, in(...) or not_in(...)");
    return std::nullopt;
  }
  if (c.item < 0) return std::nullopt;
  return c;
}

std::optional<int64_t> ParseOffset(const std::string& text) {
  if (text.empty()) return 0;
  char unit = text.back();
  int64_t scale = unit == 'd' ? kSecondsPerDay : unit == 'h' ? 3600 : 0;
  if (scale == 0) return std::nullopt;
  try {
    size_t used = 0;
    long long n = std::stoll(text.substr(0, text.size() - 1), &used);
    if (used != text.size() - 1) return std::nullopt;
    return n * scale;
  } catch (...) {
    return std::nullopt;
  }
}

void RowParser::ParseKindParams(Rule& rule) {
  const int t = rule.table;
  switch (rule.kind) {
    case RuleKind::kCode: {
      std::string list = Param("list");
      rule.code_list =
          list.empty() ? spec_.tables[t].items[rule.item].code_list : spec_.FindCodeList(list);
      if (rule.code_list < 0) {
        Problem(list.empty() ? "item" : "params", "no code list for " +
                                                      spec_.tables[t].items[rule.item].short_name +
                                                      "; name one in items.csv code_list or list=");
      }
      break;
    }
    case RuleKind::kCompare: {
      static const std::map<std::string, CompareOp> kOps = {
          {"lt", CompareOp::kLt}, {"le", CompareOp::kLe}, {"gt", CompareOp::kGt},
          {"ge", CompareOp::kGe}, {"eq", CompareOp::kEq}, {"ne", CompareOp::kNe}};
      std::string op = Param("op", true);
      if (auto it = kOps.find(op); it != kOps.end()) {
        rule.op = it->second;
      } else if (!op.empty()) {
        Problem("params", "op '" + op + "' is not lt, le, gt, ge, eq or ne");
      }
      if (auto ref = ParseReference(t, Param("other", true))) rule.other = *ref;
      auto offset = ParseOffset(Param("offset"));
      if (!offset) Problem("params", "offset must be a whole number followed by d or h, e.g. 1d");
      rule.offset_seconds = offset.value_or(0);
      break;
    }
    case RuleKind::kAge: {
      try {
        rule.min_age = std::stoi(Param("min", true));
        rule.max_age = std::stoi(Param("max", true));
      } catch (...) {
        Problem("params", "min and max must be whole numbers of years");
      }
      if (auto ref = ParseReference(t, Param("at", true))) rule.at = *ref;
      break;
    }
    case RuleKind::kConditional: {
      for (const std::string& part : SplitTrimmed(Param("if", true), '&')) {
        if (auto c = ParseCondition(t, part)) rule.conditions.push_back(*c);
      }
      if (auto c = ParseCondition(t, Param("then", true))) rule.then = *c;
      break;
    }
    case RuleKind::kSchemeFormat: {
      rule.scheme_item = ItemOf(t, Param("scheme", true), "params");
      for (const auto& [key, value] : params_) {
        if (key == "scheme") continue;
        used_[key] = true;
        auto type = ParseValueType(value);
        if (type.ok()) {
          rule.scheme_types.emplace_back(key, *type);
        } else {
          Problem("params", type.status().message());
        }
      }
      break;
    }
    case RuleKind::kDuplicate: {
      std::string items = Param("items");
      rule.items = items.empty() ? spec_.tables[t].key_items : ItemsOf(t, items, "params");
      if (rule.items.empty()) Problem("params", "duplicate needs items= or the table's key_items");
      std::string where = Param("where_blank");
      if (!where.empty()) rule.where_blank = ItemOf(t, where, "params");
      break;
    }
    case RuleKind::kMaxRows: {
      try {
        rule.max_rows = std::stoi(Param("max", true));
      } catch (...) {
        Problem("params", "max must be a whole number");
      }
      break;
    }
    case RuleKind::kParent: {
      std::string parent = Param("parent");
      rule.other_table = parent.empty() ? spec_.tables[t].parent : spec_.FindTable(parent);
      if (rule.other_table < 0) {
        Problem("params", parent.empty() ? "table has no parent; name one with parent="
                                         : "parent table " + parent + " is not defined");
        break;
      }
      const Table& p = spec_.tables[rule.other_table];
      std::string items = Param("items");
      rule.items = !items.empty()                               ? ItemsOf(t, items, "params")
                   : rule.other_table == spec_.tables[t].parent ? spec_.tables[t].parent_items
                                                                : std::vector<int>{};
      std::string parent_items = Param("parent_items");
      rule.other_items =
          parent_items.empty() ? p.key_items : ItemsOf(rule.other_table, parent_items, "params");
      if (rule.items.empty() || rule.items.size() != rule.other_items.size()) {
        Problem("params", "items= must name as many items as the parent's key (" +
                              std::to_string(rule.other_items.size()) + ")");
      }
      break;
    }
    case RuleKind::kHasChild: {
      std::string child = Param("child", true);
      rule.other_table = spec_.FindTable(child);
      if (rule.other_table < 0) {
        if (!child.empty()) Problem("params", "child table " + child + " is not defined");
        break;
      }
      const Table& c = spec_.tables[rule.other_table];
      std::string child_items = Param("child_items");
      rule.other_items = !child_items.empty() ? ItemsOf(rule.other_table, child_items, "params")
                         : c.parent == t      ? c.parent_items
                                              : std::vector<int>{};
      std::string items = Param("items");
      rule.items = items.empty() ? spec_.tables[t].key_items : ItemsOf(t, items, "params");
      if (rule.other_items.empty() || rule.items.size() != rule.other_items.size()) {
        Problem("params", "child_items= must name as many items of " + c.code + " as items=");
      }
      break;
    }
    case RuleKind::kSuccessor: {
      std::string items = Param("items");
      rule.items = items.empty() ? spec_.tables[t].parent_items : ItemsOf(t, items, "params");
      if (rule.items.empty())
        Problem("params", "successor needs items= or the table's parent_items");
      rule.end_item = ItemOf(t, Param("end", true), "params");
      rule.start_item = ItemOf(t, Param("start", true), "params");
      std::string differ = Param("differ");
      if (!differ.empty()) rule.differ_item = ItemOf(t, differ, "params");
      auto within = ParseOffset(Param("within"));
      if (!within || *within < 0) {
        Problem("params", "within must be a whole number, 0 or more, followed by d or h, e.g. 1d");
      }
      rule.offset_seconds = within.value_or(0);
      if (rule.end_item < 0 || rule.start_item < 0) break;
      const ValueType end_type = spec_.tables[t].items[rule.end_item].type;
      if (end_type != spec_.tables[t].items[rule.start_item].type ||
          (end_type != ValueType::kDate && end_type != ValueType::kDateTime)) {
        Problem("params", "end and start must both be date items or both datetime items");
      } else if (end_type == ValueType::kDate && rule.offset_seconds % kSecondsPerDay != 0) {
        Problem("params", "within must be whole days (e.g. 1d) for date items");
      }
      // The check reads the final state of the table, after every rejection has spread; a
      // rejecting successor rule would have to spread too, which nothing needs yet.
      if (rule.rejects()) Problem("severity", "successor rules are warnings (warning or warning1)");
      break;
    }
    case RuleKind::kVersionInForce:
      if (t != spec_.header_table) {
        Problem("table",
                "version_in_force checks the header's data set version; its table must "
                "be the header table " +
                    spec_.tables[spec_.header_table].code);
      }
      break;
    case RuleKind::kUnsupported:
      rule.reason = Param("reason");
      if (rule.reason.empty()) Problem("params", "unsupported rules need reason= saying why");
      break;
    default:
      break;
  }
}

std::optional<Rule> RowParser::Parse() {
  Rule rule;
  rule.code = sheet_.Get(row_, "code");
  rule.line = sheet_.At(row_, "code").line;
  rule.message = sheet_.Get(row_, "message");
  rule.params = sheet_.Get(row_, "params");
  std::string source = sheet_.Get(row_, "source");
  rule.national = source.empty() || source == "etos";
  if (rule.code.empty()) Problem("code", "rule code is blank");

  std::string kind = sheet_.Get(row_, "kind");
  bool found = false;
  for (const auto& [name, k] : kKinds) {
    if (name == kind) {
      rule.kind = k;
      found = true;
    }
  }
  if (!found) {
    Problem("kind", "unknown kind '" + kind + "'; see docs/spec_format.md for the kinds");
    return std::nullopt;
  }

  std::string level = sheet_.Get(row_, "level");
  if (level == "file") {
    rule.level = Level::kFile;
  } else if (level == "record") {
    rule.level = Level::kRecord;
  } else if (level == "group") {
    rule.level = Level::kGroup;
  } else {
    Problem("level", "level '" + level + "'; expected file, record or group");
  }
  std::string severity = sheet_.Get(row_, "severity");
  if (severity == "reject") {
    rule.severity = Severity::kReject;
  } else if (severity == "warning") {
    rule.severity = Severity::kWarning;
  } else if (severity == "warning1") {
    rule.severity = Severity::kWarning1;
  } else {
    Problem("severity", "severity '" + severity + "'; expected reject, warning or warning1");
  }

  std::string table = sheet_.Get(row_, "table");
  if (table == "*") {
    if (!IsStructural(rule.kind)) Problem("table", "only structural kinds may apply to table *");
  } else {
    rule.table = spec_.FindTable(table);
    if (rule.table < 0) {
      Problem("table", "table '" + table + "' is not in tables.csv");
      return std::nullopt;
    }
  }
  std::string item = sheet_.Get(row_, "item");
  if (!item.empty() && rule.table >= 0) {
    rule.item = ItemOf(rule.table, item, "item");
    if (rule.item < 0) return std::nullopt;
  }
  bool needs_item =
      !IsGroup(rule.kind) && !IsStructural(rule.kind) && rule.kind != RuleKind::kUnsupported;
  if (needs_item && rule.item < 0) {
    Problem("item", "kind " + kind + " checks an item; name it");
    return std::nullopt;
  }
  if (IsGroup(rule.kind) && rule.level != Level::kGroup) {
    Problem("level",
            "kind " + kind + " is evaluated after all rows are read; its level must be group");
  }
  if (!IsGroup(rule.kind) && rule.kind != RuleKind::kUnsupported && rule.level == Level::kGroup) {
    Problem("level", "kind " + kind + " checks one row; its level must be record or file");
  }
  if (!ParseParams()) return std::nullopt;
  ParseKindParams(rule);
  for (const auto& [key, value] : params_) {
    if (!used_[key]) Problem("params", "parameter '" + key + "' means nothing to kind " + kind);
  }
  return rule;
}

}  // namespace

void LoadRules(const Sheet& sheet, Spec& spec, Problems& problems) {
  std::map<std::string, uint64_t> seen;
  for (size_t r = 0; r < sheet.rows(); ++r) {
    std::optional<Rule> rule = RowParser(sheet, r, spec, problems).Parse();
    if (!rule) continue;
    if (auto [it, inserted] = seen.emplace(rule->code, rule->line); !inserted) {
      problems.Add(sheet.At(r, "code"), "rule code " + rule->code + " is also used on line " +
                                            std::to_string(it->second));
    }
    int index = static_cast<int>(spec.rules.size());
    if (rule->kind != RuleKind::kUnsupported) {
      if (rule->table < 0 || IsStructural(rule->kind)) {
        spec.structural_rules.push_back(index);
      } else if (IsGroup(rule->kind)) {
        spec.tables[rule->table].group_rules.push_back(index);
      } else {
        spec.tables[rule->table].record_rules.push_back(index);
      }
    }
    spec.rules.push_back(std::move(*rule));
  }
}

}  // namespace mhds::spec::internal
