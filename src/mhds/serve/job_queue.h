// The durable validation queue: one row per submission in the store's jobs table. A worker claims
// a job with a lease (a deadline it must renew while it works); a job whose lease has run out is
// claimable again, so the work of a crashed or killed worker is picked up by another, in this
// process or in another one sharing the store. Claims are a conditional UPDATE that succeeds for
// one claimant only, on SQLite and PostgreSQL alike.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "mhds/base/result.h"
#include "mhds/serve/submissions.h"
#include "mhds/store/database.h"

namespace mhds::serve {

struct JobLease {
  int64_t job_id = 0;
  int64_t submission_id = 0;
  int64_t attempts = 0;  // including this one
  std::string owner;
};

struct ClaimOptions {
  int64_t lease_seconds = 300;
  // A job claimed this many times without finishing is marked failed instead of being claimed
  // again: a submission that kills its worker must not kill every worker in turn.
  int64_t max_attempts = 3;
};

// Claims the oldest pending job, or the oldest running one whose lease ended before `now`, and
// marks its submission validating. nullopt when there is none.
Result<std::optional<JobLease>> ClaimJob(store::Database& db, std::string_view owner, int64_t now,
                                         const ClaimOptions& options = {});

// Extends the lease to `until`. False when the lease is no longer ours (it ran out and another
// worker took the job): the caller should stop and drop its work.
Result<bool> RenewLease(store::Database& db, const JobLease& lease, int64_t until);

// What validation made of a submission.
struct JobOutcome {
  SubmissionStatus status = SubmissionStatus::kFailed;
  int64_t rows_received = 0;
  int64_t rows_rejected = 0;
  int64_t findings = 0;
  std::string message;
};

// Records the outcome on the submission and marks the job done, in one transaction, only if the
// lease is still ours. False when it is not (nothing is written).
Result<bool> FinishJob(store::Database& db, const JobLease& lease, const JobOutcome& outcome,
                       int64_t now);

// Counts of jobs by state, for status pages and tests.
struct QueueCounts {
  int64_t pending = 0;
  int64_t running = 0;
  int64_t done = 0;
  int64_t failed = 0;
};
Result<QueueCounts> CountJobs(store::Database& db);

}  // namespace mhds::serve
