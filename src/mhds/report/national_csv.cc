// The four national feedback files. Data items follow the 2021+ national labelling
// "[UID]ShortName".
#include "mhds/report/national_csv.h"

#include <algorithm>
#include <cctype>

#include "mhds/base/status_macros.h"
#include "mhds/report/atomic_file.h"
#include "mhds/report/csv_writer.h"
#include "mhds/report/finding_text.h"
#include "mhds/report/report_files.h"

namespace mhds::report {
namespace {

constexpr size_t kDataItems = 10;  // DATA_ITEM1 .. DATA_ITEM10

constexpr std::string_view kValidationType = "Validation Failures";
constexpr std::string_view kDataQualityType = "Data Quality Issues";
constexpr std::string_view kDiagnosticType = "Diagnostic";
constexpr std::string_view kAggregationType = "Aggregation";

CsvWriter StartFile() {
  CsvWriter csv;
  csv.Text("REPORT_TYPE").Text("DESCRIPTION").Text("CODE").Text("NUMERATOR").Text("DENOMINATOR");
  for (size_t i = 1; i <= kDataItems; ++i) {
    csv.Text("DATA_ITEM" + std::to_string(i)).Text("DATA_VALUE" + std::to_string(i));
  }
  csv.EndRow();
  return csv;
}

// "[M101001]ServiceRequestID", as the national files label items since 2021.
std::string ItemLabel(const spec::Item& item) { return "[" + item.uid + "]" + item.short_name; }

// The identifying items of a finding: the row's keys, then the item at fault if it is not one of
// them; at most kDataItems pairs.
std::vector<std::pair<std::string, std::string_view>> DataItems(const spec::Spec& spec,
                                                                const validate::Finding& f) {
  std::vector<std::pair<std::string, std::string_view>> items;
  const spec::Item* faulty = ItemOf(spec, f);
  bool faulty_written = false;
  for (const auto& [item, value] : KeyPairs(spec, f)) {
    items.emplace_back(ItemLabel(*item), value);
    faulty_written = faulty_written || item == faulty;
  }
  if (faulty != nullptr && !faulty_written) items.emplace_back(ItemLabel(*faulty), f.value);
  if (items.size() > kDataItems) items.resize(kDataItems);
  return items;
}

// Fills DATA_ITEMn/DATA_VALUEn and ends the row.
void EndWithDataItems(CsvWriter& csv,
                      const std::vector<std::pair<std::string, std::string_view>>& items) {
  for (size_t i = 0; i < kDataItems; ++i) {
    if (i < items.size()) {
      csv.Text(items[i].first).Text(items[i].second);
    } else {
      csv.Blank().Blank();
    }
  }
  csv.EndRow();
}

std::string WarningPrefix(spec::Severity severity) {
  return severity == spec::Severity::kWarning1 ? "Warning - Severity 1 - " : "Warning - ";
}

std::string FindingRows(const spec::Spec& spec, const validate::ValidationResult& result,
                        bool rejecting) {
  CsvWriter csv = StartFile();
  for (const validate::Finding& f : result.findings) {
    if (f.rejects() != rejecting) continue;
    if (rejecting) {
      csv.Text(kValidationType).Text(f.message);
    } else {
      csv.Text(kDataQualityType).Text(WarningPrefix(f.severity) + f.message);
    }
    csv.Text(RuleCode(spec, f)).Number(1).Blank();
    EndWithDataItems(csv, DataItems(spec, f));
  }
  return csv.Take();
}

}  // namespace

std::string AggregationCode(std::string_view table_code) {
  const auto digit = std::find_if(table_code.begin(), table_code.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
  const size_t split = static_cast<size_t>(digit - table_code.begin());
  return std::string(table_code.substr(0, split)) + "ARV" + std::string(table_code.substr(split));
}

std::string ValidationsCsv(const spec::Spec& spec, const validate::ValidationResult& result) {
  return FindingRows(spec, result, true);
}

std::string DataQualityCsv(const spec::Spec& spec, const validate::ValidationResult& result) {
  return FindingRows(spec, result, false);
}

std::string DiagnosticsCsv(const spec::Spec& spec, const validate::ValidationResult& result) {
  CsvWriter csv = StartFile();
  for (const validate::TableCounts& t : result.tables) {
    const spec::Table* table = TableAt(spec, t.table);
    if (table == nullptr) continue;
    csv.Text(kDiagnosticType)
        .Text("Rows rejected in " + table->idb_name)
        .Text(table->code + "DAG")
        .Number(t.rejected)
        .Number(t.received);
    EndWithDataItems(csv, {});
  }
  return csv.Take();
}

std::string AggregationCsv(const spec::Spec& spec, const validate::ValidationResult& result) {
  CsvWriter csv = StartFile();
  for (const validate::TableCounts& t : result.tables) {
    const spec::Table* table = TableAt(spec, t.table);
    if (table == nullptr || !t.present) continue;
    csv.Text(kAggregationType)
        .Text("Total " + table->code + " Pre-deadline Processing Row Count")
        .Text(AggregationCode(table->code))
        .Number(t.accepted)
        .Blank();
    EndWithDataItems(csv, {});
  }
  return csv.Take();
}

Status WriteNationalCsv(const spec::Spec& spec, const validate::ValidationResult& result,
                        const std::filesystem::path& dir) {
  MHDS_RETURN_IF_ERROR(EnsureReportDir(dir));
  using Writer = std::string (*)(const spec::Spec&, const validate::ValidationResult&);
  const std::pair<std::string_view, Writer> files[] = {
      {kValidationsFile, ValidationsCsv},
      {kDataQualityFile, DataQualityCsv},
      {kDiagnosticsFile, DiagnosticsCsv},
      {kAggregationFile, AggregationCsv},
  };
  for (const auto& [name, writer] : files) {
    MHDS_RETURN_IF_ERROR(WriteFileAtomically(dir / name, writer(spec, result)));
  }
  return Status::Ok();
}

}  // namespace mhds::report
