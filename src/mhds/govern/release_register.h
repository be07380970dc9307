// The release register: a pure function of the governance tables, in the three-sheet layout the
// national register publishes (Agreements, one row per agreement version; Datasets, one row per
// data set on an agreement version; DataReleases, one row per file released), keyed by the
// Reference Number DARS-NIC-...-v<major>.<minor>, with the published column headers, so that
// the parsers civil-society groups already run read it unchanged. Writers: CSV (one file per
// sheet), xlsx (one workbook), and JSON described by specs/governance/register.schema.json.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/govern/workflow.h"
#include "mhds/store/database.h"

namespace mhds::govern {

struct RegisterSheet {
  std::string name;                            // Agreements, Datasets, DataReleases
  std::vector<std::string> columns;            // the published headers, in order
  std::vector<std::vector<std::string>> rows;  // one cell per column
};

// Two files of one data set released to one recipient in one month, one with opt-outs applied
// and one without: comparing them would reveal who opted out.
struct DifferencingFlag {
  std::string recipient;
  std::string dataset;
  std::string month;  // YYYY-MM
  std::vector<std::string> with_opt_outs;
  std::vector<std::string> without_opt_outs;
};

struct ReleaseRegister {
  std::string edition;  // YYYY-MM: everything agreed or released up to the end of that month
  // Agreements, Datasets, DataReleases (the published layout), then ReleaseFiles (mhds's own:
  // the files and SHA-256 of releases recorded from an extract's manifest).
  std::vector<RegisterSheet> sheets;
  std::vector<DifferencingFlag> flags;
};

// Builds the edition for `month` (YYYY-MM). kInvalidArgument for a malformed month; kDataError
// naming the sheet, the row's key and the column when a value is outside the published
// vocabulary (specs/governance/vocabulary.csv, legal_bases.csv): the export fails rather than
// publish a value a parser cannot classify.
Result<ReleaseRegister> BuildRegister(store::Database& db, const Workflow& workflow,
                                      const std::string& month);

// One sheet as CSV (RFC 4180, CRLF, formula-protected text cells).
std::string RegisterSheetCsv(const RegisterSheet& sheet);

// The machine-readable twin: {"edition", "Agreements": [...], "Datasets": [...],
// "DataReleases": [...], "flags": [...]}, rows as objects keyed by the published headers.
nlohmann::json RegisterJson(const ReleaseRegister& reg);

// The workbook at `path` (replaced atomically). kIoError when it cannot be written.
Status WriteRegisterXlsx(const ReleaseRegister& reg, const std::string& path);

// "Oct-26" for "2026-10", as the register's Month File Released column.
std::string RegisterMonthText(const std::string& yyyy_mm);

}  // namespace mhds::govern
