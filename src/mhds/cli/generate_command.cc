// `mhds generate`: writes a synthetic submission for a spec folder, with labelled defects.
#include <chrono>
#include <ctime>
#include <filesystem>
#include <iomanip>
#include <iostream>

#include "mhds/base/status_macros.h"
#include "mhds/base/text.h"
#include "mhds/cli/command_failure.h"
#include "mhds/cli/commands.h"
#include "mhds/cli/exit_codes.h"
#include "mhds/cli/spec_locator.h"
#include "mhds/generate/generator.h"
#include "mhds/idb/convert.h"
#include "mhds/io/table_source.h"
#include "mhds/spec/spec.h"

namespace mhds::cli {
namespace {

constexpr char kSqliteName[] = "idb.sqlite";

struct SubmissionGenerateArgs {
  std::string spec;
  generate::GenerateOptions options;
  std::string defects;
  std::string out;
  std::string shape;
  std::string format = "csv";
  bool list_defects = false;
  bool quiet = false;
};

int ListDefects(const spec::Spec& spec, const std::string& shape) {
  auto rules = generate::PlantableRules(spec, shape);
  if (!rules.ok()) return Fail("generate", rules.status());
  size_t plantable = 0;
  size_t alone = 0;  // rules to plant alone, each in a submission of its own
  for (const generate::PlantableRule& p : *rules) {
    const spec::Rule& rule = spec.rules[p.rule];
    const std::string& why = p.why_not;
    const std::string table = rule.table >= 0 ? spec.tables[rule.table].code : "*";
    std::cout << rule.code << "\t" << table << "\t" << spec::RuleKindName(rule.kind) << "\t"
              << (!why.empty() ? "not plantable: " + why
                  : p.orphans  ? "plantable, orphaning the rows that name it"
                               : "plantable")
              << "\n";
    plantable += why.empty();
    alone += why.find("plant it alone") != std::string::npos;
  }
  std::cout << plantable << " of " << rules->size() << " rules can be planted, and " << alone
            << " more alone (--defects CODE)\n";
  return kExitAccepted;
}

// The generator streams every table at once, so a SQLite IDB is made from its CSV folder: the
// tables are copied into OUT/idb.sqlite (changing no value, see idb/) and the CSV files removed.
// Row numbers in expected.json stay right: the IDB keeps each table's rows in file order.
Status CsvFolderToSqlite(const spec::Spec& spec, const std::filesystem::path& out) {
  MHDS_ASSIGN_OR_RETURN(auto source, io::OpenSource(out.string()));
  MHDS_ASSIGN_OR_RETURN(auto sink, idb::OpenSink(out / kSqliteName, &spec, /*overwrite=*/false));
  MHDS_RETURN_IF_ERROR(idb::CopyTables(*source, &spec, *sink).status());
  MHDS_RETURN_IF_ERROR(sink->Commit());
  for (const std::string& table : source->table_names()) {
    std::error_code error;
    std::filesystem::remove(out / (table + ".csv"), error);
    if (error) return Status::IoError((out / (table + ".csv")).string() + ": " + error.message());
  }
  return Status::Ok();
}

int RunSubmissionGenerate(SubmissionGenerateArgs& args) {
  auto spec = spec::LoadSpec(ResolveSpecDir(args.spec));
  if (!spec.ok()) return Fail("generate", spec.status());
  if (args.list_defects) return ListDefects(*spec, args.shape);
  if (args.options.period.empty() || args.out.empty()) {
    return Fail("generate", Status::InvalidArgument("--period and --out are required"));
  }
  if (args.format != "csv" && args.format != "sqlite") {
    return Fail("generate",
                Status::InvalidArgument("--format " + args.format + ": expected csv or sqlite"));
  }
  args.options.out = args.out;
  args.options.shape = args.shape;
  args.options.defect_codes = SplitTrimmed(args.defects, ',');
  auto started = std::chrono::steady_clock::now();
  const std::clock_t cpu_started = std::clock();
  auto summary = generate::Generate(*spec, args.options);
  if (!summary.ok()) return Fail("generate", summary.status());
  if (args.format == "sqlite") {
    if (Status s = CsvFolderToSqlite(*spec, args.out); !s.ok()) return Fail("generate", s);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  // CPU time too: on a busy machine the wall clock says more about the neighbours.
  const double cpu_seconds =
      static_cast<double>(std::clock() - cpu_started) / static_cast<double>(CLOCKS_PER_SEC);
  if (!args.quiet) {
    std::cout << "wrote " << summary->rows << " rows with " << summary->defects
              << " planted defects to " << args.out << " in " << std::fixed << std::setprecision(2)
              << seconds << " s";
    if (seconds > 0 && cpu_seconds > 0) {
      const double rows = static_cast<double>(summary->rows);
      std::cout << " (" << std::setprecision(0) << rows / seconds << " rows/s; "
                << rows / cpu_seconds << " rows per CPU second)";
    }
    std::cout << "\n";
    for (const auto& [table, rows] : summary->rows_by_table) {
      std::cout << "  " << std::left << std::setw(34) << table << std::right << std::setw(10)
                << rows << "\n";
    }
    std::cout << "expected findings: " << summary->expected.string() << "\n";
  }
  return kExitAccepted;
}

}  // namespace

void RegisterGenerate(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<SubmissionGenerateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "generate",
      "Generate a synthetic submission (a folder of CSV files named by IDB table) for a spec\n"
      "folder, shaped by its generate.csv, every row valid except the defects planted on\n"
      "purpose; expected.json beside the tables says what `mhds validate` must find.\n"
      "Exit codes: 0 written, 64 bad usage, 65 the spec or shape cannot be satisfied,\n"
      "66 spec folder missing, 74 cannot write the output.");
  cmd->add_option("--spec", args->spec,
                  "Specification folder (default: the bundled MHSDS 6.0 folder)");
  cmd->add_option("--period", args->options.period, "Reporting month, CCYY-MM");
  auto* patients =
      cmd->add_option("--patients", args->options.patients, "Patients to generate (default 100)");
  cmd->add_option("--rows", args->options.rows,
                  "About this many rows in all, instead of --patients (patients are worked out\n"
                  "from the shape's average rows per patient)")
      ->excludes(patients);
  cmd->add_option("--seed", args->options.seed,
                  "Random seed; the same seed gives the same bytes (default 1)");
  cmd->add_option("--defect-rate", args->options.defect_rate,
                  "Chance that a patient carries one planted defect, 0 to 1");
  cmd->add_option("--defects", args->defects,
                  "Plant each of these rule codes once (comma-separated); with --defect-rate,\n"
                  "the rate's defects are drawn from these rules only");
  cmd->add_option("--out", args->out, "Folder to write; must not exist or be empty");
  cmd->add_option("--format", args->format,
                  "Output format: csv (a folder of CSV files) or sqlite (OUT/idb.sqlite)");
  cmd->add_option("--org", args->options.org, "ODS code of the provider (default RX1)");
  cmd->add_option("--shape", args->shape, "Shape file (default: <spec folder>/generate.csv)");
  cmd->add_flag("--list-defects", args->list_defects,
                "List the spec's rules and whether each can be planted, then exit");
  cmd->add_flag("-q,--quiet", args->quiet, "Print nothing but errors");
  cmd->callback([args, exit_code] { *exit_code = RunSubmissionGenerate(*args); });
}

}  // namespace mhds::cli
