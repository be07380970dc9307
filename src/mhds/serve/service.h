// Service: what every request handler of the landing service shares — the options, the store's
// connection pool, the submission calendars, the validation workers and the clock. Built by
// Server::Create; handlers receive it by reference. Thread-safe after construction.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "mhds/account/accounts.h"
#include "mhds/derive/person_key.h"
#include "mhds/serve/service_paths.h"
#include "mhds/serve/submission_calendar.h"
#include "mhds/serve/worker_pool.h"
#include "mhds/store/pool.h"

namespace mhds::serve {

struct ServiceOptions {
  std::string store_url = "sqlite:mhds.db";
  ServicePaths paths;
  // Validation threads in this process; 0 leaves every job to `mhds serve --worker` processes.
  int worker_threads = 2;
  int store_connections = 8;
  // The largest upload accepted, in bytes.
  uint64_t max_upload_bytes = uint64_t{16} << 30;
  // The largest form or JSON body accepted (sign-in, access requests), in bytes.
  size_t max_form_bytes = 64 * 1024;
  // Lease of a validation job; renewed while the validation runs.
  int64_t job_lease_seconds = 300;
  account::AccountOptions accounts;             // its clock is replaced by `clock` below
  std::function<int64_t()> clock;               // Unix seconds; the system clock when empty
  std::function<void(const std::string&)> log;  // one line per event; no patient data
  // The operator's key for Person_ID in the history of accepted MHSDS uploads (none: blank).
  std::shared_ptr<const derive::PersonKey> person_key;
};

class Service {
 public:
  // Connects, migrates the store, prepares the data folder and loads every data set's calendar
  // (a data set folder without windows.csv takes no uploads). Errors: the store's, kIoError for
  // the folder, kSpecError for a malformed windows.csv.
  static Result<std::unique_ptr<Service>> Create(ServiceOptions options);

  const ServiceOptions& options() const { return options_; }
  const ServicePaths& paths() const { return options_.paths; }
  store::Pool& pool() { return *pool_; }
  int64_t Now() const;
  int64_t Today() const;  // days since 1970-01-01, UTC

  // Accounts over a leased connection, with the service's clock.
  account::Accounts AccountsOn(store::Database& db) const;

  // nullptr when the data set has no calendar.
  const SubmissionCalendar* Calendar(const std::string& dataset) const;

  // The validation workers of this process (none when worker_threads is 0).
  void StartWorkers();
  void StopWorkers();
  void NotifyWorkers();

  void Log(const std::string& line) const;

 private:
  explicit Service(ServiceOptions options) : options_(std::move(options)) {}

  ServiceOptions options_;
  std::unique_ptr<store::Pool> pool_;
  std::map<std::string, SubmissionCalendar> calendars_;
  std::unique_ptr<WorkerPool> workers_;
};

}  // namespace mhds::serve
