// `mhds validate PATH`: checks a submission and writes its DQ report; with --store, records an
// accepted MHSDS or Talking Therapies submission in the history the derivations read
// (docs/metrics.md).
#include <chrono>
#include <iostream>

#include "mhds/base/calendar.h"
#include "mhds/cli/command_failure.h"
#include "mhds/cli/commands.h"
#include "mhds/cli/exit_codes.h"
#include "mhds/cli/now_seconds.h"
#include "mhds/cli/spec_locator.h"
#include "mhds/cli/terminal.h"
#include "mhds/derive/derive_codes.h"
#include "mhds/derive/history_store.h"
#include "mhds/derive/person_key.h"
#include "mhds/derive/submission_records.h"
#include "mhds/derive/talking_therapies.h"
#include "mhds/derive/tt_history.h"
#include "mhds/io/table_source.h"
#include "mhds/report/report.h"
#include "mhds/spec/spec.h"
#include "mhds/store/store.h"
#include "mhds/validate/validator.h"

namespace mhds::cli {
namespace {

struct ValidateArgs {
  std::string path;
  std::string spec;
  std::string period;
  std::string uploaded_at;
  std::string org;
  std::string json;
  std::string report_dir;
  std::string store;
  std::string person_key;
  bool test = false;
  bool quiet = false;
  bool no_color = false;
};

std::string NowText() {
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::now().time_since_epoch());
  return FormatDateTime(now.count());
}

// The submission's name for people: its file or folder name.
std::string SubmissionLabel(const std::string& path) {
  std::filesystem::path named(path);
  if (named.filename().empty()) named = named.parent_path();  // "folder/"
  return named.filename().string();
}

void SayRecorded(const ValidateArgs& args, std::string_view what, int64_t id,
                 const std::string& provider, const derive::ReportingMonth& month, bool keyed) {
  if (args.quiet) return;
  std::cerr << "Recorded in the store as " << what << " submission " << id << " of " << provider
            << " for " << FormatDate(month.start).substr(0, 7) << " (UniqMonthID "
            << month.uniq_month_id << "); it replaces any earlier one of that month"
            << (keyed ? "" : "; no --person-key, so Person_ID is left blank") << ".\n";
}

// Records the accepted submission's derived items in the history of the store `args.store`:
// a Talking Therapies month's records, or an MHSDS month's.
Status RecordHistory(const ValidateArgs& args, const spec::Spec& spec, io::TableSource& source,
                     const validate::ValidationResult& result) {
  std::optional<derive::PersonKey> key;
  if (!args.person_key.empty()) {
    auto read = derive::PersonKey::ReadFile(args.person_key);
    if (!read.ok()) return read.status();
    key = std::move(read).value();
  }
  if (derive::IsTalkingTherapiesSpec(spec)) {
    auto settings = derive::LoadTtSettings(spec.folder);
    if (!settings.ok()) return settings.status();
    auto records =
        derive::ReadTtMonthRecords(spec, *settings, source, result, key ? &*key : nullptr);
    if (!records.ok()) return records.status();
    auto db = store::Connect(args.store);
    if (!db.ok()) return db.status();
    if (Status s = derive::MigrateTtHistory(**db); !s.ok()) return s;
    auto id = derive::RecordTtSubmission(**db, *records, SubmissionLabel(args.path), NowSeconds());
    if (!id.ok()) return id.status();
    SayRecorded(args, "Talking Therapies history", *id, records->provider, records->month,
                key.has_value());
    return Status::Ok();
  }
  auto codes = derive::DeriveCodes::Load(spec);
  if (!codes.ok()) {
    return Status::InvalidArgument(
        "--store records MHSDS v6.0 and Talking Therapies submissions; " +
        codes.status().message());
  }
  auto records = derive::ReadSubmissionRecords(spec, source, result, *codes, key ? &*key : nullptr);
  if (!records.ok()) return records.status();
  auto db = store::Connect(args.store);
  if (!db.ok()) return db.status();
  if (Status s = derive::MigrateHistory(**db); !s.ok()) return s;
  auto id = derive::RecordSubmission(**db, *records, SubmissionLabel(args.path), NowSeconds());
  if (!id.ok()) return id.status();
  SayRecorded(args, "history", *id, records->provider, records->month, key.has_value());
  return Status::Ok();
}

int RunValidate(const ValidateArgs& args) {
  if (!args.person_key.empty() && args.store.empty()) {
    return Fail("validate", Status::InvalidArgument("--person-key is used only with --store"));
  }
  auto started = std::chrono::steady_clock::now();
  validate::ValidateOptions options;
  if (!args.period.empty()) options.period = args.period;
  if (!args.org.empty()) options.org = args.org;
  if (!args.uploaded_at.empty()) {
    auto at = ParseDateTime(args.uploaded_at);
    if (!at) {
      if (auto day = ParseDate(args.uploaded_at)) at = *day * kSecondsPerDay;
    }
    if (!at) {
      return Fail("validate",
                  Status::InvalidArgument("--uploaded-at '" + args.uploaded_at +
                                          "' is not CCYY-MM-DDThh:mm:ss or CCYY-MM-DD"));
    }
    options.uploaded_at = *at;
  }

  auto source = io::OpenSource(args.path);
  if (!source.ok()) return Fail("validate", source.status());
  std::filesystem::path spec_dir =
      args.spec.empty() ? DetectSpecDir(**source, args.period)
                        : PickVersionFolder(ResolveSpecDir(args.spec), **source, args.period);
  auto spec = spec::LoadSpec(spec_dir);
  if (!spec.ok()) return Fail("validate", spec.status());

  ProgressLine progress("validating", !args.quiet);
  options.progress = [&](uint64_t done, uint64_t total) { progress.Update(done, total); };
  auto result = validate::Validate(*spec, **source, options);
  if (!result.ok()) return Fail("validate", result.status());

  report::ReportInfo info;
  info.spec_folder = spec_dir.string();
  info.tool_version = "mhds 0.1.0";
  info.generated_at = NowText();
  info.elapsed_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  if (args.json == "-") {
    report::WriteJsonReport(*spec, *result, info,
                            [](std::string_view piece) { std::cout << piece; });
    std::cout << "\n";
  } else if (!args.json.empty()) {
    if (Status s = report::WriteJsonReportFile(*spec, *result, info, args.json); !s.ok()) {
      return Fail("validate", s);
    }
  }
  if (!args.report_dir.empty()) {
    if (Status s = report::WriteReportDir(*spec, *result, info, args.report_dir); !s.ok()) {
      return Fail("validate", s);
    }
  }
  if (!args.quiet && args.json != "-") {
    report::SummaryOptions summary;
    summary.color = !args.no_color && StdoutWantsColor();
    summary.report_dir = args.report_dir;
    report::PrintSummary(*spec, *result, std::cout, summary);
  }
  if (result->file_rejected) return kExitFileRejected;
  if (!args.store.empty() && !args.test) {
    if (Status s = RecordHistory(args, *spec, **source, *result); !s.ok())
      return Fail("validate", s);
  }
  return result->RowsRejected() > 0 ? kExitRowsRejected : kExitAccepted;
}

}  // namespace

void RegisterValidate(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ValidateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "validate",
      "Check a submission (a folder of CSV files named by IDB table, or a SQLite IDB) against a\n"
      "data set specification. Prints a summary; --json and --report-dir write the full report.\n"
      "Exit codes: 0 accepted with no rejected record, 1 accepted with rejected records or\n"
      "groups, 2 file rejected, 64 bad usage, 65 unreadable input, 66 input missing,\n"
      "74 cannot write a report or record the history.");
  cmd->add_option("PATH", args->path, "Submission: CSV folder or SQLite file")->required();
  cmd->add_option(
      "--spec", args->spec,
      "Specification folder (default: the bundled folder matching the submission's\n"
      "header table, data set version and period, e.g. specs/mhsds/6.0 or specs/iapt/2.1;\n"
      "a data set folder such as specs/iapt picks its version folder the same way)");
  cmd->add_option("--period", args->period,
                  "Reporting month chosen at upload, CCYY-MM (default: the header's)");
  cmd->add_option("--uploaded-at", args->uploaded_at,
                  "Upload date and time, CCYY-MM-DDThh:mm:ss (default: now)");
  cmd->add_option("--org", args->org, "ODS code of the uploading organisation");
  cmd->add_option("--json", args->json, "Write the JSON report to FILE ('-' for standard output)");
  cmd->add_option("--report-dir", args->report_dir,
                  "Write every report (JSON, national CSVs, findings, root causes, HTML) to DIR");
  cmd->add_option("--store", args->store,
                  "Record an accepted MHSDS or Talking Therapies submission in the history of\n"
                  "this store (sqlite:PATH or postgresql://...); the latest recorded of a\n"
                  "provider-month counts for mhds derive");
  cmd->add_option("--person-key", args->person_key,
                  "Secret key file for Person_ID (keyed HMAC-SHA256 of the NHS Number); kept by\n"
                  "the operator, never stored");
  cmd->add_flag("--test", args->test, "With --store: validate only, record nothing");
  cmd->add_flag("-q,--quiet", args->quiet, "Print nothing but errors; rely on the exit code");
  cmd->add_flag("--no-color", args->no_color, "No colour (also when NO_COLOR is set)");
  cmd->callback([args, exit_code] { *exit_code = RunValidate(*args); });
}

}  // namespace mhds::cli
