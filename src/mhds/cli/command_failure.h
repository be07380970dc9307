// How a command ends when an operation fails: the reason on standard error, prefixed with the
// command's name, and the exit code documented for that kind of failure (docs/exit_codes.md).
#pragma once

#include <string_view>

#include "mhds/base/status.h"

namespace mhds::cli {

// Prints "mhds COMMAND: message" to standard error and returns the exit code for `status`.
int Fail(std::string_view command, const Status& status);

}  // namespace mhds::cli
