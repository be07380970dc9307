// The Talking Therapies measures' settings, read from the version folder's derivations.csv:
// which appointments are attended treatment, the PHQ-9 and GAD-7 tools with their caseness and
// reliable-change thresholds, and the waiting-time limits. They are facts of the data set and its
// published definitions, so they live beside the specification, not in C++ (docs/metrics.md).
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "mhds/base/result.h"

namespace mhds::derive {

struct OutcomeTool {
  std::string code;         // CodedAssToolType (SNOMED CT concept id)
  int caseness = 0;         // a score at or above this is at caseness
  int reliable_change = 0;  // a change of at least this is reliable
};

struct TtSettings {
  std::vector<std::string> attended_codes;               // AttendOrDNACode
  std::vector<std::string> treatment_appointment_types;  // AppType
  OutcomeTool phq9;
  OutcomeTool gad7;
  uint32_t finished_course_treatments = 0;
  int64_t wait_6_weeks_days = 0;
  int64_t wait_18_weeks_days = 0;
  // Upper bounds (inclusive, days) of the first three waiting bands; the fourth is everything over.
  std::array<int64_t, 3> wait_band_upper_days{};
};

// Reads `folder`/derivations.csv (derivation_lists.h; its measure_set is talking_therapies).
// Fails with kNotFound when the file is missing or is for another measure set (the folder is not
// a Talking Therapies version), kSpecError naming file:line:column for an unknown list, a missing
// one, a repeated number or a number that does not read as one.
Result<TtSettings> LoadTtSettings(const std::filesystem::path& folder);

}  // namespace mhds::derive
