// RecordChecker: runs a table's record-level rules on each row as it streams past, emitting a
// finding for each rule that fires and marking the row rejected when one rejects it.
#pragma once

#include <string_view>
#include <vector>

#include "mhds/spec/spec.h"
#include "mhds/validate/internal/context.h"
#include "mhds/validate/internal/finding_log.h"
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

 private:
  struct Operand {
    std::string_view text;
    spec::ValueType type = spec::ValueType::kText;
    bool available = false;  // false when the reference cannot be resolved (no header, no org)
  };

  std::string_view Field(const std::vector<std::string_view>& fields, int item) const;
  Operand Resolve(const spec::Reference& ref, const std::vector<std::string_view>& fields,
                  uint64_t row) const;
  bool Fires(const spec::Rule& rule, std::string_view value,
             const std::vector<std::string_view>& fields, uint64_t row, Operand& other) const;
  bool Holds(const spec::Condition& c, const std::vector<std::string_view>& fields) const;
  bool CodeValid(int list, std::string_view value) const;

  const spec::Spec& spec_;
  const spec::Table& table_;
  const int table_index_;
  TableData& data_;
  const TableData* parent_;
  const Context& context_;
  FindingLog& log_;
  std::vector<int> rules_;  // record rules whose item column is present
};

}  // namespace mhds::validate::internal
