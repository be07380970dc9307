#include "mhds/cli/command_failure.h"

#include <iostream>

namespace mhds::cli {

int Fail(std::string_view command, const Status& status) {
  std::cerr << "mhds " << command << ": " << status.message() << "\n";
  return ExitCodeFor(status);
}

}  // namespace mhds::cli
