#include "mhds/idb/table_naming.h"

namespace mhds::idb {

std::string SinkTableName(std::string_view name, const spec::Table* table) {
  return table != nullptr ? table->idb_name : std::string(name);
}

std::vector<int> ItemOfColumns(const spec::Table* table, std::span<const std::string> columns) {
  std::vector<int> items(columns.size(), -1);
  if (table == nullptr) return items;
  for (size_t c = 0; c < columns.size(); ++c) items[c] = table->FindItem(columns[c]);
  return items;
}

std::vector<std::string> SinkColumnNames(const spec::Table* table,
                                         std::span<const std::string> columns,
                                         std::span<const int> items) {
  std::vector<std::string> names;
  names.reserve(columns.size());
  for (size_t c = 0; c < columns.size(); ++c) {
    names.push_back(table != nullptr && items[c] >= 0 ? table->items[items[c]].short_name
                                                      : columns[c]);
  }
  return names;
}

}  // namespace mhds::idb
