#include "mhds/serve/validation_run.h"

#include <chrono>
#include <optional>

#include "mhds/base/calendar.h"
#include "mhds/base/status_macros.h"
#include "mhds/derive/derive_codes.h"
#include "mhds/derive/history_store.h"
#include "mhds/derive/submission_records.h"
#include "mhds/derive/talking_therapies.h"
#include "mhds/derive/tt_history.h"
#include "mhds/io/table_source.h"
#include "mhds/report/report.h"
#include "mhds/report/totals.h"
#include "mhds/serve/unpacked_zip.h"
#include "mhds/serve/upload_file.h"
#include "mhds/validate/validator.h"

namespace mhds::serve {

Result<std::shared_ptr<const spec::Spec>> SpecCache::Get(const std::filesystem::path& folder) {
  std::lock_guard lock(mu_);
  auto found = specs_.find(folder);
  if (found != specs_.end()) return found->second;
  MHDS_ASSIGN_OR_RETURN(spec::Spec loaded, spec::LoadSpec(folder));
  auto shared = std::make_shared<const spec::Spec>(std::move(loaded));
  specs_.emplace(folder, shared);
  return shared;
}

namespace {

// Records an accepted submission's derived items in the history: a Talking Therapies month's
// records, or an MHSDS month's (a version without derivations.csv records nothing).
Status RecordAccepted(const Submission& submission, const spec::Spec& spec, io::TableSource& source,
                      const validate::ValidationResult& result, store::Database& db,
                      const derive::PersonKey* person_key, int64_t now) {
  const std::string label = "upload " + std::to_string(submission.id);
  if (derive::IsTalkingTherapiesSpec(spec)) {
    MHDS_ASSIGN_OR_RETURN(auto settings, derive::LoadTtSettings(spec.folder));
    MHDS_ASSIGN_OR_RETURN(auto records,
                          derive::ReadTtMonthRecords(spec, settings, source, result, person_key));
    MHDS_RETURN_IF_ERROR(derive::MigrateTtHistory(db));
    return derive::RecordTtSubmission(db, records, label, now).status();
  }
  auto codes = derive::DeriveCodes::Load(spec);
  if (!codes.ok()) {
    return codes.status().code() == StatusCode::kNotFound ? Status::Ok() : codes.status();
  }
  MHDS_ASSIGN_OR_RETURN(auto records,
                        derive::ReadSubmissionRecords(spec, source, result, *codes, person_key));
  MHDS_RETURN_IF_ERROR(derive::MigrateHistory(db));
  return derive::RecordSubmission(db, records, label, now).status();
}

}  // namespace

Result<JobOutcome> ValidateStoredSubmission(const Submission& submission, const ServicePaths& paths,
                                            SpecCache& specs, const std::function<void()>& tick,
                                            store::Database* history,
                                            const derive::PersonKey* person_key) {
  auto started = std::chrono::steady_clock::now();
  std::filesystem::path spec_dir = paths.specs / submission.dataset / submission.version;
  MHDS_ASSIGN_OR_RETURN(auto spec, specs.Get(spec_dir));

  JobOutcome outcome;
  std::filesystem::path input = paths.upload(submission.file_name);
  std::optional<UnpackedZip> unpacked;
  if (submission.format == UploadFormatName(UploadFormat::kZip)) {
    auto folder = UnpackedZip::Unpack(input, paths.unpacked(), submission.id);
    if (!folder.ok()) {
      if (folder.status().code() != StatusCode::kDataError) return folder.status();
      outcome.status = SubmissionStatus::kRejected;
      outcome.message = folder.status().message();
      return outcome;
    }
    unpacked.emplace(std::move(folder).value());
    input = unpacked->folder();
  }
  auto source = io::OpenSource(input.string());
  if (!source.ok()) {
    if (source.status().code() != StatusCode::kDataError) return source.status();
    outcome.status = SubmissionStatus::kRejected;
    outcome.message = "the upload is not a readable submission: " + source.status().message();
    return outcome;
  }
  validate::ValidateOptions options;
  options.period = submission.period;
  options.org = submission.org;
  options.uploaded_at = submission.uploaded_at;
  options.progress = [&tick](uint64_t, uint64_t) { tick(); };
  auto result = validate::Validate(*spec, **source, options);
  if (!result.ok()) {
    StatusCode code = result.status().code();
    if (code != StatusCode::kDataError && code != StatusCode::kNotFound &&
        code != StatusCode::kInvalidArgument) {
      return result.status();
    }
    outcome.status = SubmissionStatus::kRejected;
    outcome.message = "the upload could not be validated: " + result.status().message();
    return outcome;
  }
  report::ReportInfo info;
  info.spec_folder = (std::filesystem::path(submission.dataset) / submission.version).string();
  info.tool_version = "mhds 0.1.0";
  info.generated_at = FormatDateTime(std::chrono::duration_cast<std::chrono::seconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count());
  info.elapsed_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  MHDS_RETURN_IF_ERROR(
      report::WriteReportDir(*spec, *result, info, paths.report_dir(submission.id)));

  // The same numbers the report leads with.
  report::Totals totals = report::CountTotals(*result);
  outcome.rows_received = static_cast<int64_t>(totals.rows_received);
  outcome.rows_rejected = static_cast<int64_t>(totals.rows_rejected);
  outcome.findings = static_cast<int64_t>(totals.findings);
  if (result->file_rejected) {
    outcome.status = SubmissionStatus::kRejected;
    outcome.message = "the file was rejected: see the report";
  } else if (outcome.rows_rejected > 0) {
    outcome.status = SubmissionStatus::kAcceptedWithRejections;
  } else {
    outcome.status = SubmissionStatus::kAccepted;
  }
  if (history != nullptr && !submission.test && !result->file_rejected) {
    int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    MHDS_RETURN_IF_ERROR(
        RecordAccepted(submission, *spec, **source, *result, *history, person_key, now)
            .WithContext("while recording the accepted submission's history"));
  }
  return outcome;
}

}  // namespace mhds::serve
