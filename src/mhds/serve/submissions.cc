#include "mhds/serve/submissions.h"

#include <map>
#include <utility>

#include "mhds/base/status_macros.h"

namespace mhds::serve {
namespace {

constexpr std::pair<SubmissionStatus, std::string_view> kStatusNames[] = {
    {SubmissionStatus::kReceived, "received"},
    {SubmissionStatus::kValidating, "validating"},
    {SubmissionStatus::kAccepted, "accepted"},
    {SubmissionStatus::kAcceptedWithRejections, "accepted_with_rejections"},
    {SubmissionStatus::kRejected, "rejected"},
    {SubmissionStatus::kFailed, "failed"},
};

constexpr std::string_view kColumns =
    "id, org, dataset, version, period, test, window_kind, submission_number, sha256, bytes, "
    "format, file_name, uploaded_by, uploaded_at, status, rows_received, rows_rejected, findings, "
    "validated_at, message";

Submission FromRow(const store::Row& row) {
  Submission s;
  s.id = row.Int(0);
  s.org = row.Text(1);
  s.dataset = row.Text(2);
  s.version = row.Text(3);
  s.period = row.Text(4);
  s.test = row.Int(5) != 0;
  s.window_kind = row.Text(6);
  s.submission_number = row.Int(7);
  s.sha256 = row.Text(8);
  s.bytes = row.Int(9);
  s.format = row.Text(10);
  s.file_name = row.Text(11);
  s.uploaded_by = row.Int(12);
  s.uploaded_at = row.Int(13);
  s.status = ParseSubmissionStatus(row.Text(14)).value_or(SubmissionStatus::kFailed);
  s.rows_received = row.Int(15);
  s.rows_rejected = row.Int(16);
  s.findings = row.Int(17);
  s.validated_at = row[18].AsInt();
  s.message = row.Text(19);
  return s;
}

// Marks, within `history` (newest first), the submission that counts for each month.
void MarkCounting(std::vector<Submission>& history) {
  std::map<std::string, bool> month_has_counting;
  for (Submission& s : history) {
    if (s.test || !IsAccepted(s.status)) continue;
    bool& taken = month_has_counting[s.period];
    s.counts = !taken;
    s.superseded = taken;
    taken = true;
  }
}

}  // namespace

std::string_view SubmissionStatusName(SubmissionStatus status) {
  for (const auto& [value, name] : kStatusNames) {
    if (value == status) return name;
  }
  return "failed";
}

std::optional<SubmissionStatus> ParseSubmissionStatus(std::string_view name) {
  for (const auto& [value, text] : kStatusNames) {
    if (text == name) return value;
  }
  return std::nullopt;
}

bool IsAccepted(SubmissionStatus status) {
  return status == SubmissionStatus::kAccepted ||
         status == SubmissionStatus::kAcceptedWithRejections;
}

Result<int64_t> InsertSubmission(store::Database& db, const Submission& s, int64_t now) {
  MHDS_ASSIGN_OR_RETURN(auto tx, db.Begin());
  MHDS_ASSIGN_OR_RETURN(
      auto row,
      db.QueryRow("INSERT INTO submissions (org, dataset, version, period, test, window_kind, "
                  "submission_number, sha256, bytes, format, file_name, uploaded_by, uploaded_at, "
                  "status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  {s.org, s.dataset, s.version, s.period, s.test ? 1 : 0, s.window_kind,
                   s.submission_number, s.sha256, s.bytes, s.format, s.file_name, s.uploaded_by,
                   s.uploaded_at, SubmissionStatusName(SubmissionStatus::kReceived)}));
  if (!row) return Status::Internal("INSERT ... RETURNING id returned no row");
  int64_t id = row->Int(0);
  MHDS_RETURN_IF_ERROR(
      db.Exec("INSERT INTO jobs (submission_id, state, created_at) VALUES (?, 'pending', ?)",
              {id, now})
          .status());
  MHDS_RETURN_IF_ERROR(tx.Commit());
  return id;
}

Result<std::optional<Submission>> FindSubmission(store::Database& db, int64_t id,
                                                 std::string_view org, std::string_view dataset) {
  MHDS_ASSIGN_OR_RETURN(
      auto row, db.QueryRow("SELECT " + std::string(kColumns) +
                                " FROM submissions WHERE id = ? AND org = ? AND dataset = ?",
                            {id, org, dataset}));
  if (!row) return std::optional<Submission>();
  Submission found = FromRow(*row);
  // Whether it counts depends on the rest of its month.
  MHDS_ASSIGN_OR_RETURN(auto month, SubmissionHistory(db, org, dataset, found.period));
  for (const Submission& s : month) {
    if (s.id == id) return std::optional<Submission>(s);
  }
  return std::optional<Submission>(std::move(found));
}

Result<std::optional<Submission>> FindSubmissionForJob(store::Database& db, int64_t id) {
  MHDS_ASSIGN_OR_RETURN(
      auto row,
      db.QueryRow("SELECT " + std::string(kColumns) + " FROM submissions WHERE id = ?", {id}));
  if (!row) return std::optional<Submission>();
  return std::optional<Submission>(FromRow(*row));
}

Result<std::vector<Submission>> SubmissionHistory(store::Database& db, std::string_view org,
                                                  std::string_view dataset,
                                                  std::string_view period) {
  std::string sql =
      "SELECT " + std::string(kColumns) + " FROM submissions WHERE org = ? AND dataset = ?";
  std::vector<store::Value> params = {org, dataset};
  if (!period.empty()) {
    sql += " AND period = ?";
    params.emplace_back(period);
  }
  sql += " ORDER BY id DESC";
  MHDS_ASSIGN_OR_RETURN(auto rows, db.Query(sql, params));
  std::vector<Submission> history;
  history.reserve(rows.size());
  for (const auto& row : rows) history.push_back(FromRow(row));
  MarkCounting(history);
  return history;
}

}  // namespace mhds::serve
