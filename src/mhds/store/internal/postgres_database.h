// The PostgreSQL engine, over libpq: text-format results, values bound as parameters ($1, $2, ...
// rewritten from `?`), integers sent as int8.
#pragma once

#include <memory>
#include <string>

#include "mhds/base/result.h"
#include "mhds/store/database.h"

struct pg_conn;
struct pg_result;

namespace mhds::store::internal {

class PostgresDatabase final : public Database {
 public:
  // kIoError naming the redacted URL and the server's reason when the connection fails.
  static Result<std::unique_ptr<Database>> Open(const std::string& url, int busy_timeout_ms);
  ~PostgresDatabase() override;

  Engine engine() const override { return Engine::kPostgres; }
  Result<std::vector<Row>> Query(std::string_view sql, const std::vector<Value>& params) override;
  Result<int64_t> Exec(std::string_view sql, const std::vector<Value>& params) override;
  Status ExecScript(std::string_view sql) override;
  bool IsBroken() const override;

 private:
  explicit PostgresDatabase(pg_conn* conn) : conn_(conn) {}
  // Runs `sql` with parameters; on success returns the result (caller clears it).
  Result<pg_result*> Run(std::string_view sql, const std::vector<Value>& params);
  Status Error(pg_result* result, std::string_view doing) const;

  pg_conn* conn_;
};

}  // namespace mhds::store::internal
