// How one candidate person compares with a trace query, field by field: a comparison level per
// field (exact, earlier name, nickname, sounds alike, ...), each level with its m and u
// probabilities and so a Fellegi-Sunter match weight log2(m/u). The ladder's deterministic steps
// test levels; the probabilistic step adds the weights. Levels name what agreed, never a value,
// so they may be shown to anyone who sent the request.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "mhds/trace/comparison_levels.h"
#include "mhds/trace/demographic_index.h"
#include "mhds/trace/match_parameters.h"
#include "mhds/trace/trace_query.h"

namespace mhds::trace {

struct Comparison {
  std::array<Level, kFieldCount> levels{};
  std::array<double, kFieldCount> weights{};  // log2(m/u) per field, 0 for kNull
  std::array<double, kFieldCount> m{};        // the m and u behind each weight (0 for kNull)
  std::array<double, kFieldCount> u{};
  std::array<bool, kFieldCount> term_frequency{};  // u is the value's share of the index
  double prior = 0;                                // log2 of the chance of a random match
  double total = 0;                                // prior + sum of weights
};

// Parameters of the probabilistic model (docs/tracing.md, "Weights").
struct WeightOptions {
  // m and u per field and level: the defaults shipped in specs/trace/parameters.csv, or a file
  // given with --params (written by `mhds trace fit`).
  MatchParameters parameters = DefaultMatchParameters();
  // Term frequencies replace the default u of exact name and postcode levels only when the index
  // holds at least this many people; fewer give frequencies too noisy to trust.
  size_t min_population_for_frequencies = 10000;
  // The prior is log2(1 / max(index size, this)): the chance that a random person is the one
  // sought.
  double min_prior_population = 1e6;
};

// How many people of the index hold the query's family name, given name and postcode: the term
// frequencies of the exact levels. Count once per query and pass them to every Compare.
struct TermCounts {
  uint32_t family = 0;
  uint32_t given = 0;
  uint32_t postcode = 0;
};
TermCounts CountTerms(const TraceQuery& query, const DemographicIndex& index);

// Compares `person` with `query` at the levels above and weighs each field.
Comparison Compare(const TraceQuery& query, const DemographicIndex& index, PersonId person,
                   const WeightOptions& options, const TermCounts& counts);
Comparison Compare(const TraceQuery& query, const DemographicIndex& index, PersonId person,
                   const WeightOptions& options);

// The percentage shown in a score column for a level (100 exact ... 0 disagree); -1 for kNull.
int LevelScorePercent(Level level);

}  // namespace mhds::trace
