// The front door of generate/: makes a synthetic submission for any spec folder, shaped by the
// folder's generate.csv, with every row valid except the defects it plants on purpose, and writes
// expected.json beside it saying what the validator must find. Rows are written as each patient
// is made, so memory stays flat however many patients are asked for.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/spec/spec.h"

namespace mhds::generate {

struct GenerateOptions {
  std::string period;  // reporting month, CCYY-MM
  uint64_t patients = 100;
  // If not 0: about this many rows in all, instead of `patients` (the number of patients is
  // worked out from the shape's average rows per patient; at least one patient is made).
  uint64_t rows = 0;
  uint64_t seed = 1;
  // Chance that a patient carries one defect, drawn from every rule that can be planted.
  double defect_rate = 0;
  // Instead: plant each of these rule codes once, in consecutive patients. With a rate too, the
  // rate's defects are drawn from these rules only.
  std::vector<std::string> defect_codes;
  std::string org = "RX1";    // ODS code of the provider, written to the header
  std::filesystem::path out;  // folder to create; must not exist or be empty
  // The shape file; default <spec folder>/generate.csv.
  std::filesystem::path shape;
};

struct GenerateSummary {
  uint64_t rows = 0;
  uint64_t defects = 0;
  std::vector<std::pair<std::string, uint64_t>> rows_by_table;  // IDB name, rows
  std::filesystem::path expected;                               // where expected.json was written
};

// The name of the file written beside the tables.
inline constexpr std::string_view kExpectedFile = "expected.json";

// Generates the submission. kInvalidArgument for bad options (period, an unknown or unplantable
// rule code, an output folder in use), kSpecError when the shape or spec cannot be satisfied,
// kIoError when a file cannot be written (nothing is left half written).
Result<GenerateSummary> Generate(const spec::Spec& spec, const GenerateOptions& options);

struct PlantableRule {
  int rule = -1;        // index in spec.rules
  std::string why_not;  // "" if the rule can be planted under the shape
  // True if planting it breaks a key or join item: the rows that named the old value are found
  // too (ExpectedDefect::also).
  bool orphans = false;
};

// Every rule of the spec, in spec order, and whether it can be planted under the folder's shape.
Result<std::vector<PlantableRule>> PlantableRules(const spec::Spec& spec,
                                                  const std::filesystem::path& shape_file);

}  // namespace mhds::generate
