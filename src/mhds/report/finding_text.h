// How every report writer names the parts of a finding: its rule code, table, item and key values,
// the root of its cascade, and a root cause's cascade by table. The JSON, CSV, HTML and terminal
// reports all go through these so that they agree, and so that an index out of step with the spec
// yields an empty name rather than a crash.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mhds/spec/spec.h"
#include "mhds/validate/validator.h"

namespace mhds::report {

// The rule's code ("MHS10113"), or "" if the finding names no rule of `spec`.
std::string_view RuleCode(const spec::Spec& spec, const validate::Finding& finding);

// The table at `table`, or nullptr (file-level findings use -1).
const spec::Table* TableAt(const spec::Spec& spec, int table);

// The table's IDB name ("MHS101Referral"), or "" when there is none.
std::string_view TableName(const spec::Spec& spec, int table);

// The item at fault, or nullptr when no single item is.
const spec::Item* ItemOf(const spec::Spec& spec, const validate::Finding& finding);

// The finding's key values paired with their items, in the table's key order. Empty when the
// finding is not about one row.
std::vector<std::pair<const spec::Item*, std::string_view>> KeyPairs(
    const spec::Spec& spec, const validate::Finding& finding);

// "ServiceRequestID=SR4; LocalPatientId=P1", or "" when the finding has no keys.
std::string KeysText(const spec::Spec& spec, const validate::Finding& finding);

// The finding at the root of `finding`'s cascade: follows `cause` up to a finding without one.
// The finding itself when it has no cause.
validate::FindingId RootOf(const validate::ValidationResult& result,
                           const validate::Finding& finding);

// A root cause's rejected rows by table, "MHS101Referral=3; MHS201CareContact=12" with the
// default separators.
std::string CascadeText(const spec::Spec& spec, const validate::RootCause& root,
                        std::string_view between = "; ", std::string_view name_value = "=");

// The finding `id` of `result`, or nullptr when `id` is kNoFinding or out of range.
const validate::Finding* FindingAt(const validate::ValidationResult& result,
                                   validate::FindingId id);

}  // namespace mhds::report
