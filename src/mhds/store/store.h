// The store: where the landing service keeps organisations, people, submissions, jobs and the
// audit log. One interface over two engines, chosen by a store URL:
//
//   sqlite:PATH                  one file (created 0600 if missing), WAL journal, foreign keys
//                                on, busy timeout; the default, for one machine
//   postgresql://...             a PostgreSQL server through libpq (any libpq URI, e.g.
//   postgres://...               postgresql:///mhds?host=/run/postgresql); for several workers
//
// Typical use:
//   MHDS_ASSIGN_OR_RETURN(auto db, store::Connect("sqlite:/var/lib/mhds/mhds.db"));
//   MHDS_RETURN_IF_ERROR(store::Migrate(*db, "serve", kServeMigrations));
//   MHDS_ASSIGN_OR_RETURN(auto rows, db->Query("SELECT id FROM t WHERE name = ?", {name}));
//
// docs/store.md describes the engines, the URLs, migrations and every table.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "mhds/base/result.h"
#include "mhds/store/database.h"
#include "mhds/store/migrations.h"
#include "mhds/store/pool.h"
#include "mhds/store/value.h"

namespace mhds::store {

struct ConnectOptions {
  // How long a statement waits for another connection's lock before failing with kIoError
  // (SQLite busy timeout; PostgreSQL lock_timeout).
  int busy_timeout_ms = 10000;
};

struct StoreUrl {
  Engine engine = Engine::kSqlite;
  std::string target;  // SQLite: the file path; PostgreSQL: the whole URL, as libpq takes it
};

// kInvalidArgument naming the URL when it is neither "sqlite:PATH" nor "postgres[ql]://...".
Result<StoreUrl> ParseStoreUrl(std::string_view url);

// The URL with any password replaced by "***", for logs and error messages.
std::string RedactStoreUrl(std::string_view url);

// Opens a connection. kInvalidArgument for a malformed URL; kIoError (naming the redacted URL and
// the engine's reason) when the file cannot be opened or the server refuses.
Result<std::unique_ptr<Database>> Connect(std::string_view url, const ConnectOptions& options = {});

}  // namespace mhds::store
