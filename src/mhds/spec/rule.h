// Rule: one validation of a data set version, as loaded from rules.csv. The kinds and their
// parameters are documented in docs/spec_format.md; this header is their in-memory form, with every
// item and table name already resolved to an index so that checks never look names up.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mhds/spec/format.h"

namespace mhds::spec {

enum class Level { kFile, kRecord, kGroup };
enum class Severity { kReject, kWarning, kWarning1 };

enum class RuleKind {
  // record level
  kBlank,
  kFormat,
  kCode,
  kNhsNumber,
  kCompare,
  kAge,
  kConditional,
  kSchemeFormat,
  // the header's data set version against the version in force for the reporting period
  kVersionInForce,
  // group level
  kDuplicate,
  kMaxRows,
  kParent,
  kHasChild,
  // a row that ends something (a GP registration) needs another row that takes over from it
  kSuccessor,
  // structural, file level
  kMissingTable,
  kEmptyTable,
  kMissingColumn,
  kUnknownColumn,
  kDuplicateColumn,
  kUnknownTable,
  // kept for coverage, never fires
  kUnsupported,
};

std::string_view LevelName(Level level);
std::string_view SeverityName(Severity severity);
std::string_view RuleKindName(RuleKind kind);

// A value a rule compares against.
struct Reference {
  enum class Scope {
    kRow,             // an item of the same row
    kHeader,          // an item of the header row
    kParent,          // an item of the row's parent row
    kPeriodStart,     // submission.period_start
    kPeriodEnd,       // submission.period_end
    kUploadedAt,      // submission.uploaded_at
    kOrg,             // submission.org
    kDatasetVersion,  // dataset.version
  };
  Scope scope = Scope::kRow;
  int item = -1;  // index within the row's, header's or parent's table, for the first three scopes
  std::string text;   // as written in rules.csv
  std::string label;  // for messages: the item's short name, or "the reporting period end" ...
};

enum class CompareOp { kLt, kLe, kGt, kGe, kEq, kNe };

struct Condition {
  enum class Op { kPopulated, kBlank, kIn, kNotIn };
  int item = -1;  // index within the rule's table
  Op op = Op::kPopulated;
  std::vector<std::string> values;
};

struct Rule {
  std::string code;
  int table = -1;  // -1 for "*" (structural rules of every table)
  int item = -1;   // index within the table, -1 if none
  Level level = Level::kRecord;
  Severity severity = Severity::kReject;
  RuleKind kind = RuleKind::kUnsupported;
  std::string message;   // template, see docs/spec_format.md
  std::string params;    // as written in rules.csv, for `mhds spec diff`
  bool national = true;  // source = etos
  uint64_t line = 0;     // line in rules.csv, for messages about the spec

  // kCode
  int code_list = -1;
  // kCompare (and kSuccessor: how long after the end the successor may start)
  CompareOp op = CompareOp::kGt;
  Reference other;
  int64_t offset_seconds = 0;
  // kAge
  int min_age = 0;
  int max_age = 0;
  Reference at;
  // kConditional
  std::vector<Condition> conditions;
  Condition then;
  // kSchemeFormat
  int scheme_item = -1;
  std::vector<std::pair<std::string, ValueType>> scheme_types;
  // kDuplicate, kParent, kHasChild, kSuccessor: items of this table
  std::vector<int> items;
  int where_blank = -1;
  // kMaxRows
  int max_rows = 0;
  // kParent: the parent table and its items matched; kHasChild: the child table and its items
  int other_table = -1;
  std::vector<int> other_items;
  // kSuccessor: a row whose `end_item` is populated needs another row sharing `items` whose
  // `start_item` lies from that end to the end plus `offset_seconds`, and, when `differ_item` is
  // set, whose `differ_item` holds another value. Both dates are of one type (date or datetime).
  int end_item = -1;
  int start_item = -1;
  int differ_item = -1;
  // kUnsupported
  std::string reason;

  bool rejects() const { return severity == Severity::kReject; }
};

}  // namespace mhds::spec
