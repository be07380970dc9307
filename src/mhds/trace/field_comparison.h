// How one candidate person compares with a trace query, field by field: a comparison level per
// field (exact, earlier name, nickname, sounds alike, ...), each level with its m and u
// probabilities and so a Fellegi-Sunter match weight log2(m/u). The ladder's deterministic steps
// test levels; the probabilistic step adds the weights. Levels name what agreed, never a value,
// so they may be shown to anyone who sent the request.
#pragma once

#include <array>
#include <string_view>

#include "mhds/trace/demographic_index.h"
#include "mhds/trace/trace_query.h"

namespace mhds::trace {

enum class Level {
  kNull,      // the request left the field blank: no evidence either way
  kExact,     // agrees with the current value
  kEarlier,   // agrees with an earlier name or address
  kVariant,   // a known variant of the given name (Bill for William)
  kPhonetic,  // same Soundex
  kTypo,      // one or two characters apart (dates: one digit)
  kInitial,   // the given name is an initial of the other
  kSwapped,   // date of birth with day and month exchanged
  kOutcode,   // same postcode district (outward code)
  kDisagree,  // none of the above
};

std::string_view LevelName(Level level);

// The five fields compared, in the order of the response's score columns.
enum Field { kFamily, kGiven, kBirthDate, kSex, kPostcodeField, kFieldCount };
std::string_view FieldName(int field);

struct Comparison {
  std::array<Level, kFieldCount> levels{};
  std::array<double, kFieldCount> weights{};  // log2(m/u) per field, 0 for kNull
  double total = 0;                           // prior + sum of weights
};

// Parameters of the probabilistic model (docs/tracing.md, "Thresholds and weights").
struct WeightOptions {
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
