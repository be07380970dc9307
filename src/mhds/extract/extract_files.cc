// WriteExtracts: the built extracts onto disk, each file atomically, the manifest last.
#include "mhds/base/status_macros.h"
#include "mhds/extract/extract.h"
#include "mhds/report/atomic_file.h"

namespace mhds::extract {

Status WriteExtracts(const ExtractRun& run, const std::filesystem::path& out_dir) {
  for (const BuiltExtract& extract : run.extracts) {
    std::filesystem::path dir = out_dir / extract.folder;
    MHDS_RETURN_IF_ERROR(report::EnsureReportDir(dir));
    for (const ExtractFile& file : extract.files) {
      MHDS_RETURN_IF_ERROR(report::WriteFileAtomically(dir / file.name, file.contents));
    }
  }
  return Status::Ok();
}

}  // namespace mhds::extract
