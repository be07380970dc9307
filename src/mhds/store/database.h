// Database: one connection to the store, SQLite or PostgreSQL, behind one interface. Statements
// are written once with `?` placeholders (rewritten to $1, $2, ... for PostgreSQL) and values are
// always bound, never spliced into the SQL text.
//
// Thread-safety: a Database is used by one thread at a time. Give each thread its own connection
// (store::Connect) or lease one from a store::Pool.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/store/value.h"

namespace mhds::store {

enum class Engine { kSqlite, kPostgres };

// "sqlite" or "postgresql".
std::string_view EngineName(Engine engine);

// Errors: a violated UNIQUE, FOREIGN KEY, CHECK or NOT NULL constraint is kInvalidArgument with a
// message containing "constraint: " (test with IsConstraintViolation); a lost connection, a busy
// database or a serialization failure is kIoError; malformed SQL is kInternal (a bug in mhds).
// Messages carry the engine's own text and never the bound values.
bool IsConstraintViolation(const Status& status);

class Transaction;

class Database {
 public:
  virtual ~Database() = default;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  virtual Engine engine() const = 0;

  // Runs one statement and returns its rows (none for statements that return nothing).
  // `INSERT ... RETURNING id` works on both engines.
  virtual Result<std::vector<Row>> Query(std::string_view sql,
                                         const std::vector<Value>& params = {}) = 0;

  // Runs one statement and returns how many rows it inserted, updated or deleted.
  virtual Result<int64_t> Exec(std::string_view sql, const std::vector<Value>& params = {}) = 0;

  // Runs several `;`-separated statements without parameters (schema migrations only).
  virtual Status ExecScript(std::string_view sql) = 0;

  // The first row, or nullopt when the statement returned none.
  Result<std::optional<Row>> QueryRow(std::string_view sql, const std::vector<Value>& params = {});

  // Starts a transaction, rolled back unless Transaction::Commit() succeeds. On SQLite it takes
  // the write lock at once (BEGIN IMMEDIATE), so two writers queue on the busy timeout instead of
  // failing half-way. Transactions do not nest: kInternal if one is already open.
  Result<Transaction> Begin();

  bool in_transaction() const { return in_transaction_; }

  // True once the connection is known to be unusable (PostgreSQL server gone); a Pool then
  // replaces it.
  virtual bool IsBroken() const { return false; }

 protected:
  Database() = default;

 private:
  friend class Transaction;
  bool in_transaction_ = false;
};

// RAII transaction: commits only on Commit(); a Transaction destroyed without a successful
// Commit() rolls back (errors during that rollback are ignored: the connection is then reset by
// the engine). Movable, not copyable. The Database must outlive it.
class Transaction {
 public:
  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  ~Transaction();

  // Commits. On failure the transaction is rolled back and the error returned. Call once.
  Status Commit();

 private:
  friend class Database;
  explicit Transaction(Database* db) : db_(db) {}
  Database* db_;  // nullptr once committed, rolled back or moved from
};

}  // namespace mhds::store
