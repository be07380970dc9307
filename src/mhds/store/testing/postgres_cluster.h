// PostgresCluster: a throwaway PostgreSQL 15 server for tests. Start() runs initdb into a fresh
// temporary folder, starts the server on 127.0.0.1 with a free port and a unix socket inside the
// folder, and creates an empty database; the destructor stops the server and deletes the folder.
// initdb refuses to run as root, so under uid 0 the server runs as the `postgres` user (via
// runuser) in a folder that user owns.
//
// For tests only, but free of GoogleTest so any module's tests can use it (see store_fixture.h
// for the parameterised fixture that runs a test on both engines).
#pragma once

#include <memory>
#include <string>

#include "mhds/base/result.h"

namespace mhds::store::testing {

class PostgresCluster {
 public:
  // kIoError with the reason (missing binaries, initdb or pg_ctl output) when the server cannot
  // start. `bin_dir` holds initdb and pg_ctl.
  static Result<std::unique_ptr<PostgresCluster>> Start(
      const std::string& bin_dir = "/usr/lib/postgresql/15/bin");
  ~PostgresCluster();  // stops the server (immediate mode) and removes the folder
  PostgresCluster(const PostgresCluster&) = delete;
  PostgresCluster& operator=(const PostgresCluster&) = delete;

  // A store URL for `database` on this server ("postgresql:///NAME?host=SOCKETDIR&port=P&user=U").
  std::string Url(const std::string& database = "mhds") const;

  // Creates a new empty database and returns its URL (for one test each). Names must be
  // lowercase letters, digits and '_'.
  Result<std::string> CreateDatabase(const std::string& name);

  int port() const { return port_; }
  const std::string& socket_dir() const { return dir_; }

 private:
  PostgresCluster() = default;
  std::string bin_dir_;
  std::string dir_;  // the temporary folder: data/ inside, and the socket
  int port_ = 0;
  bool running_ = false;
  bool as_postgres_user_ = false;
};

// Creates the empty database `name` (lowercase letters, digits and '_') on the server that
// `admin_url` reaches and returns a URL for it: `admin_url` with dbname=NAME appended, which libpq
// lets override the URL's own database.
Result<std::string> CreateTestDatabase(const std::string& admin_url, const std::string& name);

// Drops the database `name` there, closing any connection still open to it.
Status DropTestDatabase(const std::string& admin_url, const std::string& name);

}  // namespace mhds::store::testing
