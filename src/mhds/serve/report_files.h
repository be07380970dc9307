// Serving a submission's report files (report/report_files.h names them) from its report folder:
// which action each needs, its content type, and streaming it from disk.
#pragma once

#include <httplib.h>

#include <optional>
#include <string>
#include <string_view>

#include "mhds/account/roles.h"
#include "mhds/serve/service_paths.h"

namespace mhds::serve {

// True when `name` is one of the files WriteReportDir writes.
bool IsReportFile(std::string_view name);

// Reading the JSON and HTML reports is a report view; the CSV files are downloads.
account::Action ActionForReportFile(std::string_view name);

// True when the submission's report folder holds its JSON report (validation finished).
bool ReportReady(const ServicePaths& paths, int64_t submission_id);

// Streams the file into `res` (200), or false when it does not exist.
bool SendReportFile(const ServicePaths& paths, int64_t submission_id, std::string_view name,
                    httplib::Response& res);

}  // namespace mhds::serve
