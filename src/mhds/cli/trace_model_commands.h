// The model side of `mhds trace`: `mhds trace fit` (estimate m and u into a parameters file)
// and `mhds trace evaluate` (score a trace against the generator's truth), and the options
// they share with `mhds trace` itself (--params and the thresholds).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "mhds/base/status.h"
#include "mhds/trace/trace_ladder.h"

namespace mhds::cli {

struct TraceModelArgs {
  std::string params;  // --params FILE, or "" for the defaults
  trace::TraceOptions options;
};

// Adds --params, --match-threshold, --close-match-margin, --relaxed-min-weight and --max-block.
void AddTraceModelOptions(CLI::App* command, TraceModelArgs* args);

// Reads --params, if given, into args->options. kNotFound or kDataError as the file is.
Status ApplyTraceParams(TraceModelArgs& args);

// Adds `fit` and `evaluate` under the `trace` command.
void RegisterTraceFitAndEvaluate(CLI::App* trace, int* exit_code);

}  // namespace mhds::cli
