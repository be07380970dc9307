// MatchParameters: the m and u probability of every comparison level of every field, which give
// the probabilistic step its match weights log2(m/u). They are data, not code: a parameters file
// (CSV, docs/tracing.md "The parameters file") read with --params, written by `mhds trace fit`;
// the defaults ship as specs/trace/parameters.csv and are compiled in from that file.
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <string_view>

#include "mhds/base/result.h"
#include "mhds/trace/comparison_levels.h"

namespace mhds::trace {

struct Probabilities {
  double m = 1;  // P(level | same person)
  double u = 1;  // P(level | different people)
};

struct MatchParameters {
  // By field, then level (Level order). Levels a field never takes stay {1, 1}: weight 0.
  std::array<std::array<Probabilities, kLevelCount>, kFieldCount> table{};
  // Each level's one-line description, kept so that a fitted file reads like the default one.
  std::array<std::array<std::string, kLevelCount>, kFieldCount> descriptions{};

  const Probabilities& at(int field, Level level) const {
    return table[field][static_cast<size_t>(level)];
  }
  Probabilities& at(int field, Level level) { return table[field][static_cast<size_t>(level)]; }
};

// Parses a parameters file: a header `field,level,m,u,description` (columns in any order,
// description optional), then one row per level that the field can take, each exactly once, with
// 0 < m <= 1 and 0 < u <= 1. Fails with kDataError naming `name`:line: column for every fault
// found (up to 20), or a missing level.
Result<MatchParameters> ParseMatchParameters(std::string_view text, const std::string& name);

// Reads and parses the file at `path`; kNotFound if it does not exist.
Result<MatchParameters> ReadMatchParameters(const std::filesystem::path& path);

// The defaults: specs/trace/parameters.csv as it was when mhds was built. Parsed once.
const MatchParameters& DefaultMatchParameters();

// The parameters as a parameters file (LF line ends, m and u with 6 significant digits), in
// field and level order, each row with its description.
std::string MatchParametersCsv(const MatchParameters& parameters);

}  // namespace mhds::trace
