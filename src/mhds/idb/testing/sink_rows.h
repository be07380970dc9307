// The mini test spec and a way to push whole tables through a TableSink, shared by the sink
// tests. For tests only.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mhds/base/status.h"
#include "mhds/idb/table_sink.h"
#include "mhds/spec/spec.h"

namespace mhds::idb::testing {

// tests/specs/mini, loaded (a failed load fails the calling test).
inline spec::Spec MiniSpec() {
  auto spec = spec::LoadSpec(std::filesystem::path(MHDS_SOURCE_DIR) / "tests/specs/mini");
  EXPECT_TRUE(spec.ok()) << spec.status().ToString();
  return std::move(spec).value();
}

// Writes `rows` as table `name` (described by `table`, which may be null) through `sink`.
inline Status WriteRows(TableSink& sink, std::string_view name, const spec::Table* table,
                        const std::vector<std::string>& columns,
                        const std::vector<std::vector<std::string>>& rows) {
  if (Status s = sink.BeginTable(name, table, columns); !s.ok()) return s;
  for (const std::vector<std::string>& row : rows) {
    std::vector<std::string_view> values(row.begin(), row.end());
    if (Status s = sink.AddRow(values); !s.ok()) return s;
  }
  return sink.EndTable();
}

}  // namespace mhds::idb::testing
