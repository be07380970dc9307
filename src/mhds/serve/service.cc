#include "mhds/serve/service.h"

#include <chrono>

#include "mhds/base/calendar.h"
#include "mhds/base/status_macros.h"
#include "mhds/serve/schema.h"
#include "mhds/serve/startup_cleanup.h"
#include "mhds/store/store.h"

namespace mhds::serve {

Result<std::unique_ptr<Service>> Service::Create(ServiceOptions options) {
  std::unique_ptr<Service> service(new Service(std::move(options)));
  ServiceOptions& o = service->options_;
  if (!o.clock) {
    o.clock = [] {
      return std::chrono::duration_cast<std::chrono::seconds>(
                 std::chrono::system_clock::now().time_since_epoch())
          .count();
    };
  }
  o.accounts.clock = o.clock;
  MHDS_ASSIGN_OR_RETURN(
      service->pool_, store::Pool::Open(o.store_url, o.store_connections, store::ConnectOptions{}));
  {
    MHDS_ASSIGN_OR_RETURN(auto db, service->pool_->Acquire());
    MHDS_RETURN_IF_ERROR(MigrateStore(*db));
  }
  MHDS_RETURN_IF_ERROR(PrepareDataFolder(o.paths));
  MHDS_ASSIGN_OR_RETURN(CleanupCount cleaned, RemoveStrayFiles(o.paths, o.log));
  if (cleaned.upload_temp_files + cleaned.unpacked_folders > 0 && o.log) {
    o.log("cleanup: removed " + std::to_string(cleaned.upload_temp_files) +
          " temporary upload files and " + std::to_string(cleaned.unpacked_folders) +
          " unpacked zip folders left by ended processes");
  }
  for (const std::string& dataset : o.accounts.datasets) {
    auto calendar = SubmissionCalendar::Load(o.paths.specs, dataset);
    if (calendar.ok()) {
      service->calendars_.emplace(dataset, std::move(calendar).value());
    } else if (calendar.status().code() != StatusCode::kNotFound) {
      return calendar.status();
    }
  }
  return service;
}

int64_t Service::Now() const { return options_.clock(); }

int64_t Service::Today() const {
  int64_t now = Now();
  return now >= 0 ? now / kSecondsPerDay : (now - kSecondsPerDay + 1) / kSecondsPerDay;
}

account::Accounts Service::AccountsOn(store::Database& db) const {
  return account::Accounts(db, options_.accounts);
}

const SubmissionCalendar* Service::Calendar(const std::string& dataset) const {
  auto found = calendars_.find(dataset);
  return found == calendars_.end() ? nullptr : &found->second;
}

void Service::StartWorkers() {
  if (options_.worker_threads <= 0 || workers_) return;
  WorkerOptions worker;
  worker.threads = options_.worker_threads;
  worker.claim.lease_seconds = options_.job_lease_seconds;
  worker.clock = options_.clock;
  worker.log = options_.log;
  worker.person_key = options_.person_key;
  workers_ = std::make_unique<WorkerPool>(*pool_, options_.paths, std::move(worker));
  workers_->Start();
}

void Service::StopWorkers() {
  if (workers_) workers_->Stop();
}

void Service::NotifyWorkers() {
  if (workers_) workers_->Notify();
}

void Service::Log(const std::string& line) const {
  if (options_.log) options_.log(line);
}

}  // namespace mhds::serve
