// `mhds derive SUBMISSION --period CCYY-MM [--store URL]`: validates a submission, then derives the
// month's IPS figures (MHSDS) or Talking Therapies figures (IAPT, with --earlier files) from its
// accepted rows, alone or against the history in the store (a
// preview: nothing is recorded). `mhds derive --store URL --month CCYY-MM [--org ODS]`: the
// figures of recorded months, from the history alone (docs/metrics.md).
#include <iostream>
#include <memory>

#include "mhds/base/calendar.h"
#include "mhds/cli/command_failure.h"
#include "mhds/cli/commands.h"
#include "mhds/cli/exit_codes.h"
#include "mhds/cli/spec_locator.h"
#include "mhds/cli/terminal.h"
#include "mhds/derive/derive.h"
#include "mhds/derive/derive_codes.h"
#include "mhds/derive/history_store.h"
#include "mhds/derive/ips_history.h"
#include "mhds/derive/ips_output.h"
#include "mhds/derive/submission_records.h"
#include "mhds/derive/talking_therapies.h"
#include "mhds/derive/tt_history.h"
#include "mhds/derive/tt_output.h"
#include "mhds/io/table_source.h"
#include "mhds/report/atomic_file.h"
#include "mhds/spec/spec.h"
#include "mhds/store/store.h"
#include "mhds/validate/validator.h"

namespace mhds::cli {
namespace {

struct DeriveArgs {
  std::string path;
  std::string period;
  std::string spec;
  std::string org;
  std::string json;
  std::string csv;
  std::string store;
  std::string month;
  std::string dataset;               // with --month: "mhsds", "iapt" or "" for both
  std::vector<std::string> earlier;  // earlier months' files (Talking Therapies)
  bool unsuppressed = false;
  bool quiet = false;
};

// `text` to standard output for "-", else atomically to the file `path` (mode 0600).
Status WriteOutput(const std::string& path, const std::string& text) {
  if (path == "-") {
    std::cout << text;
    return Status::Ok();
  }
  return report::WriteFileAtomically(path, text);
}

// Writes the figures of each month (one provider's, or several from the store) where the options
// say, the table unless quiet. `json`, `csv` and `table` render one month; the IPS and Talking
// Therapies figures differ only in those.
template <typename Month, typename Json, typename Csv, typename Table>
int WriteMonths(const DeriveArgs& args, const std::vector<Month>& months, Json json, Csv csv,
                Table table) {
  bool suppress = !args.unsuppressed;
  if (!args.json.empty()) {
    std::string text = months.size() == 1 ? json(months[0], suppress) : "";
    if (months.size() != 1) {
      // Several providers from the store: one JSON array of the per-provider documents.
      text = "[\n";
      for (size_t i = 0; i < months.size(); ++i) {
        std::string doc = json(months[i], suppress);
        doc.pop_back();  // its newline
        text += doc + (i + 1 < months.size() ? ",\n" : "\n");
      }
      text += "]\n";
    }
    if (Status s = WriteOutput(args.json, text); !s.ok()) return Fail("derive", s);
  }
  if (!args.csv.empty()) {
    std::string text;
    for (size_t i = 0; i < months.size(); ++i) {
      std::string rows = csv(months[i], suppress);
      // One header line: those of the second and later providers are dropped.
      if (i > 0) rows.erase(0, rows.find('\n') + 1);
      text += rows;
    }
    if (Status s = WriteOutput(args.csv, text); !s.ok()) return Fail("derive", s);
  }
  if (!args.quiet && args.json != "-" && args.csv != "-") {
    for (size_t i = 0; i < months.size(); ++i) {
      if (i > 0) std::cout << "\n";
      std::cout << table(months[i], suppress);
    }
  }
  return kExitAccepted;
}

int WriteFigures(const DeriveArgs& args, const std::vector<derive::IpsMonth>& months) {
  return WriteMonths(args, months, derive::IpsJson, derive::IpsCsv, derive::IpsTerminalTable);
}

int WriteTtFigures(const DeriveArgs& args, const std::vector<derive::TtMonth>& months) {
  return WriteMonths(args, months, derive::TtJson, derive::TtCsv, derive::TtTerminalTable);
}

Result<std::unique_ptr<store::Database>> OpenHistory(const std::string& url) {
  auto db = store::Connect(url);
  if (!db.ok()) return db.status();
  if (Status s = derive::MigrateHistory(**db); !s.ok()) return s;
  return db;
}

// The Talking Therapies measures of an IAPT submission, written as --json, --csv and the table.
int WriteTalkingTherapies(const DeriveArgs& args, const spec::Spec& spec, io::TableSource& source,
                          const validate::ValidationResult& validation) {
  // Each earlier file is validated against its own version, for its own (header's) period.
  std::vector<std::unique_ptr<io::TableSource>> sources;
  std::vector<std::unique_ptr<spec::Spec>> specs;
  std::vector<std::unique_ptr<validate::ValidationResult>> results;
  std::vector<derive::TtEarlierFile> earlier;
  for (const std::string& path : args.earlier) {
    auto earlier_source = io::OpenSource(path);
    if (!earlier_source.ok()) return Fail("derive", earlier_source.status());
    auto earlier_spec = spec::LoadSpec(DetectSpecDir(**earlier_source));
    if (!earlier_spec.ok()) return Fail("derive", earlier_spec.status());
    auto result = validate::Validate(*earlier_spec, **earlier_source, validate::ValidateOptions{});
    if (!result.ok()) return Fail("derive", result.status());
    if (result->file_rejected) {
      std::cerr << "mhds derive: the earlier file " << path
                << " was rejected as a whole (run mhds validate on it to see why); give the "
                   "accepted file of that month\n";
      return kExitFileRejected;
    }
    sources.push_back(std::move(earlier_source).value());
    specs.push_back(std::make_unique<spec::Spec>(std::move(earlier_spec).value()));
    results.push_back(std::make_unique<validate::ValidationResult>(std::move(result).value()));
    earlier.push_back({specs.back().get(), sources.back().get(), results.back().get()});
  }
  auto month = derive::DeriveTtMonth(spec, source, validation, earlier);
  if (!month.ok()) return Fail("derive", month.status());
  return WriteTtFigures(args, {*month});
}

// A Talking Therapies file previewed against the history in the store: the file stands in for its
// provider-month, its earlier months come from the store; nothing is recorded.
int PreviewTalkingTherapies(const DeriveArgs& args, const spec::Spec& spec, io::TableSource& source,
                            const validate::ValidationResult& validation) {
  if (!args.earlier.empty()) {
    return Fail("derive",
                Status::InvalidArgument(
                    "give earlier months with --earlier files or with --store, not both"));
  }
  auto settings = derive::LoadTtSettings(spec.folder);
  if (!settings.ok()) return Fail("derive", settings.status());
  auto records = derive::ReadTtMonthRecords(spec, *settings, source, validation, nullptr);
  if (!records.ok()) return Fail("derive", records.status());
  auto db = OpenHistory(args.store);
  if (!db.ok()) return Fail("derive", db.status());
  if (Status s = derive::MigrateTtHistory(**db); !s.ok()) return Fail("derive", s);
  auto history = derive::LoadTtHistory(**db, records->provider, records->month.uniq_month_id - 1);
  if (!history.ok()) return Fail("derive", history.status());
  std::vector<const derive::TtMonthRecords*> earlier;
  for (const derive::TtMonthRecords& m : *history) earlier.push_back(&m);
  auto month = derive::CountTtMonth(*settings, *records, std::move(earlier));
  if (!month.ok()) return Fail("derive", month.status());
  return WriteTtFigures(args, {*month});
}

// The providers of the month in one data set's history: `--org` alone when given and present.
Result<std::vector<std::string>> ProvidersToDerive(
    const DeriveArgs& args, const Result<std::vector<std::string>>& in_month) {
  if (!in_month.ok()) return in_month.status();
  if (args.org.empty()) return *in_month;
  std::vector<std::string> one;
  for (const std::string& p : *in_month) {
    if (p == args.org) one.push_back(p);
  }
  return one;
}

// `mhds derive --store URL --month CCYY-MM [--org ODS] [--dataset mhsds|iapt]`: the IPS figures
// of the providers with a recorded MHSDS month and the Talking Therapies figures of those with a
// recorded IAPT month.
int RunFromStore(const DeriveArgs& args) {
  auto month = ParseReportingMonth(args.month);
  if (!month)
    return Fail("derive", Status::InvalidArgument("--month '" + args.month + "' is not CCYY-MM"));
  if (!args.dataset.empty() && args.dataset != "mhsds" && args.dataset != "iapt") {
    return Fail("derive", Status::InvalidArgument("--dataset '" + args.dataset +
                                                  "' is neither mhsds (IPS) nor iapt (Talking "
                                                  "Therapies)"));
  }
  auto db = OpenHistory(args.store);
  if (!db.ok()) return Fail("derive", db.status());
  if (Status s = derive::MigrateTtHistory(**db); !s.ok()) return Fail("derive", s);
  int month_id = derive::MonthOf(month->start_days, month->end_days).uniq_month_id;
  std::vector<std::string> ips_providers;
  std::vector<std::string> tt_providers;
  if (args.dataset != "iapt") {
    auto found = ProvidersToDerive(args, derive::ProvidersInMonth(**db, month_id));
    if (!found.ok()) return Fail("derive", found.status());
    ips_providers = std::move(found).value();
  }
  if (args.dataset != "mhsds") {
    auto found = ProvidersToDerive(args, derive::TtProvidersInMonth(**db, month_id));
    if (!found.ok()) return Fail("derive", found.status());
    tt_providers = std::move(found).value();
  }
  if (ips_providers.empty() && tt_providers.empty()) {
    std::string whose = args.org.empty() ? "" : " of " + args.org;
    return Fail("derive", Status::NotFound("the store holds no accepted submission" + whose +
                                           " for " + args.month +
                                           "; record some with `mhds validate SUBMISSION "
                                           "--store URL`"));
  }
  if (!ips_providers.empty() && !tt_providers.empty() &&
      (!args.json.empty() || !args.csv.empty())) {
    return Fail("derive", Status::InvalidArgument(
                              "the store holds both MHSDS and Talking Therapies submissions for " +
                              args.month + "; with --json or --csv give --dataset mhsds or iapt"));
  }
  const bool tt_spec = derive::IsTalkingTherapiesFolder(args.spec);
  if (!ips_providers.empty()) {
    auto spec = spec::LoadSpec(ResolveSpecDir(tt_spec ? std::string() : args.spec));
    if (!spec.ok()) return Fail("derive", spec.status());
    auto codes = derive::DeriveCodes::Load(*spec);
    if (!codes.ok()) return Fail("derive", codes.status());
    std::vector<derive::IpsMonth> months;
    for (const std::string& provider : ips_providers) {
      auto figures = derive::DeriveIpsFromStore(**db, provider, month_id, *codes);
      if (!figures.ok()) return Fail("derive", figures.status());
      months.push_back(std::move(figures).value());
    }
    if (int exit = WriteFigures(args, months); exit != kExitAccepted) return exit;
  }
  if (tt_providers.empty()) return kExitAccepted;
  std::vector<derive::TtMonth> months;
  for (const std::string& provider : tt_providers) {
    auto figures = derive::DeriveTtFromStore(
        **db, provider, month_id, FindSpecsRoot(),
        tt_spec ? std::filesystem::path(args.spec) : std::filesystem::path());
    if (!figures.ok()) return Fail("derive", figures.status());
    months.push_back(std::move(figures).value());
  }
  if (!ips_providers.empty() && !args.quiet) std::cout << "\n";
  return WriteTtFigures(args, months);
}

int RunDerive(const DeriveArgs& args) {
  if (args.path.empty()) {
    if (args.store.empty() || args.month.empty()) {
      return Fail("derive",
                  Status::InvalidArgument(
                      "give a SUBMISSION with --period, or --store URL with --month CCYY-MM"));
    }
    return RunFromStore(args);
  }
  if (!args.month.empty()) {
    return Fail(
        "derive",
        Status::InvalidArgument(
            "--month is for figures from the store alone; with a SUBMISSION give --period"));
  }
  if (args.period.empty()) {
    return Fail("derive", Status::InvalidArgument("a SUBMISSION needs --period CCYY-MM"));
  }
  if (!ParseReportingMonth(args.period)) {
    return Fail("derive", Status::InvalidArgument("--period '" + args.period + "' is not CCYY-MM"));
  }
  auto source = io::OpenSource(args.path);
  if (!source.ok()) return Fail("derive", source.status());
  std::filesystem::path spec_dir =
      args.spec.empty() ? DetectSpecDir(**source, args.period)
                        : PickVersionFolder(ResolveSpecDir(args.spec), **source, args.period);
  auto spec = spec::LoadSpec(spec_dir);
  if (!spec.ok()) return Fail("derive", spec.status());

  validate::ValidateOptions options;
  options.period = args.period;
  if (!args.org.empty()) options.org = args.org;
  ProgressLine progress("validating", !args.quiet);
  options.progress = [&](uint64_t done, uint64_t total) { progress.Update(done, total); };
  auto validation = validate::Validate(*spec, **source, options);
  if (!validation.ok()) return Fail("derive", validation.status());
  if (validation->file_rejected) {
    std::cerr << "mhds derive: the submission was rejected as a whole (run mhds validate to see "
                 "why), so it gives no figures\n";
    return kExitFileRejected;
  }
  if (derive::IsTalkingTherapiesSpec(*spec)) {
    if (!args.store.empty()) return PreviewTalkingTherapies(args, *spec, **source, *validation);
    return WriteTalkingTherapies(args, *spec, **source, *validation);
  }
  if (args.store.empty()) {
    auto month = derive::DeriveIpsMonth(*spec, **source, *validation);
    if (!month.ok()) return Fail("derive", month.status());
    return WriteFigures(args, {*month});
  }
  // A preview against the history: the file stands in for its provider-month, unrecorded.
  auto codes = derive::DeriveCodes::Load(*spec);
  if (!codes.ok()) return Fail("derive", codes.status());
  auto records = derive::ReadSubmissionRecords(*spec, **source, *validation, *codes, nullptr);
  if (!records.ok()) return Fail("derive", records.status());
  auto db = OpenHistory(args.store);
  if (!db.ok()) return Fail("derive", db.status());
  auto month = derive::DeriveIpsFromStore(**db, records->provider, records->month.uniq_month_id,
                                          *codes, &*records);
  if (!month.ok()) return Fail("derive", month.status());
  return WriteFigures(args, {*month});
}

}  // namespace

void RegisterDerive(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<DeriveArgs>();
  CLI::App* cmd = app.add_subcommand(
      "derive",
      "Validate a submission, then derive the month's figures from its accepted rows as NHS\n"
      "England does after the deadline. MHSDS v6.0: the IPS measures (cohort, referrals,\n"
      "caseload, first contacts ever and in the financial year and its year to date, waits,\n"
      "contacts by medium, length of referral, time in caseload, employment at discharge) per\n"
      "provider and team. IAPT v2.0/v2.1: the Talking Therapies key measures (referrals,\n"
      "entering treatment and waits, endings, finished courses, recovery and reliable change,\n"
      "appointments by attendance) per provider and commissioner.\n"
      "Published figures follow the small-number rule (under 5 shown as *, others rounded to 5).\n"
      "  mhds derive SUBMISSION --period CCYY-MM              this file alone\n"
      "  mhds derive SUBMISSION --period CCYY-MM --store URL  preview against the recorded\n"
      "                                                       history (nothing is recorded)\n"
      "  mhds derive --store URL --month CCYY-MM [--org ODS] [--dataset mhsds|iapt]\n"
      "                                                       recorded months only\n"
      "  mhds derive IAPT_FILE --period CCYY-MM --earlier FILE...  with earlier months' files\n"
      "Exit codes: 0 figures derived (rows the validation rejected are left out), 2 file\n"
      "rejected (no figures), 64 bad usage, 65 unreadable input or spec, 66 input missing,\n"
      "74 cannot write an output.");
  cmd->add_option("SUBMISSION", args->path, "Submission: CSV folder, SQLite or Access IDB");
  cmd->add_option("--period", args->period, "Reporting month of the SUBMISSION, CCYY-MM");
  cmd->add_option("--store", args->store,
                  "Store holding the history (sqlite:PATH or postgresql://...), as recorded by\n"
                  "mhds validate --store");
  cmd->add_option("--month", args->month, "Reporting month to derive from the store, CCYY-MM");
  cmd->add_option("--dataset", args->dataset,
                  "With --month: mhsds (IPS figures) or iapt (Talking Therapies figures); default\n"
                  "both, for the providers the store holds in the month");
  cmd->add_option("--spec", args->spec,
                  "Specification folder (default: the bundled folder matching the submission)");
  cmd->add_option("--org", args->org,
                  "ODS code of the submitting organisation (with --month: the provider; default\n"
                  "every provider the store holds for the month)");
  cmd->add_option("--json", args->json,
                  "Write the figures as JSON to FILE ('-' for standard output)");
  cmd->add_option("--csv", args->csv, "Write the figures as CSV to FILE ('-' for standard output)");
  cmd->add_option("--earlier", args->earlier,
                  "Talking Therapies: the accepted files of earlier months, one per month, for\n"
                  "the pathways' earlier contacts and scores (first treatment, first paired\n"
                  "scores); without them only this month's contacts are seen");
  cmd->add_flag("--unsuppressed", args->unsuppressed,
                "Exact counts for the provider's own view (not for publication)");
  cmd->add_flag("-q,--quiet", args->quiet, "Print nothing but errors");
  cmd->callback([args, exit_code] { *exit_code = RunDerive(*args); });
}

}  // namespace mhds::cli
