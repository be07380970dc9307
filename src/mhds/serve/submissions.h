// Submissions as the store keeps them: what was uploaded, for which organisation, data set and
// month, and what validation made of it. History marks, per organisation, data set and month, the
// latest accepted live submission as the one that counts and earlier accepted live ones as
// superseded; test submissions never count.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/store/database.h"

namespace mhds::serve {

enum class SubmissionStatus {
  kReceived,                // stored, waiting for a worker
  kValidating,              // a worker is validating it
  kAccepted,                // no rejected record
  kAcceptedWithRejections,  // accepted, some records or groups rejected
  kRejected,                // the file was rejected (or could not be read as a submission)
  kFailed,                  // validation itself failed repeatedly (a fault of the service)
};

std::string_view SubmissionStatusName(SubmissionStatus status);  // "accepted_with_rejections"
std::optional<SubmissionStatus> ParseSubmissionStatus(std::string_view name);
bool IsAccepted(SubmissionStatus status);

struct Submission {
  int64_t id = 0;
  std::string org;      // ODS code
  std::string dataset;  // "mhsds", "iapt"
  std::string version;  // "6.0"
  std::string period;   // "CCYY-MM"
  bool test = false;
  std::string window_kind;
  int64_t submission_number = 1;
  std::string sha256;
  int64_t bytes = 0;
  std::string format;
  std::string file_name;
  int64_t uploaded_by = 0;
  int64_t uploaded_at = 0;
  SubmissionStatus status = SubmissionStatus::kReceived;
  int64_t rows_received = 0;
  int64_t rows_rejected = 0;
  int64_t findings = 0;
  std::optional<int64_t> validated_at;
  std::string message;
  // Set by SubmissionHistory and FindSubmission.
  bool counts = false;      // the latest accepted live submission of its month
  bool superseded = false;  // an accepted live submission replaced by a later one
};

// Inserts `submission` (status received) and its pending validation job in one transaction, so
// that no accepted upload is ever without its job. Returns the new id.
Result<int64_t> InsertSubmission(store::Database& db, const Submission& submission, int64_t now);

// The submission `id` if it belongs to `org` and `dataset`; nullopt otherwise (as if it did not
// exist).
Result<std::optional<Submission>> FindSubmission(store::Database& db, int64_t id,
                                                 std::string_view org, std::string_view dataset);

// The submission `id` whatever its organisation: for the validation workers only, never for a
// request.
Result<std::optional<Submission>> FindSubmissionForJob(store::Database& db, int64_t id);

// The submissions of `org` and `dataset` (of one month when `period` is not empty), newest first,
// with counts and superseded set.
Result<std::vector<Submission>> SubmissionHistory(store::Database& db, std::string_view org,
                                                  std::string_view dataset,
                                                  std::string_view period = {});

}  // namespace mhds::serve
