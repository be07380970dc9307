// WorkerPool: threads that take validation jobs from the store's queue (job_queue.h) and run
// them (validation_run.h) until stopped. The server runs one; `mhds serve --worker` runs one with
// no HTTP side, and any number of those may share a store. A worker renews its lease while it
// validates, so only a dead worker's job is taken over.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "mhds/serve/job_queue.h"
#include "mhds/serve/service_paths.h"
#include "mhds/serve/validation_run.h"
#include "mhds/store/pool.h"

namespace mhds::serve {

struct WorkerOptions {
  int threads = 2;
  ClaimOptions claim;
  // How long an idle worker sleeps before looking at the queue again, when nothing wakes it
  // (other processes' uploads do not).
  int idle_poll_ms = 1000;
  std::function<int64_t()> clock;  // Unix seconds; the system clock when empty
  // Called with every error a worker meets (it then carries on). Never given patient data.
  std::function<void(const std::string&)> log;
  // Gives the Person_IDs of the accepted submissions recorded in the history; none leaves them
  // blank. The key is never stored.
  std::shared_ptr<const derive::PersonKey> person_key;
};

class WorkerPool {
 public:
  // `store` must outlive the pool.
  WorkerPool(store::Pool& store, ServicePaths paths, WorkerOptions options);
  ~WorkerPool();  // Stop()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void Start();
  // Wakes an idle worker: a job has just been queued.
  void Notify();
  // Lets running validations finish, then joins the threads. Idempotent.
  void Stop();

  // Jobs this pool has finished (any outcome), for tests and the status page.
  int64_t finished() const { return finished_.load(); }

 private:
  void Run(int index);
  // Claims and runs one job; false when the queue had none.
  bool RunOne(const std::string& owner);
  int64_t Now() const;
  void Log(const std::string& message) const;

  store::Pool& store_;
  ServicePaths paths_;
  WorkerOptions options_;
  SpecCache specs_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::string owner_prefix_;
  int64_t notified_ = 0;
  std::atomic<int64_t> finished_{0};
  std::mutex join_mu_;  // guards threads_, so that Stop() may be called from two threads
  std::vector<std::thread> threads_;
};

}  // namespace mhds::serve
