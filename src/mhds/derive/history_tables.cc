#include "mhds/derive/history_tables.h"

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

Result<std::vector<HistoryEntry>> ListRecordedSubmissions(store::Database& db,
                                                          std::string_view submissions_table,
                                                          const std::string& provider) {
  // The table name is one of ours, never input. The latest of a provider-month is the one
  // recorded last (the largest id).
  std::string table(submissions_table);
  MHDS_ASSIGN_OR_RETURN(
      auto rows,
      db.Query("SELECT s.id, s.provider, s.uniq_month_id, s.label, s.recorded_at, "
               "(SELECT COUNT(*) FROM " +
                   table +
                   " later WHERE later.provider = "
                   "s.provider AND later.uniq_month_id = s.uniq_month_id AND later.id > s.id) "
                   "FROM " +
                   table + " s WHERE s.provider = ? ORDER BY s.uniq_month_id, s.id",
               {provider}));
  std::vector<HistoryEntry> out;
  for (const store::Row& row : rows) {
    HistoryEntry e;
    e.id = row.Int(0);
    e.provider = row.Text(1);
    e.uniq_month_id = static_cast<int>(row.Int(2));
    e.label = row.Text(3);
    e.recorded_at = row.Int(4);
    e.superseded = row.Int(5) > 0;
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<std::string>> ProvidersRecordedIn(store::Database& db,
                                                     std::string_view submissions_table,
                                                     int uniq_month_id) {
  MHDS_ASSIGN_OR_RETURN(auto rows,
                        db.Query("SELECT DISTINCT provider FROM " + std::string(submissions_table) +
                                     " WHERE uniq_month_id = ? ORDER BY provider",
                                 {uniq_month_id}));
  std::vector<std::string> out;
  for (const store::Row& row : rows) out.push_back(row.Text(0));
  return out;
}

}  // namespace mhds::derive
