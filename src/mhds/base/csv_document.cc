#include "mhds/base/csv_document.h"

#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "mhds/base/status_macros.h"
#include "mhds/base/text.h"

namespace mhds {
namespace {

Status Error(const std::string& name, uint64_t line, uint64_t column, std::string_view what) {
  return Status::DataError(name + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
                           std::string(what));
}

// The bytes that end a run of an unquoted value: a comma, a line end, or a quote (an error
// unless it opens the value).
constexpr std::array<bool, 256> kEndsUnquoted = [] {
  std::array<bool, 256> ends{};
  for (unsigned char c : {',', '\n', '\r', '"'}) ends[c] = true;
  return ends;
}();

}  // namespace

Result<CsvDocument> CsvDocument::Parse(std::string_view text, std::string name) {
  CsvDocument doc;
  doc.name_ = std::move(name);
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);

  std::vector<std::string> fields;
  std::string field;
  uint64_t line = 1;
  uint64_t line_start = 0;  // offset of the current physical line, for columns
  uint64_t row_line = 1;
  bool row_has_content = false;
  bool at_field_start = true;  // a quote opens a quoted field only as the field's first character
  size_t i = 0;
  const size_t n = text.size();

  auto end_row = [&]() -> Status {
    fields.push_back(std::move(field));
    field.clear();
    bool empty_line = !row_has_content && fields.size() == 1 && fields[0].empty();
    if (!empty_line) {
      if (doc.header_.empty() && doc.rows_.empty()) {
        doc.header_ = std::move(fields);
      } else if (fields.size() != doc.header_.size()) {
        return Error(doc.name_, row_line, 1,
                     "row has " + std::to_string(fields.size()) + " fields, expected " +
                         std::to_string(doc.header_.size()) + " as in the header row");
      } else {
        doc.rows_.push_back(Row{row_line, std::move(fields)});
      }
    }
    fields.clear();
    row_has_content = false;
    return Status::Ok();
  };

  while (i < n) {
    char c = text[i];
    if (c == '"' && at_field_start) {
      // Quoted field.
      uint64_t open_line = line, open_col = i - line_start + 1;
      ++i;
      row_has_content = true;
      for (;;) {
        if (i >= n) return Error(doc.name_, open_line, open_col, "quoted field is never closed");
        char q = text[i];
        if (q == '"') {
          if (i + 1 < n && text[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (q == '\n') {
          ++line;
          line_start = i + 1;
        }
        // The quoted text up to the next quote or line feed, at once.
        size_t end = i + 1;
        while (end < n && text[end] != '"' && text[end] != '\n') ++end;
        field.append(text.data() + i, end - i);
        i = end;
      }
      if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
        return Error(doc.name_, line, i - line_start + 1,
                     "unexpected character after a closing quote; expected a comma or a line end");
      }
      at_field_start = false;
      continue;
    }
    if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
      row_has_content = true;
      at_field_start = true;
      ++i;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
      MHDS_RETURN_IF_ERROR(end_row());
      ++i;
      ++line;
      line_start = i;
      row_line = line;
      at_field_start = true;
    } else if (c == '"') {
      return Error(doc.name_, line, i - line_start + 1,
                   "quote inside an unquoted field; quote the whole field and double the quote");
    } else {
      // The rest of an unquoted value, up to the next byte that means something, at once.
      size_t end = i + 1;
      while (end < n && !kEndsUnquoted[static_cast<unsigned char>(text[end])]) ++end;
      field.append(text.data() + i, end - i);
      row_has_content = true;
      at_field_start = false;
      i = end;
    }
  }
  if (row_has_content || !field.empty() || !fields.empty()) MHDS_RETURN_IF_ERROR(end_row());
  if (doc.header_.empty())
    return Status::DataError(doc.name_ + ": empty file; expected a header row");
  return doc;
}

Result<CsvDocument> CsvDocument::ReadFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Status::NotFound(path + ": no such file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(path + ": cannot be opened for reading");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return Parse(buffer.str(), path);
}

int CsvDocument::ColumnIndex(std::string_view column) const {
  for (size_t i = 0; i < header_.size(); ++i) {
    if (EqualsIgnoreCase(header_[i], column)) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace mhds
