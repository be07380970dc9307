// Post-deadline extracts of an accepted submission: the provider's own extract (its accepted rows
// plus derived items) and one extract per commissioner found on its referrals (their rows, without
// patient-identifying items, and without the records of people in the national data opt-out list
// when the layout says so). Each is written as CSV (one file per table), XML with its XSD, and a
// manifest. The layout is data: extract_layout.h; docs/extracts.md describes the output.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/extract/extract_layout.h"
#include "mhds/extract/opt_outs.h"
#include "mhds/io/table_source.h"
#include "mhds/spec/spec.h"
#include "mhds/validate/validator.h"

namespace mhds::extract {

struct ExtractOptions {
  // The HMAC-SHA256 key for Person_ID. Empty: Person_ID is left blank (and the manifest says so).
  std::string person_key;
  // The national data opt-out list; null when none was loaded, in which case the extracts whose
  // layout applies opt-outs are not built at all.
  const OptOutList* opt_outs = nullptr;
  // Recorded in each manifest: when and by whom the extract was made.
  int64_t created_at = 0;  // seconds since the epoch
  std::string created_by;
};

// Rows of one table in one extract.
struct TableCount {
  std::string table;       // IDB name
  uint64_t in_scope = 0;   // accepted rows that belong to the extract
  uint64_t opted_out = 0;  // of those, rows of people in the opt-out list (removed)
  uint64_t written = 0;
};

struct ExtractFile {
  std::string name;  // within the extract's folder
  std::string contents;
  std::string sha256;
};

struct BuiltExtract {
  std::string kind;          // "provider", "commissioner"
  std::string organisation;  // the provider's or the commissioner's code
  std::string folder;        // "provider-RX1", "commissioner-99X00"
  bool opt_outs_applied = false;
  uint64_t people_opted_out = 0;  // distinct people of the list found in the extract's rows
  std::vector<TableCount> tables;
  std::vector<ExtractFile> files;  // CSVs, extract.xml, extract.xsd, then manifest.json
};

struct ExtractRun {
  std::string provider;
  std::string period;  // CCYY-MM
  std::vector<BuiltExtract> extracts;
  std::vector<std::string> skipped;  // why an extract kind was not built, one line each
};

// Builds every extract of `layout` from the accepted rows of a validated submission, in memory.
// kInvalidArgument if the submission was rejected as a whole or has no reporting period; read
// errors of the submission as they come.
Result<ExtractRun> BuildExtracts(const spec::Spec& spec, io::TableSource& source,
                                 const validate::ValidationResult& validation,
                                 const ExtractLayout& layout, const ExtractOptions& options);

// Writes each extract to `out_dir`/<folder>/ (folders 0700, files 0600, each file atomically;
// manifest.json last, so a folder with a manifest is complete). kIoError naming the path.
Status WriteExtracts(const ExtractRun& run, const std::filesystem::path& out_dir);

}  // namespace mhds::extract
