#include "mhds/serve/worker_pool.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <random>

namespace mhds::serve {

WorkerPool::WorkerPool(store::Pool& store, ServicePaths paths, WorkerOptions options)
    : store_(store), paths_(std::move(paths)), options_(std::move(options)) {}

WorkerPool::~WorkerPool() { Stop(); }

int64_t WorkerPool::Now() const {
  if (options_.clock) return options_.clock();
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void WorkerPool::Log(const std::string& message) const {
  if (options_.log) options_.log(message);
}

void WorkerPool::Start() {
  std::random_device random;
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  // Unique across processes and restarts, so a restarted worker never mistakes an old lease for
  // its own.
  std::string prefix =
      std::string(host) + ":" + std::to_string(getpid()) + ":" + std::to_string(random()) + ":";
  {
    std::lock_guard lock(mu_);
    owner_prefix_ = prefix;
  }
  std::lock_guard join_lock(join_mu_);
  for (int i = 0; i < options_.threads; ++i) threads_.emplace_back([this, i] { Run(i); });
}

void WorkerPool::Notify() {
  std::lock_guard lock(mu_);
  ++notified_;
  wake_.notify_one();
}

void WorkerPool::Stop() {
  std::lock_guard join_lock(join_mu_);
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_) thread.join();
  threads_.clear();
}

void WorkerPool::Run(int index) {
  std::string owner;
  {
    std::lock_guard lock(mu_);
    owner = owner_prefix_ + std::to_string(index);
  }
  for (;;) {
    int64_t seen;
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
      seen = notified_;
    }
    if (RunOne(owner)) continue;
    std::unique_lock lock(mu_);
    wake_.wait_for(lock, std::chrono::milliseconds(options_.idle_poll_ms),
                   [&] { return stopping_ || notified_ != seen; });
  }
}

bool WorkerPool::RunOne(const std::string& owner) {
  auto db = store_.Acquire();
  if (!db.ok()) {
    Log("worker: cannot reach the store: " + db.status().message());
    return false;
  }
  auto claimed = ClaimJob(**db, owner, Now(), options_.claim);
  if (!claimed.ok()) {
    Log("worker: cannot claim a job: " + claimed.status().message());
    return false;
  }
  if (!claimed->has_value()) return false;
  const JobLease& lease = **claimed;
  auto submission = FindSubmissionForJob(**db, lease.submission_id);
  if (!submission.ok() || !submission->has_value()) {
    Log("worker: job " + std::to_string(lease.job_id) + " has no readable submission");
    return true;  // its lease runs out and the attempts limit ends it
  }
  bool lost = false;
  int64_t renewed_at = Now();
  auto tick = [&] {
    int64_t now = Now();
    // Renew a third of the way through the lease, so one late renewal does not lose it.
    if (lost || now - renewed_at < std::max<int64_t>(1, options_.claim.lease_seconds / 3)) return;
    auto still_ours = RenewLease(**db, lease, now + options_.claim.lease_seconds);
    renewed_at = now;
    if (still_ours.ok() && !*still_ours) lost = true;
  };
  auto outcome = ValidateStoredSubmission(**submission, paths_, specs_, tick, &**db,
                                          options_.person_key.get());
  if (!outcome.ok()) {
    // A fault of the service (a broken spec folder, a full disk): leave the job to be retried
    // when its lease runs out, up to the attempts limit.
    Log("worker: submission " + std::to_string(lease.submission_id) +
        " could not be validated: " + outcome.status().message());
    return true;
  }
  if (lost) return true;
  auto finished = FinishJob(**db, lease, *outcome, Now());
  if (!finished.ok()) {
    Log("worker: cannot record the outcome of submission " + std::to_string(lease.submission_id) +
        ": " + finished.status().message());
  }
  finished_.fetch_add(1);
  return true;
}

}  // namespace mhds::serve
