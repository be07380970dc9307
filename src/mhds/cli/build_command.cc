// `mhds build --mapping FILE`: builds an IDB from local exports through a mapping file
// (docs/mapping_format.md), then validates it as `mhds validate` would.
#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "mhds/base/calendar.h"
#include "mhds/cli/command_failure.h"
#include "mhds/cli/commands.h"
#include "mhds/cli/exit_codes.h"
#include "mhds/cli/now_seconds.h"
#include "mhds/cli/spec_locator.h"
#include "mhds/cli/terminal.h"
#include "mhds/idb/table_sink.h"
#include "mhds/io/table_source.h"
#include "mhds/mapping/builder.h"
#include "mhds/report/report.h"
#include "mhds/validate/validator.h"

namespace mhds::cli {
namespace {

struct IdbBuildArgs {
  std::string mapping;
  std::string out;
  std::string report_dir;
  std::string json;
  bool no_validate = false;
  bool force = false;
  bool quiet = false;
  bool no_color = false;
};

// What was built, on standard output (unless `quiet`), and what failed, on standard error:
// failures name rows, never values.
void PrintBuild(const mapping::LoadedMapping& loaded, const mapping::BuildReport& built,
                const std::string& out, bool quiet) {
  if (!quiet) {
    std::cout << "Built " << out << " from " << loaded.mapping.file.string() << " ("
              << loaded.spec.name << " " << loaded.spec.version << ", period "
              << loaded.mapping.period << "):\n";
    for (const mapping::TableBuilt& t : built.tables) {
      std::cout << "  " << t.table << ": " << t.rows_written
                << (t.rows_written == 1 ? " row from " : " rows from ") << t.source;
      if (t.rows_read != t.rows_written && t.source != "constants") {
        std::cout << " (" << t.rows_read << " read";
        if (t.skipped_blank > 0) std::cout << ", " << t.skipped_blank << " skipped: blank";
        if (t.skipped_period > 0) std::cout << ", " << t.skipped_period << " outside the period";
        if (t.skipped_duplicate > 0) std::cout << ", " << t.skipped_duplicate << " repeated keys";
        std::cout << ")";
      }
      std::cout << "\n";
    }
    std::cout << "\n";
  }
  for (const mapping::ItemFailures& f : built.failures) {
    std::cerr << loaded.mapping.file.string() << ":" << f.position.line << ":" << f.position.column
              << ": " << f.table << "." << f.item << ": " << f.count
              << (f.count == 1 ? " value could not be transformed and was written blank\n"
                               : " values could not be transformed and were written blank\n");
    for (const std::string& e : f.examples) std::cerr << "  " << e << "\n";
    if (f.count > f.examples.size()) {
      std::cerr << "  ... and " << (f.count - f.examples.size()) << " more\n";
    }
  }
}

nlohmann::json BuildJson(const mapping::LoadedMapping& loaded, const mapping::BuildReport& built,
                         const std::string& out) {
  nlohmann::json tables = nlohmann::json::array();
  for (const mapping::TableBuilt& t : built.tables) {
    tables.push_back({{"table", t.table},
                      {"source", t.source},
                      {"rows_read", t.rows_read},
                      {"rows_written", t.rows_written},
                      {"skipped_blank", t.skipped_blank},
                      {"skipped_outside_period", t.skipped_period},
                      {"skipped_repeated_key", t.skipped_duplicate}});
  }
  nlohmann::json failures = nlohmann::json::array();
  for (const mapping::ItemFailures& f : built.failures) {
    failures.push_back({{"table", f.table},
                        {"item", f.item},
                        {"mapping_line", f.position.line},
                        {"mapping_column", f.position.column},
                        {"count", f.count},
                        {"examples", f.examples}});
  }
  return {{"mapping", loaded.mapping.file.string()},
          {"spec", {{"name", loaded.spec.name}, {"version", loaded.spec.version}}},
          {"period", loaded.mapping.period},
          {"output", out},
          {"stopped", built.stopped},
          {"failed_values", built.failed_values},
          {"tables", std::move(tables)},
          {"failures", std::move(failures)}};
}

// Validates the built IDB and prints its DQ summary; the validation's exit code.
int ValidateBuilt(const mapping::LoadedMapping& loaded, const IdbBuildArgs& args,
                  const std::string& out, nlohmann::json* json) {
  auto started = std::chrono::steady_clock::now();
  auto source = io::OpenSource(out);
  if (!source.ok()) return Fail("build", source.status());
  validate::ValidateOptions options;
  options.period = loaded.mapping.period;
  ProgressLine progress("validating", !args.quiet);
  options.progress = [&](uint64_t done, uint64_t total) { progress.Update(done, total); };
  auto result = validate::Validate(loaded.spec, **source, options);
  if (!result.ok()) return Fail("build", result.status());
  if (!args.report_dir.empty()) {
    report::ReportInfo info;
    info.spec_folder = loaded.spec_dir.string();
    info.tool_version = "mhds 0.1.0";
    info.generated_at = FormatDateTime(NowSeconds());
    info.elapsed_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    Status s = report::WriteReportDir(loaded.spec, *result, info, args.report_dir);
    if (!s.ok()) return Fail("build", s);
  }
  if (!args.quiet && args.json != "-") {
    report::SummaryOptions summary;
    summary.color = !args.no_color && StdoutWantsColor();
    summary.report_dir = args.report_dir;
    report::PrintSummary(loaded.spec, *result, std::cout, summary);
  }
  (*json)["validation"] = {{"file_rejected", result->file_rejected},
                           {"rows_rejected", result->RowsRejected()},
                           {"findings", result->findings.size()}};
  if (result->file_rejected) return kExitFileRejected;
  return result->RowsRejected() > 0 ? kExitRowsRejected : kExitAccepted;
}

int RunIdbBuild(const IdbBuildArgs& args) {
  auto loaded = mapping::LoadMapping(args.mapping, FindSpecsRoot());
  if (!loaded.ok()) return Fail("build", loaded.status());
  const std::string out = args.out.empty() ? loaded->mapping.output : args.out;
  if (out.empty()) {
    return Fail("build", Status::InvalidArgument(
                             "no output: give --out PATH, or output = \"PATH\" in " + args.mapping +
                             " (a folder ending in '/' for CSV files, or a .sqlite file)"));
  }
  // The output's folder is created (0700) if missing; the output itself appears only on Commit().
  std::string bare = out;
  while (bare.size() > 1 && bare.back() == '/') bare.pop_back();
  const std::filesystem::path parent = std::filesystem::path(bare).parent_path();
  if (!parent.empty()) {
    if (Status s = report::EnsureReportDir(parent); !s.ok()) return Fail("build", s);
  }
  auto sink = idb::OpenSink(out, &loaded->spec, args.force);
  if (!sink.ok()) return Fail("build", sink.status());

  mapping::BuildOptions options;
  options.now_seconds = NowSeconds();
  auto built = mapping::Build(*loaded, **sink, options);
  if (!built.ok()) return Fail("build", built.status());
  PrintBuild(*loaded, *built, out, args.quiet || args.json == "-");
  if (built->stopped) {
    std::cerr << "mhds build: stopped after " << built->failed_values
              << " values failed ([failures] stop_after); nothing was written to " << out << "\n";
    return kExitUnreadableInput;
  }
  if (Status s = (*sink)->Commit(); !s.ok()) return Fail("build", s);
  sink->reset();

  nlohmann::json json = BuildJson(*loaded, *built, out);
  int code = kExitAccepted;
  if (!args.no_validate) code = ValidateBuilt(*loaded, args, out, &json);
  // Values written blank make the output differ from the exports: say so in the exit code.
  if (built->failed_values > 0 && code < kExitUnreadableInput) code = kExitUnreadableInput;
  if (!args.json.empty()) {
    if (args.json == "-") {
      std::cout << json.dump(2) << "\n";
    } else if (Status s = report::WriteFileAtomically(args.json, json.dump(2) + "\n"); !s.ok()) {
      return Fail("build", s);
    }
  }
  return code;
}

}  // namespace

void RegisterBuild(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<IdbBuildArgs>();
  CLI::App* cmd = app.add_subcommand(
      "build",
      "Build an IDB from local exports (CSV files, SQLite, Access, PostgreSQL) through a mapping\n"
      "file (docs/mapping_format.md), then validate it and print its DQ summary.\n"
      "Exit codes: as `mhds validate` (0 accepted, 1 rows rejected, 2 file rejected); 65 if the\n"
      "mapping file is wrong, a source cannot be read or any value failed to transform (the\n"
      "output is still written, those values blank); 64 bad usage (or OUT exists without\n"
      "--force), 66 mapping file or source missing, 74 cannot write the output.");
  cmd->add_option("--mapping", args->mapping, "The mapping file (TOML)")->required();
  cmd->add_option("--out", args->out,
                  "Output IDB: a folder ending in '/' (CSV files) or a .sqlite file\n"
                  "(default: the mapping file's output)");
  cmd->add_flag("--force", args->force, "Replace an existing output");
  cmd->add_flag("--no-validate", args->no_validate, "Only build; do not validate the output");
  cmd->add_option("--report-dir", args->report_dir, "Write the full DQ report to DIR");
  cmd->add_option("--json", args->json,
                  "Write what was built, failures and the verdict as JSON to FILE ('-': stdout)");
  cmd->add_flag("-q,--quiet", args->quiet, "Print nothing but errors; rely on the exit code");
  cmd->add_flag("--no-color", args->no_color, "No colour (also when NO_COLOR is set)");
  cmd->callback([args, exit_code] { *exit_code = RunIdbBuild(*args); });
}

}  // namespace mhds::cli
