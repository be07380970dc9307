// `mhds convert`: placeholder until its module lands; says so and exits 70.
#include <iostream>

#include "mhds/cli/commands.h"
#include "mhds/cli/exit_codes.h"

namespace mhds::cli {

void RegisterConvert(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "convert",
      "Convert a submission between CSV folders, SQLite IDBs and Access files (not built yet)");
  cmd->group("");  // hidden from --help until it works
  cmd->allow_extras();
  cmd->callback([exit_code] {
    std::cerr << "mhds convert: not built yet\n";
    *exit_code = kExitInternal;
  });
}

}  // namespace mhds::cli
