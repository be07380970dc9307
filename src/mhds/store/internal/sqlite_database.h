// The SQLite engine: one file, WAL journal, foreign keys on, a busy timeout, full sync on commit.
#pragma once

#include <memory>
#include <string>

#include "mhds/base/result.h"
#include "mhds/store/database.h"

struct sqlite3;

namespace mhds::store::internal {

class SqliteDatabase final : public Database {
 public:
  // Creates the file with mode 0600 when it does not exist. kIoError naming `path` on failure.
  static Result<std::unique_ptr<Database>> Open(const std::string& path, int busy_timeout_ms);
  ~SqliteDatabase() override;

  Engine engine() const override { return Engine::kSqlite; }
  Result<std::vector<Row>> Query(std::string_view sql, const std::vector<Value>& params) override;
  Result<int64_t> Exec(std::string_view sql, const std::vector<Value>& params) override;
  Status ExecScript(std::string_view sql) override;

 private:
  explicit SqliteDatabase(sqlite3* db) : db_(db) {}
  // Runs `sql`, handing each row to `rows` when not null.
  Status Run(std::string_view sql, const std::vector<Value>& params, std::vector<Row>* rows);
  Status Error(int code, std::string_view doing) const;

  sqlite3* db_;
};

}  // namespace mhds::store::internal
