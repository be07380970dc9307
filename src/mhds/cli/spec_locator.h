// Finds the bundled specification folders when --spec is not given: $MHDS_SPECS, else a `specs`
// folder in the executable's folder or any folder above it (a build tree inside the checkout),
// else `specs` in the current folder.
#pragma once

#include <filesystem>
#include <string>

namespace mhds::cli {

// The folder holding `<data set>/<version>/` spec folders; empty if none is found.
std::filesystem::path FindSpecsRoot();

// `--spec` as given, or the default data set version (MHSDS 6.0) under FindSpecsRoot().
std::filesystem::path ResolveSpecDir(const std::string& option);

}  // namespace mhds::cli
