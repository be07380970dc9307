// One validation of one stored submission, as `mhds validate` does it: the spec folder of the
// submission's data set and version, the reporting period, organisation and upload time chosen at
// upload, and the whole report folder (report/report.h WriteReportDir) written beside the upload.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include "mhds/derive/person_key.h"
#include "mhds/serve/job_queue.h"
#include "mhds/serve/service_paths.h"
#include "mhds/serve/submissions.h"
#include "mhds/spec/spec.h"
#include "mhds/store/database.h"

namespace mhds::serve {

// Loaded spec folders, shared by the worker threads. Thread-safe.
class SpecCache {
 public:
  Result<std::shared_ptr<const spec::Spec>> Get(const std::filesystem::path& folder);

 private:
  std::mutex mu_;
  std::map<std::filesystem::path, std::shared_ptr<const spec::Spec>> specs_;
};

// Validates `submission` and writes its report folder. A submission that cannot be read is a
// rejection (the message says why), not an error; errors are the service's own faults (the spec
// folder is broken, the report cannot be written). `tick` is called now and then while it runs.
// With `history`, an accepted live (not test) submission of a data set with derivations (MHSDS)
// is recorded in the history of that store, as `mhds validate --store` does; `person_key` (may be
// null) gives its Person_IDs. A failure to record is an error (the job is retried).
Result<JobOutcome> ValidateStoredSubmission(const Submission& submission, const ServicePaths& paths,
                                            SpecCache& specs, const std::function<void()>& tick,
                                            store::Database* history = nullptr,
                                            const derive::PersonKey* person_key = nullptr);

}  // namespace mhds::serve
