// `mhds derive SUBMISSION --period CCYY-MM`: validates a submission, then derives the month's IPS
// (MHSDS) or Talking Therapies (IAPT) figures from its accepted rows, as NHS England does after
// the deadline (docs/metrics.md).
#include <iostream>
#include <memory>

#include "mhds/base/calendar.h"
#include "mhds/cli/command_failure.h"
#include "mhds/cli/commands.h"
#include "mhds/cli/exit_codes.h"
#include "mhds/cli/spec_locator.h"
#include "mhds/cli/terminal.h"
#include "mhds/derive/derive.h"
#include "mhds/derive/ips_output.h"
#include "mhds/derive/talking_therapies.h"
#include "mhds/derive/tt_output.h"
#include "mhds/io/table_source.h"
#include "mhds/report/atomic_file.h"
#include "mhds/spec/spec.h"
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
  bool suppress = !args.unsuppressed;
  if (!args.json.empty()) {
    if (Status s = WriteOutput(args.json, derive::TtJson(*month, suppress)); !s.ok()) {
      return Fail("derive", s);
    }
  }
  if (!args.csv.empty()) {
    if (Status s = WriteOutput(args.csv, derive::TtCsv(*month, suppress)); !s.ok()) {
      return Fail("derive", s);
    }
  }
  if (!args.quiet && args.json != "-" && args.csv != "-") {
    std::cout << derive::TtTerminalTable(*month, suppress);
  }
  return kExitAccepted;
}

int RunDerive(const DeriveArgs& args) {
  if (!ParseReportingMonth(args.period)) {
    return Fail("derive", Status::InvalidArgument("--period '" + args.period + "' is not CCYY-MM"));
  }
  auto source = io::OpenSource(args.path);
  if (!source.ok()) return Fail("derive", source.status());
  std::filesystem::path spec_dir =
      args.spec.empty() ? DetectSpecDir(**source) : ResolveSpecDir(args.spec);
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

  if (derive::IsTalkingTherapiesSpec(*spec))
    return WriteTalkingTherapies(args, *spec, **source, *validation);
  auto month = derive::DeriveIpsMonth(*spec, **source, *validation);
  if (!month.ok()) return Fail("derive", month.status());
  bool suppress = !args.unsuppressed;
  if (!args.json.empty()) {
    if (Status s = WriteOutput(args.json, derive::IpsJson(*month, suppress)); !s.ok()) {
      return Fail("derive", s);
    }
  }
  if (!args.csv.empty()) {
    if (Status s = WriteOutput(args.csv, derive::IpsCsv(*month, suppress)); !s.ok()) {
      return Fail("derive", s);
    }
  }
  if (!args.quiet && args.json != "-" && args.csv != "-") {
    std::cout << derive::IpsTerminalTable(*month, suppress);
  }
  return kExitAccepted;
}

}  // namespace

void RegisterDerive(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<DeriveArgs>();
  CLI::App* cmd = app.add_subcommand(
      "derive",
      "Validate a submission, then derive the month's figures from its accepted rows as NHS\n"
      "England does after the deadline. MHSDS v6.0: the IPS measures (cohort, referrals,\n"
      "caseload, first contacts, waits, contacts by medium, length of referral) per provider\n"
      "and team. IAPT v2.0/v2.1: the Talking Therapies key measures (referrals, entering\n"
      "treatment and waits, endings, finished courses, recovery and reliable change,\n"
      "appointments by attendance) per provider and commissioner. Published\n"
      "figures follow the small-number rule (under 5 shown as *, others rounded to 5).\n"
      "Only this submission is read: first contacts are the first ones in this file.\n"
      "Exit codes: 0 figures derived (rows the validation rejected are left out), 2 file\n"
      "rejected (no figures), 64 bad usage, 65 unreadable input or spec, 66 input missing,\n"
      "74 cannot write an output.");
  cmd->add_option("SUBMISSION", args->path, "Submission: CSV folder, SQLite or Access IDB")
      ->required();
  cmd->add_option("--period", args->period, "Reporting month, CCYY-MM")->required();
  cmd->add_option("--spec", args->spec,
                  "Specification folder (default: the bundled folder matching the submission)");
  cmd->add_option("--org", args->org, "ODS code of the submitting organisation");
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
