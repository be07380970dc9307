#include "spec_tables.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace mhds::bench {
namespace {

using Row = std::vector<std::string>;

// Parses RFC 4180 text (quoted fields may hold commas, "" and line breaks). Empty lines are
// skipped. False on an unterminated quote.
bool ParseCsv(const std::string& text, std::vector<Row>& rows) {
  Row row;
  std::string field;
  bool quoted = false;
  bool row_has_data = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c != '"') {
        field.push_back(c);
      } else if (i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
      row_has_data = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      row_has_data = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (row_has_data || !field.empty()) {
        row.push_back(std::move(field));
        rows.push_back(std::move(row));
      }
      row.clear();
      field.clear();
      row_has_data = false;
    } else {
      field.push_back(c);
    }
  }
  if (quoted) return false;
  if (row_has_data || !field.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return true;
}

// Reads `dir`/`name` into rows of named fields. False (with `error` set) if the file cannot be
// read, is malformed, or lacks one of `needed` columns.
bool ReadTable(const std::string& dir, const std::string& name,
               const std::vector<std::string>& needed,
               std::vector<std::map<std::string, std::string>>& out, std::string& error) {
  const std::string path = dir + "/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot open";
    return false;
  }
  std::stringstream text;
  text << in.rdbuf();
  std::vector<Row> rows;
  if (!ParseCsv(text.str(), rows) || rows.empty()) {
    error = path + ": not a CSV file with a header row";
    return false;
  }
  const Row& header = rows[0];
  for (const std::string& column : needed) {
    if (std::find(header.begin(), header.end(), column) == header.end()) {
      error = path + ": no column '" + column + "'";
      return false;
    }
  }
  for (size_t r = 1; r < rows.size(); ++r) {
    std::map<std::string, std::string> named;
    for (size_t c = 0; c < header.size() && c < rows[r].size(); ++c) named[header[c]] = rows[r][c];
    out.push_back(std::move(named));
  }
  return true;
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, ';');) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

// Fills max_length and numeric from a format such as "an10", "max n4" or "min an3 max an5".
void ApplyFormat(const std::string& format, SpecItem& item) {
  std::stringstream words(format);
  for (std::string word; words >> word;) {
    size_t digits = word.find_first_of("0123456789");
    if (digits == std::string::npos || digits == 0) continue;
    item.numeric = word.compare(0, digits, "n") == 0;
    item.max_length = std::stoi(word.substr(digits));
  }
}

}  // namespace

int SpecTable::Column(std::string_view short_name) const {
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].short_name == short_name) return static_cast<int>(i);
  }
  return -1;
}

const SpecTable* SpecTables::Find(std::string_view code) const {
  auto it = tables.find(code);
  return it == tables.end() ? nullptr : &it->second;
}

bool SpecTables::IsJoinItem(std::string_view short_name) const {
  return std::find(join_items.begin(), join_items.end(), short_name) != join_items.end();
}

bool LoadSpecTables(const std::string& dir, std::string_view period_start,
                    std::string_view period_end, SpecTables& out, std::string& error) {
  std::vector<std::map<std::string, std::string>> rows;
  if (!ReadTable(dir, "dataset.csv", {"setting", "value"}, rows, error)) return false;
  for (auto& row : rows) {
    if (row["setting"] == "version") out.version = row["value"];
  }

  rows.clear();
  if (!ReadTable(dir, "tables.csv", {"code", "idb_name", "key_items", "parent_items"}, rows,
                 error)) {
    return false;
  }
  for (auto& row : rows) {
    SpecTable& table = out.tables[row["code"]];
    table.code = row["code"];
    table.idb_name = row["idb_name"];
    table.key_items = SplitList(row["key_items"]);
    for (std::string& item : SplitList(row["parent_items"])) {
      if (!out.IsJoinItem(item)) out.join_items.push_back(item);
    }
  }

  rows.clear();
  if (!ReadTable(dir, "items.csv",
                 {"table", "short_name", "format", "type", "mandation", "code_list"}, rows,
                 error)) {
    return false;
  }
  for (auto& row : rows) {
    auto table = out.tables.find(row["table"]);
    if (table == out.tables.end()) {
      error =
          dir + "/items.csv: item " + row["short_name"] + " names unknown table " + row["table"];
      return false;
    }
    SpecItem item;
    item.short_name = row["short_name"];
    item.type = row["type"];
    item.mandatory = row["mandation"] == "M";
    item.code_list = row["code_list"];
    ApplyFormat(row["format"], item);
    table->second.items.push_back(std::move(item));
  }

  rows.clear();
  if (!ReadTable(dir, "codes.csv", {"list", "code", "valid_from", "valid_to"}, rows, error)) {
    return false;
  }
  for (auto& row : rows) {
    // CCYY-MM-DD strings compare as dates.
    const std::string& from = row["valid_from"];
    const std::string& to = row["valid_to"];
    if (!from.empty() && from > period_end) continue;
    if (!to.empty() && to < period_start) continue;
    out.codes[row["list"]].push_back(row["code"]);
  }
  return true;
}

}  // namespace mhds::bench
