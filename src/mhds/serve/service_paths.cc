#include "mhds/serve/service_paths.h"

#include "mhds/base/status_macros.h"
#include "mhds/report/atomic_file.h"

namespace mhds::serve {

Status PrepareDataFolder(const ServicePaths& paths) {
  MHDS_RETURN_IF_ERROR(report::EnsureReportDir(paths.data));
  MHDS_RETURN_IF_ERROR(report::EnsureReportDir(paths.uploads()));
  MHDS_RETURN_IF_ERROR(report::EnsureReportDir(paths.unpacked()));
  return report::EnsureReportDir(paths.data / "reports");
}

}  // namespace mhds::serve
