// `mhds derive SUBMISSION --period CCYY-MM`: validates a submission, then derives the month's IPS
// figures from its accepted rows, as NHS England does after the deadline (docs/metrics.md).
#include <iostream>

#include "mhds/base/calendar.h"
#include "mhds/cli/commands.h"
#include "mhds/cli/exit_codes.h"
#include "mhds/cli/spec_locator.h"
#include "mhds/cli/terminal.h"
#include "mhds/derive/derive.h"
#include "mhds/derive/ips_output.h"
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
  bool unsuppressed = false;
  bool quiet = false;
};

int Fail(const Status& status) {
  std::cerr << "mhds derive: " << status.message() << "\n";
  return ExitCodeFor(status);
}

// `text` to standard output for "-", else atomically to the file `path` (mode 0600).
Status WriteOutput(const std::string& path, const std::string& text) {
  if (path == "-") {
    std::cout << text;
    return Status::Ok();
  }
  return report::WriteFileAtomically(path, text);
}

int RunDerive(const DeriveArgs& args) {
  if (!ParseReportingMonth(args.period)) {
    return Fail(Status::InvalidArgument("--period '" + args.period + "' is not CCYY-MM"));
  }
  auto source = io::OpenSource(args.path);
  if (!source.ok()) return Fail(source.status());
  std::filesystem::path spec_dir =
      args.spec.empty() ? DetectSpecDir(**source, args.period)
                        : PickVersionFolder(ResolveSpecDir(args.spec), **source, args.period);
  auto spec = spec::LoadSpec(spec_dir);
  if (!spec.ok()) return Fail(spec.status());

  validate::ValidateOptions options;
  options.period = args.period;
  if (!args.org.empty()) options.org = args.org;
  ProgressLine progress("validating", !args.quiet);
  options.progress = [&](uint64_t done, uint64_t total) { progress.Update(done, total); };
  auto validation = validate::Validate(*spec, **source, options);
  if (!validation.ok()) return Fail(validation.status());
  if (validation->file_rejected) {
    std::cerr << "mhds derive: the submission was rejected as a whole (run mhds validate to see "
                 "why), so it gives no figures\n";
    return kExitFileRejected;
  }

  auto month = derive::DeriveIpsMonth(*spec, **source, *validation);
  if (!month.ok()) return Fail(month.status());
  bool suppress = !args.unsuppressed;
  if (!args.json.empty()) {
    if (Status s = WriteOutput(args.json, derive::IpsJson(*month, suppress)); !s.ok()) {
      return Fail(s);
    }
  }
  if (!args.csv.empty()) {
    if (Status s = WriteOutput(args.csv, derive::IpsCsv(*month, suppress)); !s.ok()) {
      return Fail(s);
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
      "Validate a submission, then derive the month's IPS figures (MHSDS v6.0) from its accepted\n"
      "rows as NHS England does after the deadline: cohort, referrals, caseload, first contacts,\n"
      "waits, contacts by medium, length of referral; per provider and per team. Published\n"
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
  cmd->add_flag("--unsuppressed", args->unsuppressed,
                "Exact counts for the provider's own view (not for publication)");
  cmd->add_flag("-q,--quiet", args->quiet, "Print nothing but errors");
  cmd->callback([args, exit_code] { *exit_code = RunDerive(*args); });
}

}  // namespace mhds::cli
