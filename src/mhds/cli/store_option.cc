#include "mhds/cli/store_option.h"

#include <cstdlib>

namespace mhds::cli {

void AddStoreUrlOption(CLI::App* cmd, std::string* url) {
  const char* from_env = std::getenv("MHDS_STORE");
  *url = from_env != nullptr && *from_env != '\0' ? from_env : "sqlite:mhds.db";
  cmd->add_option("--store", *url,
                  "Store URL: sqlite:PATH or postgresql://... (default $MHDS_STORE, else "
                  "sqlite:mhds.db)");
}

}  // namespace mhds::cli
