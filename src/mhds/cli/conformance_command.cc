// `mhds conformance`: placeholder until its module lands; says so and exits 70.
#include <iostream>

#include "mhds/cli/commands.h"
#include "mhds/cli/exit_codes.h"

namespace mhds::cli {

void RegisterConformance(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "conformance", "Show which data set items a mapping file feeds (not built yet)");
  cmd->group("");  // hidden from --help until it works
  cmd->allow_extras();
  cmd->callback([exit_code] {
    std::cerr << "mhds conformance: not built yet\n";
    *exit_code = kExitInternal;
  });
}

}  // namespace mhds::cli
