// `mhds convert SOURCE OUT`: copies a submission into another form of IDB (a CSV folder or a
// SQLite IDB), changing no value. See docs/idb_format.md.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "mhds/cli/command_failure.h"
#include "mhds/cli/commands.h"
#include "mhds/cli/exit_codes.h"
#include "mhds/cli/spec_locator.h"
#include "mhds/cli/terminal.h"
#include "mhds/idb/convert.h"
#include "mhds/idb/table_sink.h"
#include "mhds/io/table_source.h"
#include "mhds/report/atomic_file.h"
#include "mhds/spec/spec.h"

namespace mhds::cli {
namespace {

struct ConvertArgs {
  std::string source;
  std::string out;
  std::string spec;
  std::string json;
  bool force = false;
  bool quiet = false;
};

std::string SummaryJson(const ConvertArgs& args, const std::filesystem::path& spec_dir,
                        const idb::CopySummary& summary) {
  nlohmann::ordered_json json;
  json["source"] = args.source;
  json["out"] = args.out;
  json["spec"] = spec_dir.string();
  json["rows"] = summary.rows;
  nlohmann::ordered_json tables = nlohmann::ordered_json::array();
  for (const idb::CopiedTable& table : summary.tables) {
    tables.push_back({{"name", table.name},
                      {"source_name", table.source_name},
                      {"known", table.known},
                      {"rows", table.rows}});
  }
  json["tables"] = std::move(tables);
  // Table and column names may hold any bytes an Access file allows: replace what is not UTF-8.
  return json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

int RunConvert(const ConvertArgs& args) {
  auto source = io::OpenSource(args.source);
  if (!source.ok()) return Fail("convert", source.status());
  const std::filesystem::path spec_dir =
      args.spec.empty() ? DetectSpecDir(**source)
                        : PickVersionFolder(ResolveSpecDir(args.spec), **source, "");
  auto spec = spec::LoadSpec(spec_dir);
  if (!spec.ok()) return Fail("convert", spec.status());

  auto sink = idb::OpenSink(args.out, &*spec, args.force);
  if (!sink.ok()) return Fail("convert", sink.status());
  idb::CopyOptions options;
  ProgressLine progress("converting", !args.quiet);
  options.progress = [&](uint64_t done, uint64_t total) { progress.Update(done, total); };
  auto summary = idb::CopyTables(**source, &*spec, **sink, options);
  if (!summary.ok()) return Fail("convert", summary.status());
  if (Status s = (*sink)->Commit(); !s.ok()) return Fail("convert", s);

  if (args.json == "-") {
    std::cout << SummaryJson(args, spec_dir, *summary);
  } else if (!args.json.empty()) {
    Status s = report::WriteFileAtomically(args.json, SummaryJson(args, spec_dir, *summary));
    if (!s.ok()) return Fail("convert", s);
  }
  if (!args.quiet && args.json != "-") {
    std::cout << "converted " << (*source)->Describe() << " to " << args.out << ": "
              << summary->tables.size() << (summary->tables.size() == 1 ? " table, " : " tables, ")
              << summary->rows << (summary->rows == 1 ? " row" : " rows") << "\n";
  }
  return kExitAccepted;
}

}  // namespace

void RegisterConvert(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ConvertArgs>();
  CLI::App* cmd = app.add_subcommand(
      "convert",
      "Copy a submission (a CSV folder, a SQLite IDB or an Access .mdb/.accdb file) into a\n"
      "SQLite IDB (OUT ending in .sqlite, .sqlite3 or .db) or a CSV folder (OUT/), changing no\n"
      "value. Tables and columns the data set knows are named as the spec names them; a SQLite\n"
      "IDB gets typed columns and an index on each table's key. Access Date/Time values of date\n"
      "items become CCYY-MM-DD and of time items hh:mm:ss (docs/idb_format.md).\n"
      "Exit codes: 0 converted, 64 bad usage (OUT exists without --force, or is neither a\n"
      ".sqlite file nor a folder), 65 unreadable source or a value OUT cannot hold,\n"
      "66 source missing, 74 cannot write OUT.");
  cmd->add_option("SOURCE", args->source, "Submission: CSV folder, SQLite file or Access file")
      ->required();
  cmd->add_option("OUT", args->out, "Output: FILE.sqlite (or .sqlite3, .db) or FOLDER/")
      ->required();
  cmd->add_option("--spec", args->spec,
                  "Specification folder naming and typing the tables (default: the bundled\n"
                  "folder matching the source's header table and version, as validate picks)");
  cmd->add_flag("--force", args->force,
                "Replace OUT if it exists (a folder only if it holds nothing but .csv files)");
  cmd->add_option("--json", args->json,
                  "Write a JSON summary (tables, rows) to FILE ('-' for standard output)");
  cmd->add_flag("-q,--quiet", args->quiet, "Print nothing but errors; rely on the exit code");
  cmd->callback([args, exit_code] { *exit_code = RunConvert(*args); });
}

}  // namespace mhds::cli
