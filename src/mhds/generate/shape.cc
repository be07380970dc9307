#include "mhds/generate/shape.h"

#include <charconv>

#include "mhds/base/csv_document.h"
#include "mhds/base/status_macros.h"
#include "mhds/base/text.h"

namespace mhds::generate {
namespace {

bool ParseInt(std::string_view text, int64_t& out) {
  text = Trim(text);
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

// Parses one choice: "value", "value:weight", "*", "blank", "@LO..HI".
bool ParseChoice(std::string_view text, Choice& choice, std::string& problem) {
  size_t colon = text.rfind(':');
  if (colon != std::string_view::npos) {
    int64_t weight = 0;
    if (!ParseInt(text.substr(colon + 1), weight) || weight < 0) {
      problem = "weight after ':' must be a whole number >= 0";
      return false;
    }
    choice.weight = static_cast<uint64_t>(weight);
    text = text.substr(0, colon);
  }
  text = Trim(text);
  if (text == "*") {
    choice.kind = Choice::Kind::kGenerate;
  } else if (text == "blank") {
    choice.kind = Choice::Kind::kBlank;
  } else if (!text.empty() && text[0] == '@') {
    size_t dots = text.find("..");
    if (dots == std::string_view::npos || !ParseInt(text.substr(1, dots - 1), choice.lo) ||
        !ParseInt(text.substr(dots + 2), choice.hi) || choice.lo > choice.hi) {
      problem = "a day range is written @LO..HI with LO <= HI";
      return false;
    }
    choice.kind = Choice::Kind::kDayRange;
  } else {
    choice.kind = Choice::Kind::kLiteral;
    choice.text = std::string(text);
  }
  return true;
}

}  // namespace

const ItemSetting* TableShape::Setting(int item) const {
  for (const ItemSetting& s : items) {
    if (s.item == item) return &s;
  }
  return nullptr;
}

Result<Shape> LoadShape(const spec::Spec& spec, const std::filesystem::path& file) {
  MHDS_ASSIGN_OR_RETURN(CsvDocument doc, CsvDocument::ReadFile(file.string()));
  std::string problems;
  auto problem = [&](uint64_t line, int column, const std::string& what) {
    problems += doc.name() + ":" + std::to_string(line) + ":" +
                std::to_string(CsvDocument::ColumnNumber(column)) + ": " + what + "\n";
  };
  const int c_table = doc.ColumnIndex("table");
  const int c_per = doc.ColumnIndex("per");
  const int c_min = doc.ColumnIndex("min");
  const int c_max = doc.ColumnIndex("max");
  const int c_values = doc.ColumnIndex("values");
  if (c_table < 0 || c_per < 0 || c_min < 0 || c_max < 0) {
    return Status::SpecError(doc.name() + ":1:1: the header must name table, per, min and max");
  }

  Shape shape;
  shape.by_table.assign(spec.tables.size(), -1);
  for (const CsvDocument::Row& row : doc.rows()) {
    TableShape t;
    t.line = row.line;
    t.table = spec.FindTable(row.fields[c_table]);
    if (t.table < 0) {
      problem(row.line, c_table, "unknown table '" + row.fields[c_table] + "'");
      continue;
    }
    if (shape.by_table[t.table] >= 0) {
      problem(row.line, c_table, "table " + row.fields[c_table] + " is shaped twice");
      continue;
    }
    const spec::Table& table = spec.tables[t.table];
    std::string_view per = Trim(row.fields[c_per]);
    if (per == "submission") {
      t.per = TableShape::Per::kSubmission;
    } else if (per == "patient") {
      t.per = TableShape::Per::kPatient;
    } else if (per == "parent") {
      t.per = TableShape::Per::kParent;
    } else {
      problem(row.line, c_per, "per must be submission, patient or parent");
      continue;
    }
    if (!ParseInt(row.fields[c_min], t.min_rows) || !ParseInt(row.fields[c_max], t.max_rows) ||
        t.min_rows < 0 || t.min_rows > t.max_rows) {
      problem(row.line, c_min, "min and max must be whole numbers with 0 <= min <= max");
      continue;
    }
    if (t.per == TableShape::Per::kParent &&
        (table.parent < 0 || shape.by_table[table.parent] < 0)) {
      problem(row.line, c_per,
              "per=parent needs the table's parent (tables.csv) shaped on an earlier line");
      continue;
    }
    if (t.table == spec.header_table &&
        (t.per != TableShape::Per::kSubmission || t.min_rows != 1 || t.max_rows != 1)) {
      problem(row.line, c_per, "the header table is per=submission with min=max=1");
      continue;
    }
    if (c_values >= 0) {
      for (const std::string& setting : SplitTrimmed(row.fields[c_values], ';')) {
        size_t eq = setting.find('=');
        ItemSetting s;
        s.item = eq == std::string::npos ? -1 : table.FindItem(Trim(setting.substr(0, eq)));
        if (s.item < 0) {
          problem(row.line, c_values,
                  "'" + setting + "' does not start with an item of " + table.code + " and '='");
          continue;
        }
        for (const std::string& text : SplitTrimmed(setting.substr(eq + 1), '|')) {
          Choice choice;
          std::string why;
          if (!ParseChoice(text, choice, why)) {
            problem(row.line, c_values, "'" + text + "': " + why);
            continue;
          }
          s.total_weight += choice.weight;
          s.choices.push_back(std::move(choice));
        }
        if (s.total_weight == 0) {
          problem(row.line, c_values, "'" + setting + "' has no choice with a weight above 0");
          continue;
        }
        t.items.push_back(std::move(s));
      }
    }
    shape.by_table[t.table] = static_cast<int>(shape.tables.size());
    shape.tables.push_back(std::move(t));
  }
  if (spec.header_table >= 0 && shape.by_table[spec.header_table] < 0) {
    problems +=
        doc.name() + ": the header table " + spec.tables[spec.header_table].code + " has no line\n";
  }
  if (!problems.empty()) {
    problems.pop_back();
    return Status::SpecError(problems);
  }
  shape.children.resize(shape.tables.size());
  for (size_t i = 0; i < shape.tables.size(); ++i) {
    const TableShape& t = shape.tables[i];
    if (t.per == TableShape::Per::kParent) {
      shape.children[shape.by_table[spec.tables[t.table].parent]].push_back(static_cast<int>(i));
    }
  }
  return shape;
}

namespace {

// Rows made under one parent row by the table at `index` of the shape, its children included.
double RowsBelow(const Shape& shape, int index) {
  const TableShape& t = shape.tables[index];
  double below = 1;
  for (int child : shape.children[index]) below += RowsBelow(shape, child);
  return static_cast<double>(t.min_rows + t.max_rows) / 2 * below;
}

}  // namespace

RowEstimate EstimateRows(const Shape& shape) {
  RowEstimate e;
  for (size_t i = 0; i < shape.tables.size(); ++i) {
    const TableShape& t = shape.tables[i];
    if (t.per == TableShape::Per::kSubmission) {
      e.per_submission += static_cast<double>(t.min_rows + t.max_rows) / 2;
    } else if (t.per == TableShape::Per::kPatient) {
      e.per_patient += RowsBelow(shape, static_cast<int>(i));
    }
  }
  return e;
}

}  // namespace mhds::generate
