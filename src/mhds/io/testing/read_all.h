// ReadAll: drains a RowReader into owned strings, so a test can compare a whole table at once.
// For tests only.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/io/table_source.h"

namespace mhds::io::testing {

struct ReadResult {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  std::vector<uint64_t> lines;
  Status status;  // the open error, or the reader's status after the last row
};

inline ReadResult ReadAll(Result<std::unique_ptr<RowReader>> reader) {
  ReadResult out;
  if (!reader.ok()) {
    out.status = reader.status();
    return out;
  }
  out.columns = (*reader)->columns();
  std::vector<std::string_view> fields;
  while ((*reader)->Next(fields)) {
    out.rows.emplace_back(fields.begin(), fields.end());
    out.lines.push_back((*reader)->line());
  }
  out.status = (*reader)->status();
  return out;
}

// The whole of table `name` of `source`.
inline ReadResult ReadTable(TableSource& source, std::string_view name) {
  return ReadAll(source.Open(name));
}

}  // namespace mhds::io::testing
