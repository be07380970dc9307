// The names of the files a report folder holds (see docs/dq_report_format.md). Writers and the
// terminal summary take the names from here so that what is written and what is announced agree.
#pragma once

#include <array>
#include <string_view>

namespace mhds::report {

inline constexpr std::string_view kJsonReportFile = "report.json";
inline constexpr std::string_view kHtmlReportFile = "report.html";
inline constexpr std::string_view kFindingsFile = "findings.csv";
inline constexpr std::string_view kRootCausesFile = "root_causes.csv";
// The four files of the national feedback ("Summary Reports") zip, same names and columns.
inline constexpr std::string_view kValidationsFile = "validations.csv";
inline constexpr std::string_view kDataQualityFile = "data_quality.csv";
inline constexpr std::string_view kDiagnosticsFile = "diagnostics.csv";
inline constexpr std::string_view kAggregationFile = "aggregation.csv";

// Every file WriteReportDir writes, the most useful to a person first.
inline constexpr std::array<std::string_view, 8> kReportFiles = {
    kHtmlReportFile,  kJsonReportFile,  kFindingsFile,    kRootCausesFile,
    kValidationsFile, kDataQualityFile, kDiagnosticsFile, kAggregationFile,
};

}  // namespace mhds::report
