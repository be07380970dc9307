// How a sink names what it writes: a table the data set knows takes the spec's IDB name
// ("MHS101Referral", even when the source called it "mhs101referral" or "MHS101"), and a column
// matching one of its items takes the item's short name as the spec spells it. Everything else
// keeps the name the source gave it. Both sinks name alike, so a CSV folder and a SQLite IDB made
// from the same source hold the same names.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/spec/spec.h"

namespace mhds::idb {

// The name table `name` is written under; `table` may be null (a table the spec does not know).
std::string SinkTableName(std::string_view name, const spec::Table* table);

// For each column, the index of the spec item it holds, or -1 (no spec table, or no such item).
std::vector<int> ItemOfColumns(const spec::Table* table, std::span<const std::string> columns);

// The names the columns are written under, given ItemOfColumns().
std::vector<std::string> SinkColumnNames(const spec::Table* table,
                                         std::span<const std::string> columns,
                                         std::span<const int> items);

}  // namespace mhds::idb
