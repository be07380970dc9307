// RecordRules: the generator's own reading of a spec's record-level rules, used both to make rows
// that no rule fires on and to prove that a planted defect fires exactly the rule it names. It
// follows docs/spec_format.md (the same text the validator implements) and the validator's value
// checks (validate/value_checks.h), but not the validator's code, so the perfect-score test
// compares two readings of the spec.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "mhds/spec/spec.h"

namespace mhds::generate {

using Row = std::vector<std::string>;

// The values a rule may compare with that come from the upload, not from a table.
struct Submission {
  int64_t period_start = 0;  // days since 1970-01-01
  int64_t period_end = 0;
  int64_t uploaded_at = 0;  // seconds since 1970-01-01
  std::string period_start_text;
  std::string period_end_text;
  std::string uploaded_at_text;
  std::string org;
  std::string version;
};

// A value a rule resolved: its text and the type it compares as.
struct Operand {
  std::string_view text;
  spec::ValueType type = spec::ValueType::kText;
};

class RecordRules {
 public:
  RecordRules(const spec::Spec& spec, const Submission& submission);
  // Not copied: the code sets view the strings of the object that built them.
  RecordRules(const RecordRules&) = delete;
  RecordRules& operator=(const RecordRules&) = delete;

  // Appends to `fired` the index (into spec.rules) of every record rule of `table` that fires on
  // `row`. `header` is the header row (null while making the header itself), `parent` the row's
  // parent row or null when it has none.
  void Fired(int table, const Row& row, const Row* header, const Row* parent,
             std::vector<int>& fired) const;

  // The value `ref` names for a row, or nullopt when it is not available (no parent, no header,
  // a blank value).
  std::optional<Operand> Resolve(const spec::Reference& ref, int table, const Row& row,
                                 const Row* header, const Row* parent) const;

  // The codes of `list` valid for some day of the period, sorted (so draws are reproducible).
  const std::vector<std::string>& ValidCodes(int list) const { return valid_codes_[list]; }
  bool IsValidCode(int list, std::string_view code) const;

  const spec::Spec& spec() const { return spec_; }
  const Submission& submission() const { return submission_; }

 private:
  bool Fires(const spec::Rule& rule, int table, const Row& row, const Row* header,
             const Row* parent) const;

  const spec::Spec& spec_;
  const Submission& submission_;
  std::vector<std::vector<std::string>> valid_codes_;
  // By list: views of valid_codes_, for IsValidCode.
  std::vector<std::unordered_set<std::string_view>> valid_code_sets_;
  // By rule: the other value of a compare rule that names the header or the upload, read once
  // for the header row it came from. Not thread-safe, as RecordRules is used by one generator.
  struct ConstantOther {
    const Row* header = nullptr;
    bool known = false;
    std::optional<int64_t> value;
  };
  mutable std::vector<ConstantOther> constant_other_;
  // By table: its record rules of the kinds Fires() reads, in spec order.
  std::vector<std::vector<int>> checked_rules_;
  // The row Fired() is checking, its items read on their ordered scale once each.
  std::optional<int64_t> RowValue(int item, std::string_view value, spec::ValueType type) const;
  mutable std::vector<uint8_t> row_state_;  // by item: 0 not read yet, 1 readable, 2 not
  mutable std::vector<int64_t> row_value_;
};

// Two typed values on one scale (seconds when either carries a time of day, days for two dates,
// the number for integers and times), `b` moved by `offset_seconds`; nullopt when either is
// unreadable or the types do not order together.
std::optional<std::pair<int64_t, int64_t>> CommonScale(Operand a, Operand b,
                                                       int64_t offset_seconds);

// CommonScale with `a` already read on its type's scale (validate::OrderedValue of its text).
std::optional<std::pair<int64_t, int64_t>> CommonScaleOf(int64_t a, spec::ValueType a_type,
                                                         Operand b, int64_t offset_seconds);

bool CompareHolds(int64_t a, int64_t b, spec::CompareOp op);

}  // namespace mhds::generate
