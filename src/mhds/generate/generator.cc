#include "mhds/generate/generator.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>

#include "mhds/base/calendar.h"
#include "mhds/base/status_macros.h"
#include "mhds/generate/defect_planner.h"
#include "mhds/generate/expected.h"
#include "mhds/generate/file_defect.h"
#include "mhds/generate/row_factory.h"
#include "mhds/generate/shape.h"
#include "mhds/generate/successor_chain.h"
#include "mhds/report/atomic_file.h"

namespace mhds::generate {
namespace {

// The upload the expected findings assume: a few days after the period, at noon.
constexpr int64_t kUploadDelayDays = 5;
constexpr int64_t kUploadSecondOfDay = 12 * 3600;
// Rules tried on a patient picked for a defect before it is left clean.
constexpr int kRulesTried = 12;
constexpr int kPatientAttempts = 20;

bool NeedsQuotes(std::string_view value) {
  for (char c : value) {
    // Every character that needs quoting is below '-' (0x2D): one compare passes the rest.
    if (c < '-' && (c == ',' || c == '"' || c == '\r' || c == '\n')) return true;
  }
  return false;
}

// Appends `value` quoted, its quotes doubled.
void AppendQuoted(std::string& line, std::string_view value) {
  line.push_back('"');
  for (char c : value) {
    if (c == '"') line.push_back('"');
    line.push_back(c);
  }
  line.push_back('"');
}

void AppendCell(std::string& line, std::string_view value) {
  if (NeedsQuotes(value)) {
    AppendQuoted(line, value);
  } else {
    line.append(value);
  }
}

// How a file defect changes the columns of its table: one left out, one given twice (at the
// end, with the same values), or one the spec does not know added at the end.
struct ColumnEdit {
  int skip = -1;
  int twice = -1;
  bool unknown = false;
};

void AppendRow(std::string& line, const Row& values, const ColumnEdit* edit = nullptr) {
  if (edit == nullptr) {
    // The common case: every cell once. Sized once, unquoted cells copied straight in.
    // A comma before each cell but the first, and the newline: one byte a cell, or one for none.
    size_t size = line.size() + std::max<size_t>(values.size(), 1);
    for (const std::string& v : values) size += v.size();
    const size_t start = line.size();
    line.resize(size);
    char* out = line.data() + start;
    for (size_t i = 0; i < values.size(); ++i) {
      const std::string& v = values[i];
      if (NeedsQuotes(v)) {
        // Rare: finish the row the slow way from here.
        line.resize(static_cast<size_t>(out - line.data()));
        for (size_t j = i; j < values.size(); ++j) {
          if (j != 0) line.push_back(',');
          AppendCell(line, values[j]);
        }
        line.push_back('\n');
        return;
      }
      if (i != 0) *out++ = ',';
      if (!v.empty()) std::memcpy(out, v.data(), v.size());
      out += v.size();
    }
    *out++ = '\n';
    line.resize(static_cast<size_t>(out - line.data()));
    return;
  }
  bool first = true;
  for (size_t i = 0; i < values.size(); ++i) {
    if (static_cast<int>(i) == edit->skip) continue;
    if (!first) line.push_back(',');
    first = false;
    AppendCell(line, values[i]);
  }
  if (edit->twice >= 0) {
    line.push_back(',');
    AppendCell(line, values[edit->twice]);
  }
  if (edit->unknown) line.append(",1");
  line.push_back('\n');
}

class Generator {
 public:
  Generator(const spec::Spec& spec, const Shape& shape, const GenerateOptions& options,
            const Submission& submission)
      : spec_(spec),
        shape_(shape),
        options_(options),
        rules_(spec, submission),
        rng_(options.seed),
        submission_rows_(spec.tables.size()),
        context_{&rules_, nullptr, &submission_rows_},
        factory_(shape_, context_, rng_),
        planner_(shape_, context_, factory_, rng_),
        writers_(spec.tables.size()),
        written_(spec.tables.size(), 0) {}

  Status Run(Expected& expected);

 private:
  Status CheckShape() const;
  Status Open();
  Status AddRows(int shape_index, int parent);
  Status AddChainedRows(int shape_index, int parent, int64_t n);
  // Where PlantOne put the patient's defect.
  enum class Planted { kNone, kInPatient, kInSpare };
  Planted PlantOne(std::vector<int>& pending, ExpectedDefect& defect);
  bool Plant(int rule, ExpectedDefect& defect, Planted& where);
  bool PlantSpare(int rule, ExpectedDefect& defect);
  Status PlantInHeader(int rule, const Row& header, Expected& expected);
  // The defect of file_defect_, as expected.json records it.
  ExpectedDefect DescribeFileDefect() const;
  Status WriteUnknownTable();
  // Writes `rows` of too_many_rule_'s table and then the first again until there is one row more
  // than the rule allows: every row is found (the first at the root), and every row rejected.
  Status WriteTooMany(const std::vector<Row>& rows, Expected& expected);
  void Describe(const PlantedDefect& planted, const Unit& unit, ExpectedDefect& defect);
  Status WriteRow(int table, const Row& values);

  const spec::Spec& spec_;
  const Shape& shape_;
  const GenerateOptions& options_;
  RecordRules rules_;
  Rng rng_;
  std::vector<std::vector<Row>> submission_rows_;
  Context context_;
  RowFactory factory_;
  DefectPlanner planner_;
  std::vector<std::optional<report::AtomicFileWriter>> writers_;
  std::vector<uint64_t> written_;  // rows written, by table
  Unit unit_;
  // Rows of a once-per-submission table (staff, teams) that nothing points at, made to carry one
  // defect of that table: breaking a row other rows name would cascade through every patient.
  Unit spare_;
  Unit chain_;       // rows of a table with a successor rule, made before they join unit_
  size_t used_ = 0;  // rows of unit_ that belong to the patient being made
  std::vector<const Row*> siblings_;
  std::string line_;
  Row row_;
  std::vector<int> plantable_;
  FileDefect file_defect_;  // a defect of the files, planted alone, if file_defect_.rule >= 0
  int too_many_rule_ = -1;  // a max_rows rule planted alone, or -1
  ColumnEdit column_edit_;  // how file_defect_ changes the columns of its table
};

Status Generator::CheckShape() const {
  for (size_t t = 0; t < spec_.tables.size(); ++t) {
    const spec::Table& table = spec_.tables[t];
    const int s = shape_.by_table[t];
    if (table.group_mandation == 'M' && s < 0) {
      return Status::SpecError("generate.csv gives no rows to " + table.idb_name +
                               ", which every submission must hold");
    }
    if (s < 0) continue;
    for (int r : table.group_rules) {
      const spec::Rule& rule = spec_.rules[r];
      if (rule.kind != spec::RuleKind::kHasChild || !rule.rejects()) continue;
      const int c = shape_.by_table[rule.other_table];
      if (c < 0 || shape_.tables[c].min_rows < 1 ||
          shape_.tables[c].per != TableShape::Per::kParent ||
          spec_.tables[rule.other_table].parent != static_cast<int>(t)) {
        return Status::SpecError("generate.csv must give every " + table.idb_name +
                                 " row at least one " + spec_.tables[rule.other_table].idb_name +
                                 " row (rule " + rule.code + ")");
      }
    }
  }
  return Status::Ok();
}

Status Generator::Open() {
  if (file_defect_.rule >= 0) {
    switch (file_defect_.kind) {
      case spec::RuleKind::kMissingColumn:
        column_edit_.skip = file_defect_.item;
        break;
      case spec::RuleKind::kDuplicateColumn:
        column_edit_.twice = file_defect_.item;
        break;
      case spec::RuleKind::kUnknownColumn:
        column_edit_.unknown = true;
        break;
      default:
        break;
    }
  }
  for (const TableShape& ts : shape_.tables) {
    const spec::Table& table = spec_.tables[ts.table];
    if (file_defect_.kind == spec::RuleKind::kMissingTable && file_defect_.table == ts.table) {
      continue;
    }
    MHDS_ASSIGN_OR_RETURN(
        auto writer, report::AtomicFileWriter::Create(options_.out / (table.idb_name + ".csv")));
    Row names;
    for (const spec::Item& item : table.items) names.push_back(item.short_name);
    ColumnEdit edit = file_defect_.table == ts.table ? column_edit_ : ColumnEdit{};
    if (edit.unknown) {
      names.emplace_back(kUnknownColumnName);
      edit.unknown = false;
    }
    line_.clear();
    AppendRow(line_, names, &edit);
    writer.Append(line_);
    writers_[ts.table].emplace(std::move(writer));
  }
  return Status::Ok();
}

Status Generator::WriteRow(int table, const Row& values) {
  if (!writers_[table]) return Status::Ok();  // the table a file defect leaves out
  line_.clear();
  AppendRow(line_, values, file_defect_.table == table ? &column_edit_ : nullptr);
  writers_[table]->Append(line_);
  ++written_[table];
  return Status::Ok();
}

Status Generator::AddRows(int shape_index, int parent) {
  const TableShape& ts = shape_.tables[shape_index];
  const int64_t n = rng_.Between(ts.min_rows, ts.max_rows);
  if (HasSuccessorRule(spec_, ts.table)) return AddChainedRows(shape_index, parent, n);
  for (int64_t k = 0; k < n; ++k) {
    // Rows of earlier units are reused in place, keeping their strings' buffers.
    if (used_ == unit_.rows.size()) unit_.rows.emplace_back();
    const int me = static_cast<int>(used_++);
    UnitRow& row = unit_.rows[me];
    row.table = ts.table;
    row.parent = parent;
    row.removed = false;
    siblings_.clear();
    for (int i = 0; i < me; ++i) {
      if (unit_.rows[i].table == ts.table) siblings_.push_back(&unit_.rows[i].values);
    }
    MHDS_RETURN_IF_ERROR(factory_.Make(ts.table, parent >= 0 ? &unit_.rows[parent].values : nullptr,
                                       siblings_, row.values));
    for (int child : shape_.children[shape_index]) MHDS_RETURN_IF_ERROR(AddRows(child, me));
  }
  return Status::Ok();
}

// The rows of a table with a successor rule are all made before any of their children, then
// chained (successor_chain.h), so that the children see their parents' final values.
Status Generator::AddChainedRows(int shape_index, int parent, int64_t n) {
  const TableShape& ts = shape_.tables[shape_index];
  const Row* parent_values = parent >= 0 ? &unit_.rows[parent].values : nullptr;
  const size_t first = used_;
  chain_.rows.clear();
  chain_.rows.reserve(static_cast<size_t>(n));  // siblings_ points at the rows made so far
  for (int64_t k = 0; k < n; ++k) {
    siblings_.clear();
    for (size_t i = 0; i < used_; ++i) {
      if (unit_.rows[i].table == ts.table) siblings_.push_back(&unit_.rows[i].values);
    }
    for (const UnitRow& made : chain_.rows) siblings_.push_back(&made.values);
    chain_.rows.push_back(UnitRow{ts.table, parent, {}, false});
    MHDS_RETURN_IF_ERROR(
        factory_.Make(ts.table, parent_values, siblings_, chain_.rows.back().values));
  }
  MHDS_RETURN_IF_ERROR(ChainSuccessors(context_, factory_, ts.table, parent_values, chain_));
  for (UnitRow& made : chain_.rows) {
    if (used_ == unit_.rows.size()) unit_.rows.emplace_back();
    unit_.rows[used_++] = std::move(made);
  }
  for (size_t me = first; me < first + chain_.rows.size(); ++me) {
    for (int child : shape_.children[shape_index]) {
      MHDS_RETURN_IF_ERROR(AddRows(child, static_cast<int>(me)));
    }
  }
  return Status::Ok();
}

void Generator::Describe(const PlantedDefect& planted, const Unit& unit, ExpectedDefect& d) {
  const spec::Rule& rule = spec_.rules[planted.rule];
  const spec::Table& table = spec_.tables[rule.table];
  d.code = rule.code;
  d.kind = std::string(spec::RuleKindName(rule.kind));
  d.level = std::string(spec::LevelName(rule.level));
  d.severity = std::string(spec::SeverityName(rule.severity));
  d.table = table.idb_name;
  if (planted.item >= 0) d.item = table.items[planted.item].short_name;
  d.value = planted.value;
  for (int row : planted.rows) {
    d.rows.push_back(static_cast<uint64_t>(row));  // a unit row until the unit is written
    std::vector<std::pair<std::string, std::string>> keys;
    for (int k : table.key_items) {
      keys.emplace_back(table.items[k].short_name, unit.rows[row].values[k]);
    }
    d.keys.push_back(std::move(keys));
  }
  for (const auto& [r, row] : planted.also) {
    // A unit row until the unit is written, like `rows`.
    d.also.push_back({spec_.rules[r].code, spec_.tables[unit.rows[row].table].idb_name,
                      static_cast<uint64_t>(row)});
  }
  if (rule.rejects()) {
    UnitOutcome outcome = CheckUnit(context_, unit);
    for (size_t i = 0; i < unit.rows.size(); ++i) {
      if (outcome.rejected[i]) ++d.cascade[spec_.tables[unit.rows[i].table].idb_name];
    }
  }
}

bool Generator::PlantSpare(int rule, ExpectedDefect& defect) {
  const int table = spec_.rules[rule].table;
  spare_.rows.assign(1, UnitRow{table, -1, {}, false});
  siblings_.clear();
  for (const Row& r : submission_rows_[table]) siblings_.push_back(&r);
  if (!factory_.Make(table, nullptr, siblings_, spare_.rows[0].values).ok()) return false;
  PlantedDefect planted;
  if (!planner_.Plant(rule, spare_, planted)) return false;
  Describe(planted, spare_, defect);
  // Written now, after the rows other tables point at; numbered as they are written.
  std::vector<uint64_t> number(spare_.rows.size(), 0);
  for (size_t i = 0; i < spare_.rows.size(); ++i) {
    if (spare_.rows[i].removed) continue;
    if (!WriteRow(spare_.rows[i].table, spare_.rows[i].values).ok()) return false;
    number[i] = written_[spare_.rows[i].table];
  }
  for (uint64_t& row : defect.rows) row = number[row];
  for (ExpectedDefect::Also& a : defect.also) a.row = number[a.row];
  return true;
}

// The header row is broken in a copy and written broken; the patients are made against the
// valid one (the validator checks nothing else of a file whose header it rejects).
Status Generator::PlantInHeader(int rule, const Row& header, Expected& expected) {
  spare_.rows.assign(1, UnitRow{spec_.header_table, -1, header, false});
  context_.header = &spare_.rows[0].values;
  PlantedDefect planted;
  if (!planner_.Plant(rule, spare_, planted)) {
    return Status::InvalidArgument("--defects: rule " + spec_.rules[rule].code +
                                   " could not be planted in the header alone");
  }
  ExpectedDefect defect;
  Describe(planted, spare_, defect);
  MHDS_RETURN_IF_ERROR(WriteRow(spec_.header_table, spare_.rows[0].values));
  for (uint64_t& row : defect.rows) row = written_[spec_.header_table];
  expected.defects.push_back(std::move(defect));
  return Status::Ok();
}

bool Generator::Plant(int rule, ExpectedDefect& defect, Planted& where) {
  const int s = shape_.by_table[spec_.rules[rule].table];
  if (s >= 0 && shape_.tables[s].per == TableShape::Per::kSubmission) {
    where = Planted::kInSpare;
    return PlantSpare(rule, defect);
  }
  PlantedDefect planted;
  if (!planner_.Plant(rule, unit_, planted)) return false;
  where = Planted::kInPatient;
  Describe(planted, unit_, defect);
  return true;
}

Generator::Planted Generator::PlantOne(std::vector<int>& pending, ExpectedDefect& defect) {
  Planted where = Planted::kNone;
  if (!pending.empty()) {
    for (size_t i = 0; i < pending.size(); ++i) {
      if (Plant(pending[i], defect, where)) {
        pending.erase(pending.begin() + static_cast<std::ptrdiff_t>(i));
        return where;
      }
    }
    return Planted::kNone;
  }
  if (plantable_.empty() || !rng_.Chance(options_.defect_rate)) return Planted::kNone;
  for (int tried = 0; tried < kRulesTried; ++tried) {
    if (Plant(plantable_[rng_.Below(plantable_.size())], defect, where)) return where;
  }
  return Planted::kNone;
}

Status Generator::Run(Expected& expected) {
  MHDS_RETURN_IF_ERROR(CheckShape());
  std::vector<int> pending;
  int header_rule = -1;  // a rule of the header planted alone, or -1
  if (options_.defect_codes.size() == 1 && options_.defect_rate == 0) {
    // One rule of the header, of the files or of file level: the submission carries it alone.
    for (size_t r = 0; r < spec_.rules.size(); ++r) {
      const spec::Rule& rule = spec_.rules[r];
      if (rule.code != options_.defect_codes[0]) continue;
      if (IsFileDefectKind(rule.kind)) {
        planner_.AllowAlone();
        MHDS_ASSIGN_OR_RETURN(file_defect_,
                              ChooseFileDefect(spec_, shape_, static_cast<int>(r), options_.seed));
      } else if (rule.table == spec_.header_table || rule.level == spec::Level::kFile) {
        planner_.AllowAlone();
        if (rule.kind == spec::RuleKind::kMaxRows) {
          too_many_rule_ = static_cast<int>(r);
        } else if (rule.table == spec_.header_table) {
          header_rule = static_cast<int>(r);
        }
      }
    }
  }
  for (const std::string& code : options_.defect_codes) {
    int found = -1;
    for (size_t r = 0; r < spec_.rules.size(); ++r) {
      if (spec_.rules[r].code == code) found = static_cast<int>(r);
    }
    if (found < 0) return Status::InvalidArgument("--defects: no rule " + code + " in the spec");
    if (std::string why = planner_.WhyNot(found); !why.empty()) {
      return Status::InvalidArgument("--defects: rule " + code + " cannot be planted: " + why);
    }
    if (found != header_rule && found != file_defect_.rule && found != too_many_rule_) {
      pending.push_back(found);
    }
  }
  if (options_.defect_rate > 0 && !pending.empty()) {
    // A rate with a list: patients draw their defect from the listed rules only.
    plantable_ = std::move(pending);
    pending.clear();
  } else {
    for (size_t r = 0; r < spec_.rules.size(); ++r) {
      if (planner_.WhyNot(static_cast<int>(r)).empty()) plantable_.push_back(static_cast<int>(r));
    }
  }
  MHDS_RETURN_IF_ERROR(Open());

  // Once-per-submission tables first, the header before them: other rows point at them.
  for (int pass = 0; pass < 2; ++pass) {
    for (const TableShape& ts : shape_.tables) {
      if (ts.per != TableShape::Per::kSubmission || (ts.table == spec_.header_table) != !pass) {
        continue;
      }
      std::vector<Row>& rows = submission_rows_[ts.table];
      const int64_t n = rng_.Between(ts.min_rows, ts.max_rows);
      for (int64_t k = 0; k < n; ++k) {
        siblings_.clear();
        for (const Row& r : rows) siblings_.push_back(&r);
        MHDS_RETURN_IF_ERROR(factory_.Make(ts.table, nullptr, siblings_, row_));
        rows.push_back(row_);
      }
      if (ts.table == spec_.header_table && header_rule >= 0 && !rows.empty()) {
        MHDS_RETURN_IF_ERROR(PlantInHeader(header_rule, rows.front(), expected));
      } else if (file_defect_.kind == spec::RuleKind::kEmptyTable &&
                 file_defect_.table == ts.table) {
        // The table's column line alone.
      } else if (too_many_rule_ >= 0 && spec_.rules[too_many_rule_].table == ts.table &&
                 !rows.empty()) {
        MHDS_RETURN_IF_ERROR(WriteTooMany(rows, expected));
      } else {
        for (const Row& r : rows) MHDS_RETURN_IF_ERROR(WriteRow(ts.table, r));
      }
      if (ts.table == spec_.header_table) context_.header = &rows.front();
    }
  }

  std::vector<uint64_t> row_number;
  const uint64_t patients = file_defect_.no_patients ? 0 : options_.patients;
  for (uint64_t p = 0; p < patients; ++p) {
    // A row that cannot be made under the values drawn for its parents is drawn again with
    // the whole patient.
    Status made;
    for (int attempt = 0; attempt < kPatientAttempts; ++attempt) {
      used_ = 0;
      made = Status::Ok();
      for (size_t s = 0; s < shape_.tables.size() && made.ok(); ++s) {
        if (shape_.tables[s].per == TableShape::Per::kPatient) {
          made = AddRows(static_cast<int>(s), -1);
        }
      }
      if (made.ok()) break;
    }
    MHDS_RETURN_IF_ERROR(made);
    unit_.rows.resize(used_);
    ExpectedDefect defect;
    const Planted planted = PlantOne(pending, defect);
    row_number.assign(unit_.rows.size(), 0);
    for (size_t i = 0; i < unit_.rows.size(); ++i) {
      const UnitRow& r = unit_.rows[i];
      if (r.removed) continue;
      MHDS_RETURN_IF_ERROR(WriteRow(r.table, r.values));
      row_number[i] = written_[r.table];
    }
    if (planted == Planted::kInPatient) {
      // Rows are numbered as they are written: the defect's rows get theirs now.
      for (uint64_t& row : defect.rows) row = row_number[row];
      for (ExpectedDefect::Also& a : defect.also) a.row = row_number[a.row];
    }
    if (planted != Planted::kNone) expected.defects.push_back(std::move(defect));
  }
  if (!pending.empty()) {
    std::string codes;
    for (int r : pending) codes += " " + spec_.rules[r].code;
    return Status::InvalidArgument("--defects: no patient could take" + codes +
                                   "; ask for more patients");
  }
  for (const TableShape& ts : shape_.tables) {
    if (!writers_[ts.table]) continue;
    MHDS_RETURN_IF_ERROR(writers_[ts.table]->Commit());
    expected.rows[spec_.tables[ts.table].idb_name] = written_[ts.table];
  }
  if (file_defect_.rule >= 0) {
    if (file_defect_.kind == spec::RuleKind::kUnknownTable) {
      MHDS_RETURN_IF_ERROR(WriteUnknownTable());
    }
    expected.defects.push_back(DescribeFileDefect());
  }
  return Status::Ok();
}

Status Generator::WriteTooMany(const std::vector<Row>& rows, Expected& expected) {
  const spec::Rule& rule = spec_.rules[too_many_rule_];
  const spec::Table& table = spec_.tables[rule.table];
  ExpectedDefect d;
  d.code = rule.code;
  d.kind = std::string(spec::RuleKindName(rule.kind));
  d.level = std::string(spec::LevelName(rule.level));
  d.severity = std::string(spec::SeverityName(rule.severity));
  d.table = table.idb_name;
  const uint64_t n = std::max<uint64_t>(rows.size(), static_cast<uint64_t>(rule.max_rows) + 1);
  for (uint64_t i = 0; i < n; ++i) {
    const Row& values = i < rows.size() ? rows[i] : rows.front();
    MHDS_RETURN_IF_ERROR(WriteRow(rule.table, values));
    d.rows.push_back(written_[rule.table]);
    std::vector<std::pair<std::string, std::string>> keys;
    for (int k : table.key_items) keys.emplace_back(table.items[k].short_name, values[k]);
    d.keys.push_back(std::move(keys));
  }
  if (rule.rejects()) d.cascade[table.idb_name] = n;
  expected.defects.push_back(std::move(d));
  return Status::Ok();
}

Status Generator::WriteUnknownTable() {
  MHDS_ASSIGN_OR_RETURN(auto writer, report::AtomicFileWriter::Create(
                                         options_.out / (std::string(kUnknownTableName) + ".csv")));
  writer.Append(std::string(kUnknownColumnName) + "\n1\n");
  return writer.Commit();
}

ExpectedDefect Generator::DescribeFileDefect() const {
  const spec::Rule& rule = spec_.rules[file_defect_.rule];
  ExpectedDefect d;
  d.code = rule.code;
  d.kind = std::string(spec::RuleKindName(rule.kind));
  d.level = std::string(spec::LevelName(rule.level));
  d.severity = std::string(spec::SeverityName(rule.severity));
  // The report names no row (0) and, for a file of no table, no table.
  d.rows = {0};
  d.keys.emplace_back();
  if (file_defect_.table >= 0) {
    const spec::Table& table = spec_.tables[file_defect_.table];
    d.table = table.idb_name;
    if (file_defect_.item >= 0) d.item = table.items[file_defect_.item].short_name;
  }
  if (rule.kind == spec::RuleKind::kUnknownColumn) d.item = kUnknownColumnName;
  if (rule.kind == spec::RuleKind::kUnknownTable) d.value = std::string(kUnknownTableName) + ".csv";
  return d;
}

Result<Submission> MakeSubmission(const spec::Spec& spec, const GenerateOptions& options) {
  auto period = ParseReportingMonth(options.period);
  if (!period) {
    return Status::InvalidArgument("--period '" + options.period + "' is not CCYY-MM");
  }
  Submission s;
  s.period_start = period->start_days;
  s.period_end = period->end_days;
  s.uploaded_at = (period->end_days + kUploadDelayDays) * kSecondsPerDay + kUploadSecondOfDay;
  s.period_start_text = FormatDate(s.period_start);
  s.period_end_text = FormatDate(s.period_end);
  s.uploaded_at_text = FormatDateTime(s.uploaded_at);
  s.org = options.org;
  s.version = spec.version;
  return s;
}

uint64_t PatientsForRows(const Shape& shape, uint64_t rows) {
  const RowEstimate e = EstimateRows(shape);
  const double left = static_cast<double>(rows) - e.per_submission;
  if (left <= 0 || e.per_patient <= 0) return 1;
  return std::max<uint64_t>(1, static_cast<uint64_t>(left / e.per_patient + 0.5));
}

std::filesystem::path ShapeFile(const spec::Spec& spec, const std::filesystem::path& given) {
  return given.empty() ? spec.folder / "generate.csv" : given;
}

}  // namespace

Result<GenerateSummary> Generate(const spec::Spec& spec, const GenerateOptions& options) {
  MHDS_ASSIGN_OR_RETURN(Submission submission, MakeSubmission(spec, options));
  if (options.defect_rate < 0 || options.defect_rate > 1) {
    return Status::InvalidArgument("--defect-rate must be between 0 and 1");
  }
  MHDS_ASSIGN_OR_RETURN(Shape shape, LoadShape(spec, ShapeFile(spec, options.shape)));
  GenerateOptions resolved = options;
  if (options.rows > 0) resolved.patients = PatientsForRows(shape, options.rows);
  std::error_code ec;
  if (std::filesystem::exists(options.out, ec) && !std::filesystem::is_empty(options.out, ec)) {
    return Status::InvalidArgument(options.out.string() +
                                   ": exists and is not empty; name a new folder");
  }
  MHDS_RETURN_IF_ERROR(report::EnsureReportDir(options.out));

  Expected expected;
  expected.data_set = spec.name;
  expected.version = spec.version;
  expected.spec_folder = spec.folder.string();
  expected.period = options.period;
  expected.org = options.org;
  expected.uploaded_at = submission.uploaded_at_text;
  expected.seed = options.seed;
  expected.patients = resolved.patients;
  expected.defect_rate = options.defect_rate;
  auto generator = std::make_unique<Generator>(spec, shape, resolved, submission);
  MHDS_RETURN_IF_ERROR(generator->Run(expected));

  GenerateSummary summary;
  summary.expected = options.out / kExpectedFile;
  MHDS_RETURN_IF_ERROR(report::WriteFileAtomically(summary.expected, ExpectedToJson(expected)));
  summary.defects = expected.defects.size();
  for (const TableShape& ts : shape.tables) {
    const std::string& name = spec.tables[ts.table].idb_name;
    summary.rows += expected.rows[name];
    summary.rows_by_table.emplace_back(name, expected.rows[name]);
  }
  return summary;
}

Result<std::vector<PlantableRule>> PlantableRules(const spec::Spec& spec,
                                                  const std::filesystem::path& shape_file) {
  MHDS_ASSIGN_OR_RETURN(Shape shape, LoadShape(spec, ShapeFile(spec, shape_file)));
  Submission submission;
  RecordRules rules(spec, submission);
  std::vector<std::vector<Row>> no_rows(spec.tables.size());
  Context context{&rules, nullptr, &no_rows};
  Rng rng(0);
  RowFactory factory(shape, context, rng);
  DefectPlanner planner(shape, context, factory, rng);
  std::vector<PlantableRule> out;
  for (size_t r = 0; r < spec.rules.size(); ++r) {
    const int rule = static_cast<int>(r);
    out.push_back({rule, planner.WhyNot(rule), planner.Orphans(rule)});
  }
  return out;
}

}  // namespace mhds::generate
