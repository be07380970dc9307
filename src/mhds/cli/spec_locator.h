// Finds the bundled specification folders when --spec is not given: $MHDS_SPECS, else a `specs`
// folder in the executable's folder or any folder above it (a build tree inside the checkout),
// else `specs` in the current folder; and picks the folder a submission needs.
#pragma once

#include <filesystem>
#include <string>

#include "mhds/io/table_source.h"

namespace mhds::cli {

// The folder holding `<data set>/<version>/` spec folders; empty if none is found.
std::filesystem::path FindSpecsRoot();

// `--spec` as given, or the default data set version (MHSDS 6.0) under FindSpecsRoot().
std::filesystem::path ResolveSpecDir(const std::string& option);

// The spec folder a submission asks for, when --spec is not given: the data set is the one whose
// header table the submission holds (each data set folder's newest version names its header
// table), the version is the header's DatSetVer if that folder exists, else the newest version
// (whose own version rule will then reject the file, saying which version it expected).
// Falls back to ResolveSpecDir("") when the submission matches no data set.
// When the header's version has no folder, the version in force for the reporting period
// (`period` CCYY-MM if given, else the header's) is chosen.
std::filesystem::path DetectSpecDir(io::TableSource& source, const std::string& period = "");

// `--spec DIR` for a submission: DIR itself when it is a version folder (holds dataset.csv);
// when DIR is a data set root (specs/iapt), the version folder chosen as DetectSpecDir does
// within that data set.
std::filesystem::path PickVersionFolder(const std::filesystem::path& dir, io::TableSource& source,
                                        const std::string& period);

}  // namespace mhds::cli
