// Pool: a fixed number of connections to one store, shared by the threads of a server. A thread
// leases a connection, uses it alone, and the lease returns it when destroyed.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/store/database.h"

namespace mhds::store {

struct ConnectOptions;

class Pool {
 public:
  // A leased connection; returns it to the pool when destroyed. Movable. The Pool must outlive it.
  class Lease {
   public:
    Lease(Lease&& other) noexcept : pool_(other.pool_), db_(std::move(other.db_)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Database& operator*() const { return *db_; }
    Database* operator->() const { return db_.get(); }

   private:
    friend class Pool;
    Lease(Pool* pool, std::unique_ptr<Database> db) : pool_(pool), db_(std::move(db)) {}
    Pool* pool_;
    std::unique_ptr<Database> db_;
  };

  // Opens one connection at once (so a bad URL fails here) and up to `size` (at least 1) on demand.
  static Result<std::unique_ptr<Pool>> Open(std::string url, int size,
                                            const ConnectOptions& options);
  ~Pool();

  // Blocks until a connection is free. A connection left inside an open transaction or broken is
  // replaced by a fresh one. kIoError when a new connection cannot be opened. Thread-safe.
  Result<Lease> Acquire();

  Engine engine() const { return engine_; }

 private:
  Pool(std::string url, int size, const ConnectOptions& options, Engine engine);
  void Return(std::unique_ptr<Database> db);

  std::string url_;
  int size_;
  std::unique_ptr<ConnectOptions> options_;
  Engine engine_;
  std::mutex mu_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Database>> idle_;
  int open_ = 0;  // connections created and not closed, idle or leased
};

}  // namespace mhds::store
