#include "mhds/derive/accepted_rows.h"

#include "mhds/base/status_macros.h"
#include "mhds/base/text.h"

namespace mhds::derive {
RejectedRows::RejectedRows(const validate::ValidationResult& result) {
  rows_.resize(result.tables.size());
  whole_table_.assign(result.tables.size(), false);
  for (const validate::TableCounts& counts : result.tables) {
    if (counts.table >= 0 && static_cast<size_t>(counts.table) < rows_.size()) {
      rows_[counts.table].assign(counts.received, false);
    }
  }
  for (const validate::Finding& finding : result.findings) {
    if (!finding.rejects() || finding.table < 0 ||
        static_cast<size_t>(finding.table) >= rows_.size()) {
      continue;
    }
    std::vector<bool>& rows = rows_[finding.table];
    if (finding.row == 0) {
      whole_table_[finding.table] = true;
      continue;
    }
    if (finding.row > rows.size()) rows.resize(finding.row, false);
    if (!rows[finding.row - 1]) {
      rows[finding.row - 1] = true;
      ++total_;
    }
  }
}

bool RejectedRows::rejected(int table, uint64_t row) const {
  if (table < 0 || static_cast<size_t>(table) >= rows_.size()) return false;
  if (whole_table_[table]) return true;
  const std::vector<bool>& rows = rows_[table];
  return row >= 1 && row <= rows.size() && rows[row - 1];
}

Result<AcceptedRowScan> AcceptedRowScan::Open(const spec::Spec& spec, io::TableSource& source,
                                              const RejectedRows& rejected, std::string_view code,
                                              const std::vector<std::string_view>& items) {
  int table = spec.FindTable(code);
  if (table < 0) {
    return Status::SpecError("specification " + spec.name + " " + spec.version + " has no table " +
                             std::string(code) + "; derive needs it");
  }
  const spec::Table& t = spec.tables[table];
  for (std::string_view item : items) {
    if (t.FindItem(item) < 0) {
      return Status::SpecError("specification " + spec.name + " " + spec.version + " has no item " +
                               t.idb_name + "." + std::string(item) + "; derive needs it");
    }
  }
  AcceptedRowScan scan;
  scan.rejected_ = &rejected;
  scan.table_ = table;
  scan.columns_.assign(items.size(), -1);
  for (const std::string& name : source.table_names()) {
    if (!EqualsIgnoreCase(name, t.idb_name)) continue;
    MHDS_ASSIGN_OR_RETURN(scan.reader_, source.Open(name));
    const std::vector<std::string>& columns = scan.reader_->columns();
    for (size_t i = 0; i < items.size(); ++i) {
      for (size_t c = 0; c < columns.size(); ++c) {
        if (EqualsIgnoreCase(columns[c], items[i])) scan.columns_[i] = static_cast<int>(c);
      }
    }
    break;
  }
  return scan;
}

bool AcceptedRowScan::Next() {
  if (!reader_) return false;
  while (reader_->Next(fields_)) {
    ++row_;
    if (!rejected_->rejected(table_, row_)) return true;
  }
  return false;
}

std::string_view AcceptedRowScan::value(size_t i) const {
  int column = columns_[i];
  if (column < 0 || static_cast<size_t>(column) >= fields_.size()) return {};
  return fields_[column];
}

Status AcceptedRowScan::status() const { return reader_ ? reader_->status() : Status::Ok(); }

}  // namespace mhds::derive
