// Expected: what a generated submission must make the validator find, written beside it as
// expected.json (format in docs/generate_and_score.md) and read back by `mhds score`.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "mhds/base/result.h"

namespace mhds::generate {

struct ExpectedDefect {
  std::string code;            // rule code
  std::string kind;            // rule kind, e.g. "compare"
  std::string level;           // "record" or "group"
  std::string severity;        // as the JSON report writes it: "rejected", "warning", "warning1"
  std::string table;           // IDB name
  std::vector<uint64_t> rows;  // 1-based data rows, as the report counts them
  std::vector<std::vector<std::pair<std::string, std::string>>> keys;  // per row, key items
  std::string item;                                                    // the item broken, or ""
  std::string value;                                                   // the value planted
  // Findings without a cause that the defect makes the validator report besides its own: a
  // broken key or join item orphans rows, each found by its `parent` (or its parent's
  // `has_child`) rule. Each: rule code, IDB table, 1-based row.
  struct Also {
    std::string code;
    std::string table;
    uint64_t row = 0;
  };
  std::vector<Also> also;
  // Rows the validator must reject because of this defect, by IDB table name, the defect's own
  // rows and those of `also` included (summed over their root findings); empty for a warning.
  std::map<std::string, uint64_t> cascade;
};

struct Expected {
  std::string data_set;  // "MHSDS"
  std::string version;   // "6.0"
  std::string spec_folder;
  std::string period;  // CCYY-MM
  std::string org;
  std::string uploaded_at;  // CCYY-MM-DDThh:mm:ss: validate with this --uploaded-at
  uint64_t seed = 0;
  uint64_t patients = 0;
  double defect_rate = 0;
  std::map<std::string, uint64_t> rows;  // rows written, by IDB table name
  std::vector<ExpectedDefect> defects;
  // Findings allowed although no defect causes them (code, table, row); none today.
  std::vector<std::tuple<std::string, std::string, uint64_t>> expected_warnings;
};

std::string ExpectedToJson(const Expected& expected);

// Parses expected.json. kDataError naming `name` and what is wrong.
Result<Expected> ParseExpected(std::string_view json, const std::string& name);

}  // namespace mhds::generate
