// RecordChecker: runs a table's record-level rules on each row as it streams past, emitting a
// finding for each rule that fires and marking the row rejected when one rejects it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/spec/spec.h"
#include "mhds/validate/internal/code_set.h"
#include "mhds/validate/internal/context.h"
#include "mhds/validate/internal/finding_log.h"
#include "mhds/validate/internal/key_index.h"
#include "mhds/validate/internal/table_data.h"

namespace mhds::validate::internal {

class RecordChecker {
 public:
  // `parent` is the data of the table's tree parent (already read), or nullptr.
  RecordChecker(const spec::Spec& spec, int table, TableData& data, const TableData* parent,
                const Context& context, FindingLog& log);

  // Checks row `row` (0-based) whose fields are `fields`, in source column order.
  // Returns true if a file-level rule rejected the file.
  bool Check(const std::vector<std::string_view>& fields, uint64_t row);

  // Says where the next checked row's parent is to be found: the lookup of `key` (with hash
  // `hash`) in `index` runs when a rule first needs the parent row, or in ResolveParent(), so
  // that the slot prefetched before the checks has time to arrive.
  void SetParentLookup(const KeyIndex* index, std::string_view key, uint64_t hash) {
    lookup_ = {index, key, hash};
  }
  // Settles data.parent_row[row] if no rule needed it yet. Inline: it runs for every child row.
  void ResolveParent(uint64_t row) const {
    if (lookup_.index == nullptr) return;
    if (const KeyIndex::Entry* e = lookup_.index->Find(lookup_.key, lookup_.hash)) {
      data_.parent_row[row] = e->first_row;
    } else {
      KeepUnmatchedJoin(row);
    }
    lookup_.index = nullptr;
  }

 private:
  struct Operand {
    std::string_view text;
    spec::ValueType type = spec::ValueType::kText;
    bool available = false;  // false when the reference cannot be resolved (no header, no org)
  };

  // Keeps the join value of `row`, which matched no parent row, for the finding about it.
  void KeepUnmatchedJoin(uint64_t row) const;
  std::string_view Field(const std::vector<std::string_view>& fields, int item) const;
  Operand Resolve(const spec::Reference& ref, const std::vector<std::string_view>& fields,
                  uint64_t row) const;
  struct Compiled;
  bool Fires(const Compiled& c, std::string_view value, const std::vector<std::string_view>& fields,
             uint64_t row, Operand& other) const;
  // The ordered value (days, seconds or number) of column `column` of the current row, parsed
  // once however many rules read it.
  std::optional<int64_t> Parsed(int column, std::string_view text, spec::ValueType type) const;
  bool Holds(const spec::Condition& c, const std::vector<std::string_view>& fields) const;

  const spec::Spec& spec_;
  const spec::Table& table_;
  const int table_index_;
  TableData& data_;
  const TableData* parent_;
  const Context& context_;
  FindingLog& log_;
  // A record rule ready to run: its column and code set looked up once, not per row.
  // How a format rule's value is checked: the two shapes nearly every dated item has get a
  // direct path; the rest go through MatchesFormat.
  // Text of any characters and digit strings, the other common shapes, are checked inline for
  // ASCII values of an allowed length.
  static constexpr int kNoColumn = -2;
  enum class FormatPath { kGeneric, kDate, kTime, kText, kDigits };
  enum class IfTest { kNone, kBlank, kEquals };
  struct Compiled {
    int index = -1;     // into Spec::rules
    int position = -1;  // in the table's record_rules: findings of one row go out in this order
    const spec::Rule* rule = nullptr;
    spec::RuleKind kind = spec::RuleKind::kBlank;        // rule->kind, read without a jump
    spec::ValueType item_type = spec::ValueType::kText;  // of the rule's item, if any
    int column = -1;             // of the rule's item in the source, -1 if the rule has no item
    bool skip_if_blank = false;  // the kind never fires on a blank value
    int code_set = -1;           // into code_sets_, for kCode
    // kConditional whose first condition is "populated": that item's column (-1 if absent from
    // the source); kNoColumn otherwise.
    int if_populated_column = kNoColumn;
    // kConditional whose first condition is "blank" or "in" one value: the test Check() makes
    // inline to skip the rule, on the item in column `if_column` (-1 if absent from the source).
    IfTest if_test = IfTest::kNone;
    int if_column = -1;
    std::string_view if_value;  // the one value of "in"; points into the spec
    FormatPath format_path = FormatPath::kGeneric;
    uint32_t min_length = 0, max_length = 0;  // the item's format, for kText and kDigits
    // kCompare and kAge against a value fixed for the whole file (the header's, the period's,
    // the upload time): resolved and parsed once here, not once a row.
    bool constant_other = false;
    Operand other;
    std::optional<int64_t> other_value;
    // kCompare of a date item with a date fixed for the file, by an ordering operator: the row's
    // date is compared with `bound` (the other date plus the rule's offset) directly.
    bool date_bound = false;
    int64_t bound = 0;
    // kCompare of a date item with a date of the parent row, by an ordering operator: the
    // rule's offset in whole days, added to the parent's date as Fires() does.
    bool parent_date = false;
    int64_t parent_offset_days = 0;
  };
  // Record rules whose item column is present, grouped by column; within a group, those that
  // can fire on a blank value come first, so a blank value runs only them.
  std::vector<Compiled> rules_;
  enum class AsciiCheck {
    kBytes,      // every byte is read
    kFirstByte,  // the minimum length is 1: an ASCII first byte (checked for all) is enough
    kByCode,     // the code rule that follows accepts only ASCII codes
  };
  struct Group {
    int column;
    uint32_t begin, blank_end, end;  // into rules_
    // A compiled plan for a populated value, when every rule of the group is a blank rule, one
    // format rule of a common shape, one code rule, a comparison of a date with a bound fixed
    // for the file or an age range on a day fixed for the file (as the range of birth days it
    // allows): the value passes them all when it starts with visible ASCII, has the shape
    // and, where there is one, a code of the list and a day within [min_day, max_day]. A value
    // failing the plan goes through the rules one by one, which say what fired.
    bool planned = false;
    FormatPath format = FormatPath::kGeneric;  // kGeneric: none, or the code check implies it
    spec::ValueType format_type = spec::ValueType::kText;
    uint32_t min_length = 0, max_length = 0;  // for kText and kDigits
    // For kText: how the plan makes sure the value is ASCII (its bytes are its characters).
    AsciiCheck ascii = AsciiCheck::kBytes;
    int code_set = -1;
    bool bounded = false;  // has a comparison with a fixed date or an age range
    int64_t min_day = 0, max_day = 0;
    int parent_compare = -1;  // into rules_: a comparison with a parent's date (parent_date)
  };
  // Sets g.planned and the plan's fields from the group's rules.
  void Plan(Group& g) const;
  // True if the populated value passes the group's plan (so no rule of the group fires).
  bool PassesPlan(const Group& g, std::string_view value) const;
  // True if `c`, a parent_date comparison, fires for the row's date `day`: what Fires() decides.
  bool FiresOnParentDate(const Compiled& c, int64_t day) const;
  std::vector<Group> groups_;
  // Check() visits the groups through two short lists, apart from the plans: most values are
  // blank, and a group without a rule that fires on a blank value is skipped after one look at
  // the value's size.
  struct PopulatedOnly {
    uint32_t offset;         // of the column's field: column * sizeof(std::string_view)
    uint32_t group;          // into groups_
    uint32_t populated = 0;  // rows on which the column was populated (until it stops mattering)
  };
  std::vector<PopulatedOnly> populated_only_;
  // Once kRowsBeforeSettling rows are checked, the columns of populated_only_ that were
  // populated on fewer than one row in kRareShare move here, four at a time: one test of their
  // four sizes ORed together skips four blank values (nearly every row) for the price of one.
  struct RareQuad {
    uint32_t offset[4];  // column * sizeof(std::string_view): the field's offset in bytes
    uint32_t group[4];
  };
  std::vector<RareQuad> rare_quads_;
  static constexpr uint64_t kRowsBeforeSettling = 1024;
  static constexpr uint64_t kRareShare = 16;
  uint64_t rows_checked_ = 0;
  void SettleColumnLists();
  // The groups of a quad with a populated value among its four (rare, so not inlined).
  void CheckRareQuad(const RareQuad& q, const std::vector<std::string_view>& fields, uint64_t row);
  // Groups whose only rules that can fire on a blank value are conditional rules "if X
  // populated" on one column X: nothing of the group can fire while both values are empty.
  struct Gated {
    uint32_t offset;       // of the group's column's field, as PopulatedOnly::offset
    uint32_t gate_offset;  // of X's field
    uint32_t group;
  };
  std::vector<Gated> gated_;
  // The groups of a Gated entry with a value present (rare, so not inlined).
  void CheckGated(const Gated& q, const std::vector<std::string_view>& fields, uint64_t row);
  std::vector<uint32_t> always_;  // the other groups of a column: some rule fires on a blank value
  int itemless_ = -1;             // the group of the rules without an item (sorted first), if any
  // Runs the rules of `g` on `value`, the row's value of g.column (empty if g has no column).
  void CheckGroup(const Group& g, std::string_view value,
                  const std::vector<std::string_view>& fields, uint64_t row);
  struct Fired {
    const Compiled* rule;
    Operand other;
  };
  std::vector<Fired> fired_;  // this row's, before they are put in order and emitted
  void Emit(const Compiled& c, const Operand& other, const std::vector<std::string_view>& fields,
            uint64_t row, bool& file_rejected);
  std::vector<CodeSet> code_sets_;
  struct Lookup {
    const KeyIndex* index = nullptr;  // nullptr once resolved, or when there is no parent
    std::string_view key;
    uint64_t hash = 0;
  };
  mutable Lookup lookup_;
  struct ParsedValue {
    uint64_t row_plus_one = 0;  // the row it was parsed for; 0 for none
    std::optional<int64_t> value;
    // The month of the column's last valid date: its "CCYY-MM-" bytes, its first day and its
    // length. Most dates of a column fall in a few months (the reporting period's above all),
    // and a date of the same month only needs its day read.
    uint64_t month_prefix = 0;
    int64_t month_first_day = 0;
    int month_days = 0;  // 0: no month yet
  };
  // The date `text` (ParseDate), using and updating the column's month.
  std::optional<int64_t> ParseDateInMonth(std::string_view text, ParsedValue& p) const;
  // ParseDateInMonth() for a date outside the column's month (whose first eight bytes are
  // `prefix`): makes its month the column's, from known_months_ or by parsing the date.
  std::optional<int64_t> ParseDateOfNewMonth(std::string_view text, uint64_t prefix,
                                             ParsedValue& p) const;
  static std::optional<int64_t> DayInMonth(std::string_view text, const ParsedValue& p);
  // Months whose dates parsed, by their "CCYY-MM-" bytes, for all columns: a date outside its
  // column's month is often of a month met before (most dates fall in a few recent years), and
  // then only its day is read. Direct-mapped: a slot keeps the last month that hashed to it.
  struct KnownMonth {
    uint64_t prefix = 0;
    int64_t first_day = 0;
    int days = 0;  // 0: empty slot
  };
  static constexpr int kKnownMonthBits = 8;
  mutable std::vector<KnownMonth> known_months_ = std::vector<KnownMonth>(1 << kKnownMonthBits);
  mutable std::vector<ParsedValue> parsed_;  // by source column
  // The month of the last parent date read, by the parent's item: a child's rows mostly point
  // at parents born (or referred) in a month met before. Only the month fields are used.
  mutable std::vector<ParsedValue> parent_dates_;
  uint64_t current_row_ = 0;
  // For kVersionInForce: the version in force for the reporting period (or the folder's own
  // version when the period or the versions are unknown), and the period as CCYY-MM.
  std::string version_in_force_;
  std::string period_month_;
};

}  // namespace mhds::validate::internal
