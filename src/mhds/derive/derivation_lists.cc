#include "mhds/derive/derivation_lists.h"

#include <charconv>
#include <fstream>
#include <sstream>

#include "mhds/base/calendar.h"
#include "mhds/base/csv_document.h"
#include "mhds/base/text.h"

namespace mhds::derive {
namespace {

bool Listed(const std::vector<std::string_view>& names, std::string_view name) {
  for (std::string_view n : names) {
    if (n == name) return true;
  }
  return false;
}

std::optional<int64_t> WholeNumber(std::string_view text) {
  int64_t out = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (error != std::errc() || end != text.data() + text.size() || out < 0) return std::nullopt;
  return out;
}

}  // namespace

Result<DerivationLists> DerivationLists::ReadFolder(const std::filesystem::path& folder) {
  const std::filesystem::path path = folder / kDerivationsFile;
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path.string() + " is missing");
  std::stringstream text;
  text << in.rdbuf();
  return Parse(text.str(), path.string());
}

Result<DerivationLists> DerivationLists::Parse(std::string_view text, const std::string& name) {
  auto parsed = CsvDocument::Parse(text, name);
  if (!parsed.ok()) return Status::SpecError(parsed.status().message());
  const CsvDocument& doc = *parsed;
  const int list_col = doc.ColumnIndex("list");
  const int code_col = doc.ColumnIndex("code");
  if (list_col < 0 || code_col < 0) {
    return Status::SpecError(name + ":1:1: expected the columns list,code,meaning,source");
  }
  DerivationLists out;
  out.name_ = name;
  out.list_column_ = CsvDocument::ColumnNumber(list_col);
  out.code_column_ = CsvDocument::ColumnNumber(code_col);
  for (const CsvDocument::Row& row : doc.rows()) {
    const std::string list(Trim(row.fields[list_col]));
    const std::string code(Trim(row.fields[code_col]));
    const std::string where = name + ":" + std::to_string(row.line) + ":";
    if (list.empty()) {
      return Status::SpecError(where + std::to_string(out.list_column_) + ": the list is blank");
    }
    if (code.empty()) {
      return Status::SpecError(where + std::to_string(out.code_column_) + ": the code is blank");
    }
    out.lists_[list].push_back(Entry{.code = code, .line = row.line});
  }
  return out;
}

std::string DerivationLists::MeasureSet() const {
  auto it = lists_.find("measure_set");
  return it == lists_.end() || it->second.empty() ? std::string() : it->second.front().code;
}

Status DerivationLists::Check(const std::vector<std::string_view>& required,
                              const std::vector<std::string_view>& optional,
                              std::string_view expected) const {
  for (const auto& [list, entries] : lists_) {
    if (Listed(required, list) || Listed(optional, list)) continue;
    return Status::SpecError(name_ + ":" + std::to_string(entries.front().line) + ":" +
                             std::to_string(list_column_) + ": unknown list '" + list +
                             "'; expected one of " + std::string(expected));
  }
  for (std::string_view list : required) {
    if (!lists_.contains(list)) {
      return Status::SpecError(name_ + ": the list '" + std::string(list) +
                               "' is missing; every derivation list needs at least one row");
    }
  }
  return Status::Ok();
}

std::vector<std::string> DerivationLists::Codes(std::string_view list) const {
  std::vector<std::string> out;
  auto it = lists_.find(list);
  if (it == lists_.end()) return out;
  for (const Entry& e : it->second) out.push_back(e.code);
  return out;
}

std::string DerivationLists::CodeAt(const Entry& e) const {
  return name_ + ":" + std::to_string(e.line) + ":" + std::to_string(code_column_) + ": ";
}

Result<const DerivationLists::Entry*> DerivationLists::Single(std::string_view list) const {
  auto it = lists_.find(list);
  if (it == lists_.end() || it->second.empty()) {
    return Status::SpecError(name_ + ": the list '" + std::string(list) + "' is missing");
  }
  if (it->second.size() > 1) {
    return Status::SpecError(CodeAt(it->second[1]) + "'" + std::string(list) +
                             "' takes one row; it is already set on line " +
                             std::to_string(it->second[0].line));
  }
  return &it->second.front();
}

Result<int64_t> DerivationLists::Number(std::string_view list) const {
  auto entry = Single(list);
  if (!entry.ok()) return entry.status();
  std::optional<int64_t> n = WholeNumber((*entry)->code);
  if (!n) {
    return Status::SpecError(CodeAt(**entry) + "'" + (*entry)->code +
                             "' is not a valid value for " + std::string(list) +
                             " (expected a whole number)");
  }
  return *n;
}

Result<std::vector<int64_t>> DerivationLists::RisingNumbers(std::string_view list,
                                                            size_t count) const {
  auto it = lists_.find(list);
  if (it == lists_.end() || it->second.size() != count) {
    return Status::SpecError(name_ + ": the list '" + std::string(list) + "' needs " +
                             std::to_string(count) + " rows, one number each");
  }
  std::vector<int64_t> out;
  for (const Entry& e : it->second) {
    std::optional<int64_t> n = WholeNumber(e.code);
    if (!n || (!out.empty() && *n <= out.back())) {
      return Status::SpecError(CodeAt(e) + "'" + e.code + "' is not a valid value for " +
                               std::string(list) +
                               " (expected whole numbers, each above the one before)");
    }
    out.push_back(*n);
  }
  return out;
}

Result<int64_t> DerivationLists::Date(std::string_view list) const {
  auto entry = Single(list);
  if (!entry.ok()) return entry.status();
  std::optional<int64_t> day = ParseDate((*entry)->code);
  if (!day) {
    return Status::SpecError(CodeAt(**entry) + std::string(list) + " '" + (*entry)->code +
                             "' is not a date CCYY-MM-DD");
  }
  return *day;
}

}  // namespace mhds::derive
