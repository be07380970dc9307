// findings.csv and root_causes.csv: one CsvWriter row per finding or root cause.
#include "mhds/report/findings_csv.h"

#include "mhds/report/csv_writer.h"
#include "mhds/report/finding_text.h"

namespace mhds::report {
namespace {

void Header(CsvWriter& csv, std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) csv.Text(name);
  csv.EndRow();
}

}  // namespace

std::string FindingsCsv(const spec::Spec& spec, const validate::ValidationResult& result) {
  CsvWriter csv;
  Header(csv, {"id", "code", "level", "severity", "table", "row", "line", "keys", "item", "value",
               "message", "cause", "root"});
  for (const validate::Finding& f : result.findings) {
    const spec::Item* item = ItemOf(spec, f);
    csv.Number(f.id)
        .Text(RuleCode(spec, f))
        .Text(spec::LevelName(f.level))
        .Text(spec::SeverityName(f.severity))
        .Text(TableName(spec, f.table))
        .NumberOrBlank(f.row)
        .NumberOrBlank(f.line)
        .Text(KeysText(spec, f))
        .Text(item == nullptr ? std::string_view() : std::string_view(item->short_name))
        .Text(f.value)
        .Text(f.message)
        .NumberOrBlank(f.cause)
        .Number(RootOf(result, f));
    csv.EndRow();
  }
  return csv.Take();
}

std::string RootCausesCsv(const spec::Spec& spec, const validate::ValidationResult& result) {
  CsvWriter csv;
  Header(csv, {"rank", "finding", "code", "table", "row", "keys", "message", "rows_rejected",
               "rows_restored", "cascade"});
  uint64_t rank = 0;
  for (const validate::RootCause& root : result.root_causes) {
    csv.Number(++rank).Number(root.finding);
    if (const validate::Finding* f = FindingAt(result, root.finding)) {
      csv.Text(RuleCode(spec, *f))
          .Text(TableName(spec, f->table))
          .NumberOrBlank(f->row)
          .Text(KeysText(spec, *f))
          .Text(f->message);
    } else {
      csv.Blank().Blank().Blank().Blank().Blank();
    }
    csv.Number(root.rows_rejected).Number(root.rows_restored).Text(CascadeText(spec, root));
    csv.EndRow();
  }
  return csv.Take();
}

}  // namespace mhds::report
