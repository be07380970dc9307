// Where the landing service keeps its files, all under one data folder (mode 0700):
//   <data>/uploads/<sha256>.<ext>   uploaded submissions, mode 0600, named by content
//   <data>/reports/<id>/            the DQ report folder of submission <id> (report/report.h)
//   <data>/unpacked/                zip uploads unpacked for the length of one validation
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "mhds/base/status.h"

namespace mhds::serve {

struct ServicePaths {
  std::filesystem::path data;   // the data folder
  std::filesystem::path specs;  // holds <data set>/<version>/ spec folders and windows.csv

  std::filesystem::path uploads() const { return data / "uploads"; }
  std::filesystem::path upload(const std::string& file_name) const { return uploads() / file_name; }
  std::filesystem::path unpacked() const { return data / "unpacked"; }
  std::filesystem::path report_dir(int64_t submission_id) const {
    return data / "reports" / std::to_string(submission_id);
  }
};

// Creates the data folder and its uploads/, unpacked/ and reports/ folders (mode 0700) if missing.
Status PrepareDataFolder(const ServicePaths& paths);

}  // namespace mhds::serve
