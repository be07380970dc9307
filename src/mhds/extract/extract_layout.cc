#include "mhds/extract/extract_layout.h"

#include <algorithm>
#include <map>

#include "mhds/base/csv_document.h"
#include "mhds/base/status_macros.h"
#include "mhds/extract/xml_text.h"

namespace mhds::extract {
namespace {

// Problems found in the two layout files, reported together.
class LayoutProblems {
 public:
  void Add(const std::string& file, uint64_t line, int column, const std::string& what) {
    text_ += file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + what + "\n";
  }
  bool empty() const { return text_.empty(); }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

bool HasItem(const spec::Spec& spec, int table, std::string_view item) {
  return table >= 0 && spec.tables[table].FindItem(item) >= 0;
}

// The column index of `name` in `doc`, or a problem naming the header line.
int RequireColumn(const CsvDocument& doc, std::string_view name, LayoutProblems& problems) {
  int index = doc.ColumnIndex(name);
  if (index < 0) problems.Add(doc.name(), 1, 1, "column '" + std::string(name) + "' is missing");
  return index;
}

void ReadSettings(const spec::Spec& spec, const CsvDocument& doc, ExtractLayout& layout,
                  std::map<std::string, bool>& opt_outs, LayoutProblems& problems) {
  int setting_col = RequireColumn(doc, "setting", problems);
  int value_col = RequireColumn(doc, "value", problems);
  if (setting_col < 0 || value_col < 0) return;
  std::map<std::string, std::pair<std::string, uint64_t>> values;
  for (const CsvDocument::Row& row : doc.rows()) {
    const std::string& setting = row.fields[setting_col];
    const std::string& value = row.fields[value_col];
    if (setting.rfind("opt_outs.", 0) == 0) {
      if (value != "yes" && value != "no") {
        problems.Add(doc.name(), row.line, CsvDocument::ColumnNumber(value_col),
                     "opt-out setting '" + value + "' is not yes or no");
      }
      opt_outs[setting.substr(9)] = value == "yes";
      continue;
    }
    values[setting] = {value, row.line};
  }
  auto table = [&](const char* name, int& out) {
    auto it = values.find(name);
    if (it == values.end()) {
      problems.Add(doc.name(), 1, 1, std::string("setting '") + name + "' is missing");
      return;
    }
    out = spec.FindTable(it->second.first);
    if (out < 0) {
      problems.Add(doc.name(), it->second.second, CsvDocument::ColumnNumber(value_col),
                   "table '" + it->second.first + "' is not in tables.csv");
    }
  };
  auto item = [&](const char* name, int in_table, std::string& out) {
    auto it = values.find(name);
    if (it == values.end()) {
      problems.Add(doc.name(), 1, 1, std::string("setting '") + name + "' is missing");
      return;
    }
    out = it->second.first;
    if (in_table >= 0 && !HasItem(spec, in_table, out)) {
      problems.Add(doc.name(), it->second.second, CsvDocument::ColumnNumber(value_col),
                   "item '" + out + "' is not in table " + spec.tables[in_table].code);
    }
  };
  table("person_table", layout.person_table);
  table("referral_table", layout.referral_table);
  table("contact_table", layout.contact_table);
  item("person_key_item", layout.person_table, layout.person_key_item);
  item("nhs_number_item", layout.person_table, layout.nhs_number_item);
  item("referral_key_item", layout.referral_table, layout.referral_key_item);
  item("commissioner_item", layout.referral_table, layout.commissioner_item);
  item("contact_key_item", layout.contact_table, layout.contact_key_item);
}

// Parses the derivation cell "", "person_id", "uniq_month_id", "qualify:ITEM" or
// "age_at_period_end:ITEM" into `column`. False if it is none of these.
bool ParseDerivation(const std::string& text, ExtractColumn& column) {
  std::string name = text.substr(0, text.find(':'));
  std::string argument = text.find(':') == std::string::npos ? "" : text.substr(text.find(':') + 1);
  if (text.empty()) {
    column.derivation = Derivation::kCopy;
    column.source_item = column.name;
    return true;
  }
  if (name == "person_id" && argument.empty()) {
    column.derivation = Derivation::kPersonId;
    return true;
  }
  if (name == "uniq_month_id" && argument.empty()) {
    column.derivation = Derivation::kUniqMonthId;
    return true;
  }
  if ((name == "qualify" || name == "age_at_period_end") && !argument.empty()) {
    column.derivation = name == "qualify" ? Derivation::kQualify : Derivation::kAgeAtPeriodEnd;
    column.source_item = argument;
    return true;
  }
  return false;
}

void ReadColumns(const spec::Spec& spec, const CsvDocument& doc, ExtractLayout& layout,
                 LayoutProblems& problems) {
  int kind_col = RequireColumn(doc, "extract", problems);
  int table_col = RequireColumn(doc, "table", problems);
  int item_col = RequireColumn(doc, "item", problems);
  int derivation_col = RequireColumn(doc, "derivation", problems);
  int description_col = doc.ColumnIndex("description");
  if (kind_col < 0 || table_col < 0 || item_col < 0 || derivation_col < 0) return;
  for (const CsvDocument::Row& row : doc.rows()) {
    const std::string& kind_name = row.fields[kind_col];
    int table = spec.FindTable(row.fields[table_col]);
    if (table < 0) {
      problems.Add(doc.name(), row.line, CsvDocument::ColumnNumber(table_col),
                   "table '" + row.fields[table_col] + "' is not in tables.csv");
      continue;
    }
    ExtractColumn column;
    column.name = row.fields[item_col];
    if (!IsXmlName(column.name) || !IsXmlName(kind_name)) {
      problems.Add(doc.name(), row.line, CsvDocument::ColumnNumber(item_col),
                   "extract and item names must be letters, digits and _ - . starting with a "
                   "letter (they name XML elements and folders)");
      continue;
    }
    if (description_col >= 0) column.description = row.fields[description_col];
    if (!ParseDerivation(row.fields[derivation_col], column)) {
      problems.Add(doc.name(), row.line, CsvDocument::ColumnNumber(derivation_col),
                   "derivation '" + row.fields[derivation_col] +
                       "' is not one of: (blank), person_id, uniq_month_id, qualify:ITEM, "
                       "age_at_period_end:ITEM");
      continue;
    }
    // The person's birth date is read from the person table, other items from the row's own.
    int source_table =
        column.derivation == Derivation::kAgeAtPeriodEnd ? layout.person_table : table;
    if (!column.source_item.empty() && source_table >= 0 &&
        !HasItem(spec, source_table, column.source_item)) {
      problems.Add(
          doc.name(), row.line, CsvDocument::ColumnNumber(item_col),
          "item '" + column.source_item + "' is not in table " + spec.tables[source_table].code);
      continue;
    }
    auto kind = std::find_if(layout.kinds.begin(), layout.kinds.end(),
                             [&](const ExtractKind& k) { return k.name == kind_name; });
    if (kind == layout.kinds.end()) {
      layout.kinds.push_back(ExtractKind{kind_name, false, {}});
      kind = layout.kinds.end() - 1;
    }
    auto t = std::find_if(kind->tables.begin(), kind->tables.end(),
                          [&](const ExtractTable& e) { return e.table == table; });
    if (t == kind->tables.end()) {
      kind->tables.push_back(ExtractTable{table, {}});
      t = kind->tables.end() - 1;
    }
    t->columns.push_back(std::move(column));
  }
}

}  // namespace

const ExtractKind* ExtractLayout::Find(std::string_view kind) const {
  for (const ExtractKind& k : kinds) {
    if (k.name == kind) return &k;
  }
  return nullptr;
}

Result<ExtractLayout> LoadExtractLayout(const spec::Spec& spec) {
  MHDS_ASSIGN_OR_RETURN(CsvDocument columns,
                        CsvDocument::ReadFile((spec.folder / "extract.csv").string()));
  MHDS_ASSIGN_OR_RETURN(CsvDocument settings,
                        CsvDocument::ReadFile((spec.folder / "extract_settings.csv").string()));
  ExtractLayout layout;
  LayoutProblems problems;
  std::map<std::string, bool> opt_outs;
  ReadSettings(spec, settings, layout, opt_outs, problems);
  ReadColumns(spec, columns, layout, problems);
  for (ExtractKind& kind : layout.kinds) {
    auto it = opt_outs.find(kind.name);
    if (it == opt_outs.end()) {
      problems.Add(settings.name(), 1, 1,
                   "setting 'opt_outs." + kind.name + "' is missing: say yes or no");
      continue;
    }
    kind.apply_opt_outs = it->second;
  }
  if (!problems.empty()) return Status::SpecError("extract layout:\n" + problems.text());
  return layout;
}

}  // namespace mhds::extract
