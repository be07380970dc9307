// The validation pipeline: read the header, then every table parents first with its record checks
// and structural checks, then the group checks and their cascade, then the file's verdict.
#include "mhds/validate/validator.h"

#include <chrono>

#include "mhds/base/calendar.h"
#include "mhds/base/status_macros.h"
#include "mhds/base/text.h"
#include "mhds/validate/internal/context.h"
#include "mhds/validate/internal/finding_log.h"
#include "mhds/validate/internal/group_checker.h"
#include "mhds/validate/internal/key_index.h"
#include "mhds/validate/internal/record_checker.h"
#include "mhds/validate/internal/root_causes.h"
#include "mhds/validate/internal/slot_plan.h"
#include "mhds/validate/internal/table_data.h"

namespace mhds::validate {

uint64_t ValidationResult::RowsRejected() const {
  uint64_t n = 0;
  for (const TableCounts& t : tables) n += t.rejected;
  return n;
}

namespace {

using internal::Context;
using internal::FindingFacts;
using internal::FindingLog;
using internal::KeyIndex;
using internal::TableData;

constexpr uint64_t kRowsBeforeSizing = 4096;
constexpr uint64_t kRowsBetweenSizing = uint64_t{1} << 16;

class Pipeline {
 public:
  Pipeline(const spec::Spec& spec, io::TableSource& source, const ValidateOptions& options)
      : spec_(spec),
        source_(source),
        options_(options),
        log_(spec),
        tables_(spec.tables.size()),
        parent_index_(spec.tables.size()),
        children_left_(spec.tables.size(), 0) {}

  Result<ValidationResult> Run();

 private:
  Status SetUpContext();
  void MatchSourceTables();
  Status ReadHeaderValues();
  Status ReadTable(int t);
  bool NeedsKeyIndex(int t) const;
  void MapColumns(int t, const std::vector<std::string>& columns);
  void CheckStructure();
  void EmitStructural(spec::RuleKind kind, int table, std::string_view detail);
  ValidationResult Finish();

  const spec::Spec& spec_;
  io::TableSource& source_;
  const ValidateOptions& options_;
  FindingLog log_;
  Context context_;
  std::vector<TableData> tables_;
  std::vector<std::string> source_name_;  // spec table -> name in the source, empty if absent
  std::vector<KeyIndex> parent_index_;    // over key_items, where NeedsKeyIndex()
  std::vector<int> children_left_;        // table -> present children not read yet
  std::vector<std::vector<int>> slots_;
  uint64_t bytes_done_ = 0;
};

Status Pipeline::SetUpContext() {
  context_.version = spec_.version;
  context_.org = options_.org;
  if (options_.uploaded_at) {
    context_.uploaded_at = *options_.uploaded_at;
  } else {
    context_.uploaded_at = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  }
  context_.uploaded_at_text = FormatDateTime(context_.uploaded_at);
  if (options_.period) {
    auto period = ParseReportingMonth(*options_.period);
    if (!period) {
      return Status::InvalidArgument("--period '" + *options_.period +
                                     "' is not a reporting month; expected CCYY-MM, e.g. 2026-10");
    }
    context_.period_start = period->start_days;
    context_.period_end = period->end_days;
  }
  return Status::Ok();
}

void Pipeline::MatchSourceTables() {
  source_name_.assign(spec_.tables.size(), "");
  for (const std::string& name : source_.table_names()) {
    int t = spec_.FindTable(name);
    if (t < 0) {
      EmitStructural(spec::RuleKind::kUnknownTable, -1, name);
      continue;
    }
    if (!source_name_[t].empty()) {
      EmitStructural(spec::RuleKind::kUnknownTable, -1,
                     name + " (a second copy of " + spec_.tables[t].idb_name + ")");
      continue;
    }
    source_name_[t] = name;
    tables_[t].present = true;
    tables_[t].display_name = source_.DisplayName(name);
  }
}

// The header's first row supplies the reporting period and creation time to every other check,
// so it is read before anything else (and read again, with its own checks, in table order).
Status Pipeline::ReadHeaderValues() {
  const int h = spec_.header_table;
  const spec::Table& header = spec_.tables[h];
  context_.header_values.assign(header.items.size(), "");
  if (!tables_[h].present) return Status::Ok();
  auto reader = source_.Open(source_name_[h]);
  if (!reader.ok()) return reader.status();
  std::vector<std::string_view> fields;
  if ((*reader)->Next(fields)) {
    const auto& columns = (*reader)->columns();
    for (size_t c = 0; c < columns.size(); ++c) {
      int item = header.FindItem(Trim(columns[c]));
      if (item >= 0 && context_.header_values[item].empty()) {
        context_.header_values[item] = std::string(fields[c]);
      }
    }
    context_.has_header = true;
  }
  if (!(*reader)->status().ok()) return (*reader)->status();
  if (!options_.period && context_.has_header) {
    context_.period_start = ParseDate(context_.header_values[spec_.period_start_item]);
    context_.period_end = ParseDate(context_.header_values[spec_.period_end_item]);
  }
  if (context_.period_start) context_.period_start_text = FormatDate(*context_.period_start);
  if (context_.period_end) context_.period_end_text = FormatDate(*context_.period_end);
  return Status::Ok();
}

void Pipeline::EmitStructural(spec::RuleKind kind, int table, std::string_view detail) {
  for (int r : spec_.structural_rules) {
    const spec::Rule& rule = spec_.rules[r];
    if (rule.kind != kind || (rule.table >= 0 && rule.table != table)) continue;
    FindingFacts facts;
    facts.table = table;
    facts.value = detail;
    facts.other = detail;
    log_.Emit(r, std::move(facts));
  }
}

void Pipeline::MapColumns(int t, const std::vector<std::string>& columns) {
  const spec::Table& table = spec_.tables[t];
  TableData& data = tables_[t];
  data.column_of_item.assign(table.items.size(), -1);
  for (size_t c = 0; c < columns.size(); ++c) {
    std::string_view name = Trim(columns[c]);
    int item = table.FindItem(name);
    if (item < 0) {
      EmitStructural(spec::RuleKind::kUnknownColumn, t, name);
    } else if (data.column_of_item[item] >= 0) {
      EmitStructural(spec::RuleKind::kDuplicateColumn, t, name);
    } else {
      data.column_of_item[item] = static_cast<int>(c);
    }
  }
  for (size_t i = 0; i < table.items.size(); ++i) {
    if (data.column_of_item[i] < 0 && table.items[i].mandation == 'M') {
      EmitStructural(spec::RuleKind::kMissingColumn, t, table.items[i].short_name);
    }
  }
}

// An Access Date/Time column renders every value as "CCYY-MM-DD hh:mm:ss"; the item's type says
// which part the data set means (Access has no date-only or time-only type).
struct DateTimeColumn {
  int column;
  spec::ValueType type;
};

std::string_view PartMeant(std::string_view value, spec::ValueType type) {
  if (value.size() != 19 || value[10] != ' ') return value;
  if (type == spec::ValueType::kDate) return value.substr(0, 10);
  if (type == spec::ValueType::kTime) return value.substr(11);
  return value;
}

// Once the first rows show how many bytes a row takes, the table's size says how many rows to
// expect: reserving for them once avoids copying every buffer each time it doubles. The estimate
// is made again as the table is read (values such as identifiers grow longer row by row, so
// the first rows can under-estimate the kept values); a buffer short of it grows to it with a
// margin, not by doubling.
void ReserveForWholeTable(const io::RowReader& reader, TableData& data) {
  uint64_t size = reader.size_hint();
  uint64_t read = reader.bytes_read();
  if (size == 0 || read == 0 || data.rows == 0) return;
  double scale = 1.05 * static_cast<double>(size) / static_cast<double>(read);
  auto rows = static_cast<size_t>(scale * static_cast<double>(data.rows)) + 16;
  auto bytes = static_cast<size_t>(scale * static_cast<double>(data.arena.size())) + 64;
  const bool first = data.rows <= kRowsBeforeSizing;
  if (rows > data.parent_row.capacity()) {
    if (!first) rows += rows / 8;
    data.reject_cause.reserve(rows);
    data.independent_rejections.reserve(rows);
    data.parent_row.reserve(rows);
    data.row_starts.reserve(rows);
  }
  if (bytes > data.arena.capacity()) data.arena.reserve(bytes);
}

Status Pipeline::ReadTable(int t) {
  const spec::Table& table = spec_.tables[t];
  TableData& data = tables_[t];
  data.slot_items = slots_[t];
  data.slot_of_item.assign(table.items.size(), -1);
  for (size_t s = 0; s < data.slot_items.size(); ++s)
    data.slot_of_item[data.slot_items[s]] = static_cast<int>(s);
  data.column_of_item.assign(table.items.size(), -1);
  if (!data.present) return Status::Ok();

  auto opened = source_.Open(source_name_[t]);
  if (!opened.ok()) return opened.status();
  io::RowReader& reader = **opened;
  MapColumns(t, reader.columns());

  const TableData* parent = table.parent >= 0 ? &tables_[table.parent] : nullptr;
  const KeyIndex* parent_index = table.parent >= 0 ? &parent_index_[table.parent] : nullptr;
  internal::RecordChecker checker(spec_, t, data, parent, context_, log_);
  std::vector<int> slot_columns;
  for (int item : data.slot_items) slot_columns.push_back(data.column_of_item[item]);
  std::vector<int> join_columns;
  for (int item : table.parent_items) join_columns.push_back(data.column_of_item[item]);
  std::vector<DateTimeColumn> date_time_columns;
  for (size_t item = 0; item < table.items.size(); ++item) {
    int column = data.column_of_item[item];
    spec::ValueType type = table.items[item].type;
    if (column >= 0 && reader.IsDateTimeColumn(static_cast<size_t>(column)) &&
        (type == spec::ValueType::kDate || type == spec::ValueType::kTime)) {
      date_time_columns.push_back({column, type});
    }
  }

  std::vector<std::string_view> fields;
  std::string key;
  uint64_t next_progress = 1 << 16;
  uint64_t next_sizing = kRowsBeforeSizing;
  while (reader.Next(fields)) {
    if (data.rows >= internal::kBlankJoin - 1) {
      return Status::DataError(data.display_name + ": more rows than mhds can index (4 billion)");
    }
    if (data.rows == next_sizing) {
      ReserveForWholeTable(reader, data);
      next_sizing = data.rows + kRowsBetweenSizing;
    }
    const uint64_t row = data.rows++;
    for (const DateTimeColumn& c : date_time_columns) {
      fields[c.column] = PartMeant(fields[c.column], c.type);
    }
    data.lines.Add(row, reader.line());
    data.reject_cause.push_back(kNoFinding);
    data.independent_rejections.push_back(0);
    data.KeepRow([&](size_t slot) {
      return slot_columns[slot] < 0 ? std::string_view() : fields[slot_columns[slot]];
    });
    // The parent's slot is prefetched, then the row's own checks run while it loads.
    // A one-item join (nearly all) is the field itself; only composite ones are built.
    std::string_view join_key;
    bool has_join = false;
    if (parent != nullptr && join_columns.size() == 1) {
      join_key = join_columns[0] < 0 ? std::string_view() : fields[join_columns[0]];
      has_join = !join_key.empty();
    } else if (parent != nullptr) {
      has_join = internal::BuildKey(
          join_columns.size(),
          [&](size_t i) {
            return join_columns[i] < 0 ? std::string_view() : fields[join_columns[i]];
          },
          key);
      join_key = key;
    }
    uint64_t join_hash = has_join ? KeyIndex::Hash(join_key) : 0;
    if (has_join) parent_index->Prefetch(join_hash);
    data.parent_row.push_back(parent != nullptr && !has_join ? internal::kBlankJoin
                                                             : internal::kNoRow);
    checker.SetParentLookup(has_join ? parent_index : nullptr, join_key, join_hash);
    checker.Check(fields, row);
    checker.ResolveParent(row);
    if (options_.progress && row >= next_progress) {
      next_progress = row + (1 << 16);
      options_.progress(bytes_done_ + reader.bytes_read(), source_.total_bytes());
    }
  }
  if (!reader.status().ok()) return reader.status();
  bytes_done_ += reader.bytes_read();
  if (NeedsKeyIndex(t)) parent_index_[t].Build(data, table.key_items);
  // An index's slots serve the lookups of child tables only (the group checks need its
  // repeats): free them as soon as the last present child has been read.
  children_left_[t] = 0;
  for (int child : table.children) children_left_[t] += tables_[child].present ? 1 : 0;
  if (children_left_[t] == 0) parent_index_[t].ReleaseSlots();
  if (table.parent >= 0 && --children_left_[table.parent] == 0) {
    parent_index_[table.parent].ReleaseSlots();
  }
  return Status::Ok();
}

// An index over the table's key is worth building when a child table is present to look rows
// up in it, or when a duplicate rule counts that same key.
bool Pipeline::NeedsKeyIndex(int t) const {
  const spec::Table& table = spec_.tables[t];
  for (int child : table.children) {
    if (tables_[child].present) return true;
  }
  for (int r : table.group_rules) {
    if (internal::CountsTableKey(spec_, spec_.rules[r])) return true;
  }
  return false;
}

void Pipeline::CheckStructure() {
  for (size_t t = 0; t < spec_.tables.size(); ++t) {
    const TableData& data = tables_[t];
    if (!data.present && spec_.tables[t].group_mandation == 'M') {
      EmitStructural(spec::RuleKind::kMissingTable, static_cast<int>(t), spec_.tables[t].idb_name);
    }
    if (data.present && data.rows == 0) {
      for (int r : spec_.structural_rules) {
        const spec::Rule& rule = spec_.rules[r];
        if (rule.kind == spec::RuleKind::kEmptyTable && rule.table == static_cast<int>(t)) {
          FindingFacts facts;
          facts.table = static_cast<int>(t);
          log_.Emit(r, std::move(facts));
        }
      }
    }
  }
}

ValidationResult Pipeline::Finish() {
  ValidationResult result;
  const int h = spec_.header_table;
  for (const Finding& f : log_.findings()) {
    bool rejects_file =
        f.rejects() && (f.level == spec::Level::kFile || (f.table == h && f.row > 0));
    if (rejects_file && !result.file_rejected) {
      result.file_rejected = true;
      result.file_rejection = f.id;
    }
  }
  for (size_t t = 0; t < spec_.tables.size(); ++t) {
    const TableData& data = tables_[t];
    TableCounts counts;
    counts.table = static_cast<int>(t);
    counts.present = data.present;
    counts.received = data.rows;
    for (uint64_t row = 0; row < data.rows; ++row) counts.rejected += data.rejected(row);
    counts.accepted = result.file_rejected ? 0 : counts.received - counts.rejected;
    result.tables.push_back(counts);
  }
  result.root_causes = internal::RankRootCauses(log_.findings(), tables_);
  result.period_start = context_.period_start;
  result.period_end = context_.period_end;
  result.uploaded_at = context_.uploaded_at;
  result.bytes_read = bytes_done_;
  result.source = source_.Describe();
  // The tables are done with: free them before the findings are copied into the result.
  tables_ = {};
  parent_index_ = {};
  result.findings = log_.TakeAll();
  return result;
}

Result<ValidationResult> Pipeline::Run() {
  MHDS_RETURN_IF_ERROR(SetUpContext());
  slots_ = internal::PlanSlots(spec_);
  MatchSourceTables();
  MHDS_RETURN_IF_ERROR(ReadHeaderValues());
  for (int t : spec_.table_order) {
    Status s = ReadTable(t);
    if (!s.ok()) return s;
  }
  CheckStructure();
  internal::GroupChecker(spec_, tables_, parent_index_, log_).Run();
  if (options_.progress) options_.progress(bytes_done_, source_.total_bytes());
  return Finish();
}

}  // namespace

Result<ValidationResult> Validate(const spec::Spec& spec, io::TableSource& source,
                                  const ValidateOptions& options) {
  return Pipeline(spec, source, options).Run();
}

}  // namespace mhds::validate
