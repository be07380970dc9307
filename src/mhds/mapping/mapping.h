// The front door of mapping/: a mapping file (TOML, described in docs/mapping_format.md) says how
// a provider's local exports become the tables of a data set's IDB: which local source feeds each
// table (a CSV file, a SQLite table or query, an Access table, a PostgreSQL query), which local
// column feeds each item, and how each value changes on the way (mapping/transform.h).
//
// `mhds build` reads a Mapping and runs it (mapping/builder.h); `mhds conformance` compares it
// with the data set's items and rules (mapping/conformance.h).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/base/calendar.h"
#include "mhds/base/result.h"
#include "mhds/mapping/transform.h"
#include "mhds/spec/spec.h"

namespace mhds::mapping {

// Where an entry is written in the mapping file, for messages. 1-based.
struct Position {
  uint32_t line = 0;
  uint32_t column = 0;
};

enum class SourceKind { kCsv, kSqlite, kAccess, kPostgres };

struct Source {
  std::string name;  // NAME of [sources.NAME]
  SourceKind kind = SourceKind::kCsv;
  // A file path (relative paths already resolved against the mapping file's folder), or for
  // PostgreSQL a libpq connection string, which may hold a password and so is never printed.
  std::string location;
  std::string table;  // SQLite or Access table; empty when `query` is given
  std::string query;  // SQLite or PostgreSQL SELECT
  Position position;
};

// Values of ItemMapping::value replaced when the build runs.
inline constexpr std::string_view kPeriodStartToken = "{period_start}";
inline constexpr std::string_view kPeriodEndToken = "{period_end}";
inline constexpr std::string_view kNowToken = "{now}";

struct ItemMapping {
  std::string item;     // short name as written
  int item_index = -1;  // in the spec table; set by ResolveMapping
  // One column: copied. Several: concatenated, blank parts left out, `separator` between.
  std::vector<std::string> columns;
  std::string separator;
  std::optional<std::string> value;  // a constant, or one of the tokens above
  ValueTransform transform;
  Position position;
};

struct TableMapping {
  std::string name;      // as written: IDB name (MHS101Referral) or code (MHS101)
  int table_index = -1;  // set by ResolveMapping
  std::string source;    // a Source name; empty: the table is one row of constants
  // Keep only the first row for each key (the spec table's key items); for a table such as
  // referrals fed from a contacts export that repeats them on every contact.
  bool distinct = false;
  std::vector<std::string> skip_if_blank;  // source rows with any of these columns blank
  std::string within_period;  // a date item: rows whose date is outside the period are skipped
  int within_period_item = -1;
  std::vector<ItemMapping> items;
  Position position;
};

// What a build does with values that fail to transform. Each is written blank, counted per item,
// and the first few rows are named (never the values).
struct FailurePolicy {
  uint64_t stop_after = 0;  // stop the build (writing nothing) at this many failed values; 0: never
  uint64_t examples = 5;    // rows named per item
};

struct Mapping {
  std::filesystem::path file;
  std::string spec;    // as written: a folder relative to the mapping file, or "mhsds/6.0"
  std::string period;  // CCYY-MM
  Period period_days;
  std::string output;  // resolved against the mapping file's folder; empty if not given
  std::vector<Source> sources;
  std::vector<TableMapping> tables;
  FailurePolicy failures;

  const Source* FindSource(std::string_view name) const;
};

// Reads the mapping file at `path`: its TOML syntax and the shape of every entry. Every problem
// is reported, not only the first, one per line as "FILE:LINE:COLUMN: problem; expected ...", in
// a kDataError. kNotFound if the file does not exist.
Result<Mapping> ReadMapping(const std::filesystem::path& path);

// Resolves table and item names against `spec` and checks that every transform fits its item (a
// date pattern only on a date or time item, a table without a source holds constants only...).
// Same error shape as ReadMapping. On success every table_index and item_index is set.
Status ResolveMapping(Mapping& mapping, const spec::Spec& spec);

struct LoadedMapping {
  Mapping mapping;
  spec::Spec spec;
  std::filesystem::path spec_dir;
};

// ReadMapping, then LoadSpec of the folder the mapping names (relative to the mapping file's
// folder if it exists there, else under `specs_root`), then ResolveMapping.
Result<LoadedMapping> LoadMapping(const std::filesystem::path& path,
                                  const std::filesystem::path& specs_root);

}  // namespace mhds::mapping
