// The preconditions the workflow's transitions name (specs/governance/transitions.csv), each a
// check in C++ over the store. A check answers with "" when it holds, or with a sentence saying
// what does not hold and how to satisfy it; store errors are errors. Checks read; they never write.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "mhds/base/result.h"
#include "mhds/govern/inputs.h"
#include "mhds/govern/workflow.h"
#include "mhds/store/database.h"

namespace mhds::govern {

struct CheckContext {
  store::Database& db;
  const Workflow& workflow;
  int64_t application_id;
  const Actor& actor;
  const std::string& reason;
  const StepFacts& facts;
  std::string today;  // YYYY-MM-DD of the step
};

using Precondition = Result<std::string> (*)(const CheckContext&);

// Every check, by the name transitions.csv uses.
const std::map<std::string, Precondition>& Preconditions();
std::set<std::string> PreconditionNames();

}  // namespace mhds::govern
