#include "mhds/serve/job_queue.h"

#include "mhds/base/status_macros.h"

namespace mhds::serve {
namespace {

constexpr std::string_view kClaimable =
    "(state = 'pending' OR (state = 'running' AND lease_until < ?))";

}  // namespace

Result<std::optional<JobLease>> ClaimJob(store::Database& db, std::string_view owner, int64_t now,
                                         const ClaimOptions& options) {
  // Another worker may take the candidate between the SELECT and the UPDATE; the UPDATE's own
  // condition then matches no row, and the next candidate is tried.
  for (;;) {
    MHDS_ASSIGN_OR_RETURN(auto candidate,
                          db.QueryRow("SELECT id, submission_id, attempts FROM jobs WHERE " +
                                          std::string(kClaimable) + " ORDER BY id LIMIT 1",
                                      {now}));
    if (!candidate) return std::optional<JobLease>();
    JobLease lease;
    lease.job_id = candidate->Int(0);
    lease.submission_id = candidate->Int(1);
    lease.attempts = candidate->Int(2) + 1;
    lease.owner = std::string(owner);
    MHDS_ASSIGN_OR_RETURN(auto tx, db.Begin());
    if (lease.attempts > options.max_attempts) {
      MHDS_ASSIGN_OR_RETURN(
          int64_t failed,
          db.Exec("UPDATE jobs SET state = 'failed', finished_at = ?, lease_owner = NULL, "
                  "error = 'validation did not finish after repeated attempts' WHERE id = ? AND " +
                      std::string(kClaimable),
                  {now, lease.job_id, now}));
      if (failed == 1) {
        MHDS_RETURN_IF_ERROR(
            db.Exec("UPDATE submissions SET status = ?, message = ? WHERE id = ?",
                    {SubmissionStatusName(SubmissionStatus::kFailed),
                     "validation did not finish after " + std::to_string(options.max_attempts) +
                         " attempts; the operators have been told",
                     lease.submission_id})
                .status());
      }
      MHDS_RETURN_IF_ERROR(tx.Commit());
      continue;
    }
    MHDS_ASSIGN_OR_RETURN(
        int64_t claimed,
        db.Exec("UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = ?, "
                "lease_until = ? WHERE id = ? AND " +
                    std::string(kClaimable),
                {owner, now + options.lease_seconds, lease.job_id, now}));
    if (claimed == 1) {
      MHDS_RETURN_IF_ERROR(
          db.Exec("UPDATE submissions SET status = ? WHERE id = ?",
                  {SubmissionStatusName(SubmissionStatus::kValidating), lease.submission_id})
              .status());
    }
    MHDS_RETURN_IF_ERROR(tx.Commit());
    if (claimed == 1) return std::optional<JobLease>(std::move(lease));
  }
}

Result<bool> RenewLease(store::Database& db, const JobLease& lease, int64_t until) {
  MHDS_ASSIGN_OR_RETURN(int64_t renewed, db.Exec("UPDATE jobs SET lease_until = ? WHERE id = ? AND "
                                                 "lease_owner = ? AND state = 'running'",
                                                 {until, lease.job_id, lease.owner}));
  return renewed == 1;
}

Result<bool> FinishJob(store::Database& db, const JobLease& lease, const JobOutcome& outcome,
                       int64_t now) {
  MHDS_ASSIGN_OR_RETURN(auto tx, db.Begin());
  MHDS_ASSIGN_OR_RETURN(int64_t finished,
                        db.Exec("UPDATE jobs SET state = 'done', finished_at = ? WHERE id = ? "
                                "AND lease_owner = ? AND state = 'running'",
                                {now, lease.job_id, lease.owner}));
  if (finished != 1) return false;  // the transaction rolls back
  MHDS_RETURN_IF_ERROR(
      db.Exec("UPDATE submissions SET status = ?, rows_received = ?, rows_rejected = ?, "
              "findings = ?, validated_at = ?, message = ? WHERE id = ?",
              {SubmissionStatusName(outcome.status), outcome.rows_received, outcome.rows_rejected,
               outcome.findings, now, outcome.message, lease.submission_id})
          .status());
  MHDS_RETURN_IF_ERROR(tx.Commit());
  return true;
}

Result<QueueCounts> CountJobs(store::Database& db) {
  MHDS_ASSIGN_OR_RETURN(auto rows, db.Query("SELECT state, COUNT(*) FROM jobs GROUP BY state"));
  QueueCounts counts;
  for (const auto& row : rows) {
    std::string state = row.Text(0);
    int64_t n = row.Int(1);
    if (state == "pending") counts.pending = n;
    if (state == "running") counts.running = n;
    if (state == "done") counts.done = n;
    if (state == "failed") counts.failed = n;
  }
  return counts;
}

}  // namespace mhds::serve
