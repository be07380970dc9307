// Reading back the rows the validator accepted. Derivations use accepted rows only: a row is
// accepted when no rejecting finding names it (a cascade names every row it reaches, so a contact
// of a rejected referral is itself named). The validator keeps no rows, so the tables are read
// again here, one at a time, and only the items a derivation asks for are looked at.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/io/table_source.h"
#include "mhds/spec/spec.h"
#include "mhds/validate/validator.h"

namespace mhds::derive {

// Which rows of each table a validation rejected: one bit per received row.
class RejectedRows {
 public:
  explicit RejectedRows(const validate::ValidationResult& result);

  // `row` is 1-based, counted as the validator counts (data rows in reading order).
  bool rejected(int table, uint64_t row) const;
  uint64_t total() const { return total_; }

 private:
  std::vector<std::vector<bool>> rows_;  // table -> row - 1 -> rejected
  std::vector<bool> whole_table_;        // a rejecting finding about a table but no row
  uint64_t total_ = 0;
};

// Streams the accepted rows of one table, exposing the values of chosen items. Not thread-safe.
class AcceptedRowScan {
 public:
  // Opens the table `code` (e.g. "MHS101") of `spec` in `source`; `items` are short names, matched
  // to columns case-insensitively. A table or column the submission lacks reads as absent (no rows,
  // blank values). kSpecError if `spec` has no such table or item: the derivation was written for
  // another version.
  static Result<AcceptedRowScan> Open(const spec::Spec& spec, io::TableSource& source,
                                      const RejectedRows& rejected, std::string_view code,
                                      const std::vector<std::string_view>& items);

  // Moves to the next accepted row. False at the end or on a read error (see status()).
  bool Next();
  // The value of items[i] on the current row ("" when the column is absent).
  std::string_view value(size_t i) const;
  // OK, or the read error naming file, line and column.
  Status status() const;

 private:
  AcceptedRowScan() = default;

  const RejectedRows* rejected_ = nullptr;
  int table_ = -1;
  std::unique_ptr<io::RowReader> reader_;  // null when the table is absent
  std::vector<int> columns_;               // items[i] -> column, -1 when absent
  std::vector<std::string_view> fields_;
  uint64_t row_ = 0;
};

}  // namespace mhds::derive
