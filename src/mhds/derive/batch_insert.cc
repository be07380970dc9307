#include "mhds/derive/batch_insert.h"

#include <algorithm>
#include <string>

#include "mhds/base/status_macros.h"

namespace mhds::derive {
namespace {

// Rows per INSERT statement.
constexpr size_t kRowsPerInsert = 100;

}  // namespace

Status InsertRowsInBatches(store::Database& db, std::string_view table, std::string_view columns,
                           size_t column_count, size_t count,
                           const std::function<void(size_t, std::vector<store::Value>&)>& bind) {
  std::string one_row = "(";
  for (size_t c = 0; c < column_count; ++c) one_row += c == 0 ? "?" : ", ?";
  one_row += ")";
  for (size_t begin = 0; begin < count; begin += kRowsPerInsert) {
    size_t end = std::min(count, begin + kRowsPerInsert);
    std::string sql =
        "INSERT INTO " + std::string(table) + " (" + std::string(columns) + ") VALUES ";
    std::vector<store::Value> params;
    params.reserve((end - begin) * column_count);
    for (size_t i = begin; i < end; ++i) {
      sql += i == begin ? one_row : ", " + one_row;
      bind(i, params);
    }
    MHDS_RETURN_IF_ERROR(db.Exec(sql, params).status());
  }
  return Status::Ok();
}

}  // namespace mhds::derive
