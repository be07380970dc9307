#include "mhds/trace/file_rejection.h"

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

}  // namespace mhds::trace
