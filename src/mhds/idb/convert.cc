#include "mhds/idb/convert.h"

#include "mhds/base/status_macros.h"

namespace mhds::idb {
namespace {

// How often the progress callback is called, in rows.
constexpr uint64_t kProgressRows = uint64_t{1} << 14;

// "CCYY-MM-DD hh:mm:ss": the length of an Access Date/Time value and where its parts start.
constexpr size_t kDateTimeLength = 19;
constexpr size_t kDateLength = 10;
constexpr size_t kTimeStart = 11;

}  // namespace

std::string_view AccessDateTimePart(std::string_view value, spec::ValueType type) {
  if (value.size() != kDateTimeLength || value[kDateLength] != ' ') return value;
  if (type == spec::ValueType::kDate) return value.substr(0, kDateLength);
  if (type == spec::ValueType::kTime) return value.substr(kTimeStart);
  return value;
}

Result<CopySummary> CopyTables(io::TableSource& source, const spec::Spec* spec, TableSink& sink,
                               const CopyOptions& options) {
  CopySummary summary;
  uint64_t bytes_before = 0;
  for (const std::string& name : source.table_names()) {
    const int index = spec != nullptr ? spec->FindTable(name) : -1;
    const spec::Table* table = index >= 0 ? &spec->tables[index] : nullptr;
    MHDS_ASSIGN_OR_RETURN(std::unique_ptr<io::RowReader> reader, source.Open(name));
    const std::vector<std::string>& columns = reader->columns();

    // Access Date/Time columns holding a date item or a time item, with the item's type.
    std::vector<std::pair<size_t, spec::ValueType>> reshaped;
    if (table != nullptr) {
      for (size_t c = 0; c < columns.size(); ++c) {
        const int item = table->FindItem(columns[c]);
        if (item < 0 || !reader->IsDateTimeColumn(c)) continue;
        const spec::ValueType type = table->items[item].type;
        if (type == spec::ValueType::kDate || type == spec::ValueType::kTime) {
          reshaped.emplace_back(c, type);
        }
      }
    }

    CopiedTable copied{.source_name = name,
                       .name = table != nullptr ? table->idb_name : name,
                       .known = table != nullptr};
    MHDS_RETURN_IF_ERROR(sink.BeginTable(name, table, columns));
    std::vector<std::string_view> fields;
    while (reader->Next(fields)) {
      for (const auto& [column, type] : reshaped) {
        fields[column] = AccessDateTimePart(fields[column], type);
      }
      MHDS_RETURN_IF_ERROR(sink.AddRow(fields));
      if (++copied.rows % kProgressRows == 0 && options.progress) {
        options.progress(bytes_before + reader->bytes_read(), source.total_bytes());
      }
    }
    MHDS_RETURN_IF_ERROR(reader->status());
    MHDS_RETURN_IF_ERROR(sink.EndTable());
    bytes_before += reader->bytes_read();
    if (options.progress) options.progress(bytes_before, source.total_bytes());
    summary.rows += copied.rows;
    summary.tables.push_back(std::move(copied));
  }
  return summary;
}

}  // namespace mhds::idb
