// `mhds build`: placeholder until its module lands; says so and exits 70.
#include <iostream>

#include "mhds/cli/commands.h"
#include "mhds/cli/exit_codes.h"

namespace mhds::cli {

void RegisterBuild(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "build", "Build an IDB from local exports through a mapping file (not built yet)");
  cmd->group("");  // hidden from --help until it works
  cmd->allow_extras();
  cmd->callback([exit_code] {
    std::cerr << "mhds build: not built yet\n";
    *exit_code = kExitInternal;
  });
}

}  // namespace mhds::cli
