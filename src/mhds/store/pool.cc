#include "mhds/store/pool.h"

#include "mhds/base/status_macros.h"
#include "mhds/store/store.h"

namespace mhds::store {

Pool::Pool(std::string url, int size, const ConnectOptions& options, Engine engine)
    : url_(std::move(url)),
      size_(size < 1 ? 1 : size),
      options_(std::make_unique<ConnectOptions>(options)),
      engine_(engine) {}

Pool::~Pool() = default;

Result<std::unique_ptr<Pool>> Pool::Open(std::string url, int size, const ConnectOptions& options) {
  MHDS_ASSIGN_OR_RETURN(auto first, Connect(url, options));
  std::unique_ptr<Pool> pool(new Pool(std::move(url), size, options, first->engine()));
  pool->idle_.push_back(std::move(first));
  pool->open_ = 1;
  return pool;
}

Result<Pool::Lease> Pool::Acquire() {
  std::unique_lock lock(mu_);
  freed_.wait(lock, [this] { return !idle_.empty() || open_ < size_; });
  if (!idle_.empty()) {
    std::unique_ptr<Database> db = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(db));
  }
  ++open_;  // reserve the slot, then connect without holding the lock
  lock.unlock();
  auto db = Connect(url_, *options_);
  if (!db.ok()) {
    lock.lock();
    --open_;
    freed_.notify_one();
    return db.status();
  }
  return Lease(this, std::move(db).value());
}

void Pool::Return(std::unique_ptr<Database> db) {
  std::lock_guard lock(mu_);
  if (db->in_transaction() || db->IsBroken()) {
    --open_;  // dropped; the next Acquire opens a fresh one
  } else {
    idle_.push_back(std::move(db));
  }
  freed_.notify_one();
}

Pool::Lease::~Lease() {
  if (db_ != nullptr) pool_->Return(std::move(db_));
}

}  // namespace mhds::store
