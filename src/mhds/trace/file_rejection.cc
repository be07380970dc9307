#include "mhds/trace/file_rejection.h"

#include <exception>
#include <utility>

namespace mhds::trace {

BatchResult RejectedBatch(RequestFile request, std::string_view file_code, std::string problem) {
  BatchResult result;
  result.request = std::move(request);
  if (!result.file_rejected()) {
    result.request.file_code = file_code;
    result.request.problem = std::move(problem);
  }
  result.request.rows.clear();
  return result;
}

BatchResult TraceBatchOrReject(const DemographicIndex& index, RequestFile request,
                               const TraceOptions& options,
                               const std::function<void(uint64_t, uint64_t)>& progress) {
  // Kept whole so that a failure part way can still answer with the file's header.
  const RequestHeader header = request.header;
  try {
    return TraceBatch(index, std::move(request), options, progress);
  } catch (const std::exception& e) {
    RequestFile failed;
    failed.header = header;
    failed.file_code = code::kSuccess;
    return RejectedBatch(std::move(failed), code::kUnexpectedError,
                         "the file could not be traced to the end (" + std::string(e.what()) +
                             "); no row is answered: send it again, and report it if it recurs");
  }
}

}  // namespace mhds::trace
