// Answers for a request file that was read but could not be traced: the whole file gets a
// file-level code and no rows, as the national service answers a file it cannot process, so
// that whoever sent it learns why from the response itself (docs/tracing.md, "Codes").
//   05 (unexpected error): tracing an accepted file failed part way (out of memory, a fault:
//       TraceBatchToFiles rethrows it and the command answers with this code);
//   14 (datastore error): the demographic index could not be opened or read.
#pragma once

#include <string>
#include <string_view>

#include "mhds/trace/trace_batch.h"

namespace mhds::trace {

// `request` answered with `file_code` and no rows; `problem` becomes the explanation's reason.
// Messages name the file or index, never a person. If the request was already rejected with a
// file-level code of its own, that code stands: it says what is wrong with the file itself.
BatchResult RejectedBatch(RequestFile request, std::string_view file_code, std::string problem);

}  // namespace mhds::trace
