#include "mhds/mapping/builder.h"

#include <unordered_set>

#include "mhds/base/calendar.h"
#include "mhds/base/status_macros.h"
#include "mhds/base/text.h"
#include "mhds/mapping/source_reader.h"

namespace mhds::mapping {
namespace {

// Separates key values in the distinct set; no IDB value holds it.
constexpr char kKeySeparator = '\x1f';

std::string Where(const Mapping& mapping, Position at) {
  return mapping.file.string() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
}

// Index of `name` among `columns`: the exact name first, else ignoring case; -1 if absent.
int FindColumn(const std::vector<std::string>& columns, const std::string& name) {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == name) return static_cast<int>(i);
  }
  for (size_t i = 0; i < columns.size(); ++i) {
    if (EqualsIgnoreCase(columns[i], name)) return static_cast<int>(i);
  }
  return -1;
}

class TableBuilder {
 public:
  TableBuilder(const LoadedMapping& loaded, const TableMapping& tm, idb::TableSink& sink,
               const BuildOptions& options, BuildReport& report)
      : m_(loaded.mapping),
        tm_(tm),
        table_(loaded.spec.tables[tm.table_index]),
        sink_(sink),
        options_(options),
        report_(report) {}

  Status Run();

 private:
  // Finds the source columns of every item. kDataError listing every column not found.
  Status FindColumns(const std::vector<std::string>& columns, const std::string& source);
  std::string Constant(const std::string& value) const;
  // Computes the row's values into values_; failures are counted against `line`.
  void MakeRow(const std::vector<std::string_view>& fields, uint64_t line);
  bool OutsidePeriod() const;
  bool SeenBefore();
  void Fail(size_t item, uint64_t line, const Status& reason);

  const Mapping& m_;
  const TableMapping& tm_;
  const spec::Table& table_;
  idb::TableSink& sink_;
  const BuildOptions& options_;
  BuildReport& report_;

  std::string source_name_ = "constants";
  std::vector<std::vector<int>> item_columns_;  // per tm_.items entry
  std::vector<int> skip_columns_;
  std::vector<std::string> values_;     // per spec item
  std::vector<ItemFailures> failures_;  // per tm_.items entry
  std::unordered_set<std::string> keys_seen_;
  std::string key_;
  TableBuilt built_;
};

Status TableBuilder::FindColumns(const std::vector<std::string>& columns,
                                 const std::string& source) {
  std::string missing;
  auto find = [&](const std::string& name, Position at, const std::string& what) {
    const int index = FindColumn(columns, name);
    if (index < 0) {
      missing += "\n" + Where(m_, at) + ": " + what + ": column '" + name + "' is not in " + source;
    }
    return index;
  };
  for (const ItemMapping& item : tm_.items) {
    std::vector<int>& found = item_columns_.emplace_back();
    for (const std::string& column : item.columns) {
      found.push_back(find(column, item.position, "item " + tm_.name + "." + item.item));
    }
  }
  for (const std::string& column : tm_.skip_if_blank) {
    skip_columns_.push_back(find(column, tm_.position, "[tables." + tm_.name + "] skip_if_blank"));
  }
  if (missing.empty()) return Status::Ok();
  std::string list;
  for (const std::string& c : columns) list += (list.empty() ? "'" : ", '") + c + "'";
  return Status::DataError("the mapping names columns that " + source + " lacks:" + missing + "\n" +
                           source + " has the columns " + list);
}

std::string TableBuilder::Constant(const std::string& value) const {
  if (value == kPeriodStartToken) return FormatDate(m_.period_days.start_days);
  if (value == kPeriodEndToken) return FormatDate(m_.period_days.end_days);
  if (value == kNowToken) return FormatDateTime(options_.now_seconds);
  return value;
}

void TableBuilder::Fail(size_t item, uint64_t line, const Status& reason) {
  ++report_.failed_values;
  ItemFailures& f = failures_[item];
  ++f.count;
  if (f.examples.size() >= m_.failures.examples) return;
  const ItemMapping& im = tm_.items[item];
  std::string where = im.value ? "constant" : source_name_ + " line " + std::to_string(line);
  if (!im.value) {
    where += im.columns.size() == 1 ? ", column " : ", columns ";
    for (size_t i = 0; i < im.columns.size(); ++i) {
      where += (i == 0 ? "'" : " + '") + im.columns[i] + "'";
    }
  }
  f.examples.push_back(where + ": " + reason.message());
}

void TableBuilder::MakeRow(const std::vector<std::string_view>& fields, uint64_t line) {
  std::fill(values_.begin(), values_.end(), std::string());
  std::string raw;
  for (size_t i = 0; i < tm_.items.size(); ++i) {
    const ItemMapping& im = tm_.items[i];
    if (im.value) {
      raw = Constant(*im.value);
    } else if (im.columns.size() == 1) {
      raw = std::string(fields[item_columns_[i][0]]);
    } else {
      raw.clear();
      for (const int column : item_columns_[i]) {
        const std::string_view part = Trim(fields[column]);
        if (part.empty()) continue;
        if (!raw.empty()) raw += im.separator;
        raw += part;
      }
    }
    auto value = ApplyTransform(im.transform, raw);
    if (value.ok()) {
      values_[im.item_index] = std::move(*value);
    } else {
      Fail(i, line, value.status());
    }
  }
}

bool TableBuilder::OutsidePeriod() const {
  if (tm_.within_period_item < 0) return false;
  const std::string& value = values_[tm_.within_period_item];
  // An unreadable date is kept: validation reports it better than silence would.
  auto day = ParseDate(std::string_view(value).substr(0, 10));
  return day && (*day < m_.period_days.start_days || *day > m_.period_days.end_days);
}

bool TableBuilder::SeenBefore() {
  key_.clear();
  if (table_.key_items.empty()) {
    for (const std::string& v : values_) key_ += v + kKeySeparator;
  } else {
    for (const int k : table_.key_items) key_ += values_[k] + kKeySeparator;
  }
  return !keys_seen_.insert(key_).second;
}

Status TableBuilder::Run() {
  built_.table = table_.idb_name;
  values_.resize(table_.items.size());
  failures_.resize(tm_.items.size());
  for (size_t i = 0; i < tm_.items.size(); ++i) {
    failures_[i].table = table_.idb_name;
    failures_[i].item = table_.items[tm_.items[i].item_index].short_name;
    failures_[i].position = tm_.items[i].position;
  }
  std::vector<std::string> columns;
  for (const spec::Item& item : table_.items) columns.push_back(item.short_name);
  std::vector<std::string_view> views(values_.size());
  auto write = [&]() -> Status {
    for (size_t i = 0; i < values_.size(); ++i) views[i] = values_[i];
    ++built_.rows_written;
    return sink_.AddRow(views);
  };

  if (tm_.source.empty()) {  // one row of constants, such as the header
    item_columns_.resize(tm_.items.size());
    MHDS_RETURN_IF_ERROR(sink_.BeginTable(table_.idb_name, &table_, columns));
    MakeRow({}, 0);
    MHDS_RETURN_IF_ERROR(write());
  } else {
    const Source& source = *m_.FindSource(tm_.source);
    auto opened = OpenSourceReader(source);
    if (!opened.ok()) {
      return opened.status().WithContext(Where(m_, source.position) + ": source '" + source.name +
                                         "'");
    }
    io::RowReader& reader = *opened->reader;
    source_name_ = opened->display_name;
    MHDS_RETURN_IF_ERROR(FindColumns(reader.columns(), source_name_));
    MHDS_RETURN_IF_ERROR(sink_.BeginTable(table_.idb_name, &table_, columns));
    std::vector<std::string_view> fields;
    while (reader.Next(fields)) {
      ++built_.rows_read;
      bool blank = false;
      for (const int c : skip_columns_) blank = blank || Trim(fields[c]).empty();
      if (blank) {
        ++built_.skipped_blank;
        continue;
      }
      MakeRow(fields, reader.line());
      if (OutsidePeriod()) {
        ++built_.skipped_period;
      } else if (tm_.distinct && SeenBefore()) {
        ++built_.skipped_duplicate;
      } else {
        MHDS_RETURN_IF_ERROR(write());
      }
      if (m_.failures.stop_after > 0 && report_.failed_values >= m_.failures.stop_after) {
        report_.stopped = true;
        break;
      }
    }
    MHDS_RETURN_IF_ERROR(reader.status());
  }
  MHDS_RETURN_IF_ERROR(sink_.EndTable());
  built_.source = source_name_;
  const uint64_t rows_read = built_.rows_read;
  report_.tables.push_back(std::move(built_));
  for (ItemFailures& f : failures_) {
    if (f.count > 0) report_.failures.push_back(std::move(f));
  }
  if (options_.progress) options_.progress(rows_read);
  return Status::Ok();
}

}  // namespace

Result<BuildReport> Build(const LoadedMapping& loaded, idb::TableSink& sink,
                          const BuildOptions& options) {
  const spec::Spec& spec = loaded.spec;
  std::vector<const TableMapping*> by_table(spec.tables.size(), nullptr);
  for (const TableMapping& tm : loaded.mapping.tables) by_table[tm.table_index] = &tm;
  BuildReport report;
  for (const int t : spec.table_order) {
    if (by_table[t] == nullptr) continue;
    MHDS_RETURN_IF_ERROR(TableBuilder(loaded, *by_table[t], sink, options, report).Run());
    if (report.stopped) break;
  }
  return report;
}

}  // namespace mhds::mapping
