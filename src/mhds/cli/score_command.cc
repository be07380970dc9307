// `mhds score`: placeholder until its module lands; says so and exits 70.
#include <iostream>

#include "mhds/cli/commands.h"
#include "mhds/cli/exit_codes.h"

namespace mhds::cli {

void RegisterScore(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "score", "Score a DQ report against the defects a generator injected (not built yet)");
  cmd->group("");  // hidden from --help until it works
  cmd->allow_extras();
  cmd->callback([exit_code] {
    std::cerr << "mhds score: not built yet\n";
    *exit_code = kExitInternal;
  });
}

}  // namespace mhds::cli
