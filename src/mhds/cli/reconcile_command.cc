// `mhds reconcile SUBMISSION --period CCYY-MM --local FILE`: the provider's own list of IPS
// referrals accessed in the month (or of Talking Therapies pathways entering treatment) against
// NHS England's derivation, every difference explained; `--store URL --month CCYY-MM` does the
// same for a recorded month from the history (docs/extracts.md).
#include <iostream>
#include <memory>

#include "mhds/base/calendar.h"
#include "mhds/cli/commands.h"
#include "mhds/cli/exit_codes.h"
#include "mhds/cli/spec_locator.h"
#include "mhds/cli/terminal.h"
#include "mhds/derive/derive_codes.h"
#include "mhds/derive/history_store.h"
#include "mhds/derive/talking_therapies.h"
#include "mhds/derive/tt_history.h"
#include "mhds/extract/history_reconcile.h"
#include "mhds/extract/reconcile.h"
#include "mhds/extract/reconcile_output.h"
#include "mhds/io/table_source.h"
#include "mhds/report/atomic_file.h"
#include "mhds/spec/spec.h"
#include "mhds/store/store.h"
#include "mhds/validate/validator.h"

namespace mhds::cli {
namespace {

struct ReconcileArgs {
  std::string path;
  std::string period;
  std::string local;
  std::vector<std::string> earlier;
  std::string store;
  std::string month;
  std::string dataset;
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

// Writes the reconciliation where the options say; 0 when both sides agree, else 1.
int WriteReconciliation(const ReconcileArgs& args, const extract::Reconciliation& result) {
  if (!args.csv.empty()) {
    if (Status s = ReconcileWrite(args.csv, extract::ReconcileCsv(result)); !s.ok()) {
      return ReconcileFail(s);
    }
  }
  if (!args.json.empty()) {
    if (Status s = ReconcileWrite(args.json, extract::ReconcileJson(result)); !s.ok()) {
      return ReconcileFail(s);
    }
  }
  if (!args.quiet && args.csv != "-" && args.json != "-") {
    std::cout << extract::ReconcileSummary(result);
  }
  return result.differences() == 0 ? kExitAccepted : kExitRowsRejected;
}

// A Talking Therapies month from files: pathways entering treatment, earlier months from
// --earlier.
int ReconcileTtFiles(const ReconcileArgs& args, ValidatedMonth& month,
                     std::vector<ValidatedMonth>& earlier, const extract::LocalList& local) {
  auto settings = derive::LoadTtSettings(month.spec.folder);
  if (!settings.ok()) return ReconcileFail(settings.status());
  auto records =
      derive::ReadTtMonthRecords(month.spec, *settings, *month.source, month.validation, nullptr);
  if (!records.ok()) return ReconcileFail(records.status());
  std::vector<derive::TtMonthRecords> earlier_records;
  for (ValidatedMonth& e : earlier) {
    auto r = derive::ReadTtMonthRecords(e.spec, *settings, *e.source, e.validation, nullptr);
    if (!r.ok()) return ReconcileFail(r.status());
    if (r->month.start >= records->month.start) {
      return ReconcileFail(Status::InvalidArgument("an --earlier submission is for " +
                                                   FormatDate(r->month.start).substr(0, 7) +
                                                   ", not before the month reconciled"));
    }
    earlier_records.push_back(std::move(r).value());
  }
  std::vector<const derive::TtMonthRecords*> pointers;
  for (const derive::TtMonthRecords& r : earlier_records) pointers.push_back(&r);
  auto result = extract::ReconcileEnteringTreatment(*records, pointers, {}, local, *settings);
  if (!result.ok()) return ReconcileFail(result.status());
  return WriteReconciliation(args, *result);
}

// `mhds reconcile --store URL --month CCYY-MM --local FILE [--org ODS] [--dataset mhsds|iapt]`.
int ReconcileFromStore(const ReconcileArgs& args, const extract::LocalList& local) {
  auto month = ParseReportingMonth(args.month);
  if (!month) {
    return ReconcileFail(Status::InvalidArgument("--month '" + args.month + "' is not CCYY-MM"));
  }
  if (!args.dataset.empty() && args.dataset != "mhsds" && args.dataset != "iapt") {
    return ReconcileFail(Status::InvalidArgument("--dataset '" + args.dataset +
                                                 "' is neither mhsds (IPS) nor iapt (Talking "
                                                 "Therapies)"));
  }
  auto db = store::Connect(args.store);
  if (!db.ok()) return ReconcileFail(db.status());
  if (Status s = derive::MigrateHistory(**db); !s.ok()) return ReconcileFail(s);
  if (Status s = derive::MigrateTtHistory(**db); !s.ok()) return ReconcileFail(s);
  const int month_id = derive::MonthOf(month->start_days, month->end_days).uniq_month_id;
  auto ips = derive::ProvidersInMonth(**db, month_id);
  if (!ips.ok()) return ReconcileFail(ips.status());
  auto tt = derive::TtProvidersInMonth(**db, month_id);
  if (!tt.ok()) return ReconcileFail(tt.status());
  auto narrow = [&](std::vector<std::string> providers, std::string_view dataset) {
    if (!args.dataset.empty() && args.dataset != dataset) providers.clear();
    if (!args.org.empty()) {
      std::erase_if(providers, [&](const std::string& p) { return p != args.org; });
    }
    return providers;
  };
  std::vector<std::string> ips_providers = narrow(*ips, "mhsds");
  std::vector<std::string> tt_providers = narrow(*tt, "iapt");
  if (ips_providers.empty() && tt_providers.empty()) {
    return ReconcileFail(Status::NotFound("the store holds no accepted submission" +
                                          (args.org.empty() ? "" : " of " + args.org) + " for " +
                                          args.month + "; record one with mhds validate --store"));
  }
  if (ips_providers.size() + tt_providers.size() > 1) {
    return ReconcileFail(Status::InvalidArgument(
        "the store holds more than one provider or data set for " + args.month +
        "; say which with --org ODS and --dataset mhsds or iapt"));
  }
  if (!ips_providers.empty()) {
    auto spec = spec::LoadSpec(ResolveSpecDir(args.spec));
    if (!spec.ok()) return ReconcileFail(spec.status());
    auto codes = derive::DeriveCodes::Load(*spec);
    if (!codes.ok()) return ReconcileFail(codes.status());
    auto months = derive::LoadHistory(**db, ips_providers[0], month_id);
    if (!months.ok()) return ReconcileFail(months.status());
    auto superseded = derive::LoadSupersededMonth(**db, ips_providers[0], month_id);
    if (!superseded.ok()) return ReconcileFail(superseded.status());
    auto result = extract::ReconcileIpsHistory(*months, *superseded, local, *codes);
    if (!result.ok()) return ReconcileFail(result.status());
    return WriteReconciliation(args, *result);
  }
  auto months = derive::LoadTtHistory(**db, tt_providers[0], month_id);
  if (!months.ok()) return ReconcileFail(months.status());
  const derive::TtMonthRecords& target = months->back();
  std::filesystem::path folder = derive::IsTalkingTherapiesFolder(args.spec)
                                     ? std::filesystem::path(args.spec)
                                     : FindSpecsRoot() / "iapt" / target.spec_version;
  auto settings = derive::LoadTtSettings(folder);
  if (!settings.ok()) return ReconcileFail(settings.status());
  std::vector<const derive::TtMonthRecords*> earlier;
  for (size_t i = 0; i + 1 < months->size(); ++i) earlier.push_back(&(*months)[i]);
  auto superseded = derive::LoadSupersededTtMonth(**db, tt_providers[0], month_id);
  if (!superseded.ok()) return ReconcileFail(superseded.status());
  auto result = extract::ReconcileEnteringTreatment(target, earlier, *superseded, local, *settings);
  if (!result.ok()) return ReconcileFail(result.status());
  return WriteReconciliation(args, *result);
}

int RunReconcile(const ReconcileArgs& args) {
  auto local = extract::ReadLocalList(args.local);
  if (!local.ok()) return ReconcileFail(local.status());
  if (args.path.empty()) {
    if (args.store.empty() || args.month.empty()) {
      return ReconcileFail(Status::InvalidArgument(
          "give a SUBMISSION with --period, or --store URL with --month CCYY-MM"));
    }
    return ReconcileFromStore(args, *local);
  }
  if (!args.store.empty() || !args.month.empty()) {
    return ReconcileFail(Status::InvalidArgument(
        "--store and --month reconcile a recorded month; with a SUBMISSION give --period and "
        "--earlier"));
  }
  if (!ParseReportingMonth(args.period)) {
    return ReconcileFail(Status::InvalidArgument("--period '" + args.period + "' is not CCYY-MM"));
  }

  std::vector<ValidatedMonth> earlier_months;
  for (const std::string& path : args.earlier) {
    auto earlier = OpenAndValidate(path, args, "");
    if (!earlier.ok()) return ReconcileFail(earlier.status());
    if (earlier->validation.file_rejected) {
      return ReconcileFail(Status::InvalidArgument(
          path + ": an earlier submission was rejected as a whole, so it gives no history"));
    }
    earlier_months.push_back(std::move(earlier).value());
  }

  auto month = OpenAndValidate(args.path, args, args.period);
  if (!month.ok()) return ReconcileFail(month.status());
  if (month->validation.file_rejected) {
    std::cerr << "mhds reconcile: the submission was rejected as a whole (run mhds validate to "
                 "see why), so NHS England would count nothing from it\n";
    return kExitFileRejected;
  }
  if (derive::IsTalkingTherapiesSpec(month->spec)) {
    return ReconcileTtFiles(args, *month, earlier_months, *local);
  }
  extract::History history;
  for (size_t i = 0; i < earlier_months.size(); ++i) {
    ValidatedMonth& e = earlier_months[i];
    Status s = extract::AddEarlierMonth(e.spec, *e.source, e.validation, history);
    if (!s.ok())
      return ReconcileFail(Status::InvalidArgument(args.earlier[i] + ": " + s.message()));
  }
  auto result = extract::Reconcile(month->spec, *month->source, month->validation, *local, history);
  if (!result.ok()) return ReconcileFail(result.status());
  return WriteReconciliation(args, *result);
}

}  // namespace

void RegisterReconcile(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ReconcileArgs>();
  CLI::App* cmd = app.add_subcommand(
      "reconcile",
      "Compare your own list of IPS referrals accessed in the month, or of Talking Therapies\n"
      "pathways entering treatment (a CSV with a ServiceRequestID column and optionally\n"
      "FirstContactDate) with NHS England's derivation from the submission's accepted rows,\n"
      "and explain every referral counted on one side only: rejected by the validator (with\n"
      "the rule and its root cause), not to a D05 team, contact not attended or not direct,\n"
      "no treatment appointment, contact outside the month, first contact in an earlier month\n"
      "or year (from --earlier submissions), referral missing, and so on. With --store and\n"
      "--month, a recorded month from the history, which also names what a later\n"
      "resubmission of the month replaced.\n"
      "  mhds reconcile SUBMISSION --period CCYY-MM --local FILE [--earlier FILE...]\n"
      "  mhds reconcile --store URL --month CCYY-MM --local FILE [--org ODS] [--dataset D]\n"
      "Exit codes: 0 both counts agree, 1 differences found (each explained), 2 file rejected,\n"
      "64 bad usage, 65 unreadable submission, spec or list, 66 input missing, 74 cannot write.");
  cmd->add_option("SUBMISSION", args->path, "Submission: CSV folder, SQLite or Access IDB");
  cmd->add_option("--period", args->period, "Reporting month of the SUBMISSION, CCYY-MM");
  cmd->add_option("--store", args->store,
                  "Reconcile a recorded month from the store's history instead of a file\n"
                  "(sqlite:PATH or postgresql://...), with --month");
  cmd->add_option("--month", args->month, "With --store: the recorded month, CCYY-MM");
  cmd->add_option("--dataset", args->dataset,
                  "With --store: mhsds (IPS accessed) or iapt (Talking Therapies entering\n"
                  "treatment), when the store holds both for the month");
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
