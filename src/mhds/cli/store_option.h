// The --store option shared by the commands that open the landing service's store.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace mhds::cli {

// Adds --store to `cmd`, bound to `url`. The default is $MHDS_STORE when set, else
// sqlite:mhds.db. The environment is read here, once, rather than through CLI11's envname: several
// subcommands bind one variable, and CLI11 applies an envname of every one of them, so the
// environment would override a --store given on the command line.
void AddStoreUrlOption(CLI::App* cmd, std::string* url);

}  // namespace mhds::cli
