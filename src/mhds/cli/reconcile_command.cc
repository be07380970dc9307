// `mhds reconcile SUBMISSION --period CCYY-MM --local FILE`: the provider's own list of IPS
// referrals accessed in the month against NHS England's derivation, every difference explained
// (docs/extracts.md).
#include <iostream>
#include <memory>

#include "mhds/base/calendar.h"
#include "mhds/cli/commands.h"
#include "mhds/cli/exit_codes.h"
#include "mhds/cli/spec_locator.h"
#include "mhds/cli/terminal.h"
#include "mhds/extract/reconcile.h"
#include "mhds/extract/reconcile_output.h"
#include "mhds/io/table_source.h"
#include "mhds/report/atomic_file.h"
#include "mhds/spec/spec.h"
#include "mhds/validate/validator.h"

namespace mhds::cli {
namespace {

struct ReconcileArgs {
  std::string path;
  std::string period;
  std::string local;
  std::vector<std::string> earlier;
  std::string spec;
  std::string org;
  std::string csv;
  std::string json;
  bool quiet = false;
};

int ReconcileFail(const Status& status) {
  std::cerr << "mhds reconcile: " << status.message() << "\n";
  return ExitCodeFor(status);
}

Status ReconcileWrite(const std::string& path, const std::string& text) {
  if (path == "-") {
    std::cout << text;
    return Status::Ok();
  }
  return report::WriteFileAtomically(path, text);
}

// A submission opened, its specification loaded and validated (for `period`, or the header's
// own when empty).
struct ValidatedMonth {
  spec::Spec spec;
  std::unique_ptr<io::TableSource> source;
  validate::ValidationResult validation;
};

Result<ValidatedMonth> OpenAndValidate(const std::string& path, const ReconcileArgs& args,
                                       const std::string& period) {
  ValidatedMonth v;
  auto source = io::OpenSource(path);
  if (!source.ok()) return source.status();
  v.source = std::move(source).value();
  std::filesystem::path spec_dir =
      args.spec.empty() ? DetectSpecDir(*v.source) : ResolveSpecDir(args.spec);
  auto spec = spec::LoadSpec(spec_dir);
  if (!spec.ok()) return spec.status();
  v.spec = std::move(spec).value();
  validate::ValidateOptions options;
  if (!period.empty()) options.period = period;
  if (!args.org.empty()) options.org = args.org;
  auto validation = validate::Validate(v.spec, *v.source, options);
  if (!validation.ok()) return validation.status();
  v.validation = std::move(validation).value();
  return v;
}

int RunReconcile(const ReconcileArgs& args) {
  if (!ParseReportingMonth(args.period)) {
    return ReconcileFail(Status::InvalidArgument("--period '" + args.period + "' is not CCYY-MM"));
  }
  auto local = extract::ReadLocalList(args.local);
  if (!local.ok()) return ReconcileFail(local.status());

  extract::History history;
  for (const std::string& path : args.earlier) {
    auto earlier = OpenAndValidate(path, args, "");
    if (!earlier.ok()) return ReconcileFail(earlier.status());
    Status s =
        extract::AddEarlierMonth(earlier->spec, *earlier->source, earlier->validation, history);
    if (!s.ok()) return ReconcileFail(Status::InvalidArgument(path + ": " + s.message()));
  }

  auto month = OpenAndValidate(args.path, args, args.period);
  if (!month.ok()) return ReconcileFail(month.status());
  if (month->validation.file_rejected) {
    std::cerr << "mhds reconcile: the submission was rejected as a whole (run mhds validate to "
                 "see why), so NHS England would count nothing from it\n";
    return kExitFileRejected;
  }
  auto result = extract::Reconcile(month->spec, *month->source, month->validation, *local, history);
  if (!result.ok()) return ReconcileFail(result.status());
  if (!args.csv.empty()) {
    if (Status s = ReconcileWrite(args.csv, extract::ReconcileCsv(*result)); !s.ok()) {
      return ReconcileFail(s);
    }
  }
  if (!args.json.empty()) {
    if (Status s = ReconcileWrite(args.json, extract::ReconcileJson(*result)); !s.ok()) {
      return ReconcileFail(s);
    }
  }
  if (!args.quiet && args.csv != "-" && args.json != "-") {
    std::cout << extract::ReconcileSummary(*result);
  }
  return result->differences() == 0 ? kExitAccepted : kExitRowsRejected;
}

}  // namespace

void RegisterReconcile(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ReconcileArgs>();
  CLI::App* cmd = app.add_subcommand(
      "reconcile",
      "Compare your own list of IPS referrals accessed in the month (a CSV with a\n"
      "ServiceRequestID column and optionally FirstContactDate) with NHS England's derivation\n"
      "from the submission's accepted rows, and explain every referral counted on one side\n"
      "only: rejected by the validator (with the rule and its root cause), not to a D05 team,\n"
      "contact not attended or not direct, contact outside the month, first contact in an\n"
      "earlier month or year (from --earlier submissions), referral missing, and so on.\n"
      "Exit codes: 0 both counts agree, 1 differences found (each explained), 2 file rejected,\n"
      "64 bad usage, 65 unreadable submission, spec or list, 66 input missing, 74 cannot write.");
  cmd->add_option("SUBMISSION", args->path, "Submission: CSV folder, SQLite or Access IDB")
      ->required();
  cmd->add_option("--period", args->period, "Reporting month, CCYY-MM")->required();
  cmd->add_option("--local", args->local, "Your list of referrals accessed in the month (CSV)")
      ->required();
  cmd->add_option("--earlier", args->earlier,
                  "Earlier months' accepted submissions, for first contacts before this month")
      ->expected(1, -1);
  cmd->add_option("--spec", args->spec,
                  "Specification folder (default: the bundled folder matching the submission)");
  cmd->add_option("--org", args->org, "ODS code of the submitting organisation");
  cmd->add_option("--csv", args->csv, "Write every referral's line as CSV to FILE ('-': stdout)");
  cmd->add_option("--json", args->json, "Write the reconciliation as JSON to FILE ('-': stdout)");
  cmd->add_flag("-q,--quiet", args->quiet, "Print nothing but errors");
  cmd->callback([args, exit_code] { *exit_code = RunReconcile(*args); });
}

}  // namespace mhds::cli
