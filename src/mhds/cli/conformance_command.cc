// `mhds conformance --mapping FILE`: the system conformance checklist of a mapping file: which
// items of the data set it feeds, and what each missing item would cost.
#include <iostream>

#include "mhds/cli/command_failure.h"
#include "mhds/cli/commands.h"
#include "mhds/cli/exit_codes.h"
#include "mhds/cli/spec_locator.h"
#include "mhds/cli/terminal.h"
#include "mhds/mapping/conformance_report.h"
#include "mhds/report/atomic_file.h"

namespace mhds::cli {
namespace {

struct ConformanceArgs {
  std::string mapping;
  std::string csv;
  bool json = false;
  bool all = false;
  bool no_color = false;
};

int RunConformance(const ConformanceArgs& args) {
  auto loaded = mapping::LoadMapping(args.mapping, FindSpecsRoot());
  if (!loaded.ok()) return Fail("conformance", loaded.status());
  const auto tables = mapping::CheckConformance(loaded->mapping, loaded->spec);
  if (!args.csv.empty()) {
    Status s = report::WriteFileAtomically(args.csv, mapping::ConformanceCsv(tables, loaded->spec));
    if (!s.ok()) return Fail("conformance", s);
  }
  if (args.json) {
    std::cout << mapping::ConformanceJson(tables, *loaded).dump(2) << "\n";
  } else {
    mapping::ConformanceTextOptions options;
    options.color = !args.no_color && StdoutWantsColor();
    options.all_tables = args.all;
    mapping::PrintConformance(tables, *loaded, std::cout, options);
  }
  return kExitAccepted;
}

}  // namespace

void RegisterConformance(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ConformanceArgs>();
  CLI::App* cmd = app.add_subcommand(
      "conformance",
      "Show which data set items a mapping file feeds (a column, a constant or nothing), their\n"
      "mandation, and which rule rejects or warns when a missing one is left blank: the system\n"
      "conformance checklist, to track mapping progress.\n"
      "Exit codes: 0 done, 64 bad usage, 65 the mapping file or spec is wrong, 66 missing,\n"
      "74 cannot write the CSV file.");
  cmd->add_option("--mapping", args->mapping, "The mapping file (TOML)")->required();
  cmd->add_option("--csv", args->csv, "Also write the checklist, one row per item, to FILE");
  cmd->add_flag("--json", args->json, "Print the checklist as JSON instead of a table");
  cmd->add_flag("--all", args->all, "Also list tables neither mapped nor mandatory");
  cmd->add_flag("--no-color", args->no_color, "No colour (also when NO_COLOR is set)");
  cmd->callback([args, exit_code] { *exit_code = RunConformance(*args); });
}

}  // namespace mhds::cli
