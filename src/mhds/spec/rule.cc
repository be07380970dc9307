#include "mhds/spec/rule.h"

namespace mhds::spec {

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kFile:
      return "file";
    case Level::kRecord:
      return "record";
    case Level::kGroup:
      return "group";
  }
  return "record";
}

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kReject:
      return "rejected";
    case Severity::kWarning:
      return "warning";
    case Severity::kWarning1:
      return "warning1";
  }
  return "rejected";
}

std::string_view RuleKindName(RuleKind kind) {
  switch (kind) {
    case RuleKind::kBlank:
      return "blank";
    case RuleKind::kFormat:
      return "format";
    case RuleKind::kCode:
      return "code";
    case RuleKind::kNhsNumber:
      return "nhs_number";
    case RuleKind::kCompare:
      return "compare";
    case RuleKind::kAge:
      return "age";
    case RuleKind::kConditional:
      return "conditional";
    case RuleKind::kSchemeFormat:
      return "scheme_format";
    case RuleKind::kVersionInForce:
      return "version_in_force";
    case RuleKind::kDuplicate:
      return "duplicate";
    case RuleKind::kMaxRows:
      return "max_rows";
    case RuleKind::kParent:
      return "parent";
    case RuleKind::kHasChild:
      return "has_child";
    case RuleKind::kSuccessor:
      return "successor";
    case RuleKind::kMissingTable:
      return "missing_table";
    case RuleKind::kEmptyTable:
      return "empty_table";
    case RuleKind::kMissingColumn:
      return "missing_column";
    case RuleKind::kUnknownColumn:
      return "unknown_column";
    case RuleKind::kDuplicateColumn:
      return "duplicate_column";
    case RuleKind::kUnknownTable:
      return "unknown_table";
    case RuleKind::kUnsupported:
      return "unsupported";
  }
  return "unsupported";
}

}  // namespace mhds::spec
