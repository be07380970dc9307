// The trace ladder: answers one well-formed request row against the index, trying in turn
//   1. cross-check: the NHS Number (current or superseded) with the date of birth;
//   2. exact: family name, given name, date of birth, gender and postcode all current and equal;
//   3. relaxed, four rungs: earlier names and postcodes; name variants, sound-alikes and
//      initials; postcode district (wildcard); day and month of birth exchanged;
//   4. probabilistic: Fellegi-Sunter match weights over blocked candidates.
// The first step that finds anyone decides: one person is a match, several are "multiple
// matches" (97) and never a guess. docs/tracing.md describes every rule and threshold.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/trace/demographic_index.h"
#include "mhds/trace/field_comparison.h"
#include "mhds/trace/mesh_codes.h"
#include "mhds/trace/trace_query.h"

namespace mhds::trace {

enum class Step {
  kNone,  // not traced (field error, not enough data)
  kCrossCheck,
  kExact,
  kRelaxedHistory,   // earlier names and postcodes
  kRelaxedVariants,  // name variants, sound-alikes, initials
  kRelaxedDistrict,  // postcode district instead of the full postcode
  kRelaxedDaySwap,   // day and month of birth exchanged
  kProbabilistic,
};

std::string_view StepName(Step step);

struct TraceOptions {
  WeightOptions weights;
  // The probabilistic step returns a number only when the best candidate's match weight is at
  // least this (log2 odds; 5 is about 97% match probability)...
  double match_threshold = 5.0;
  // ...and the runner-up is at least this much lower. Otherwise the row is "multiple" (97).
  double close_match_margin = 5.0;
  // A relaxed rung answers with the one person it found only if that person's match weight
  // reaches this as well; otherwise the row goes on down the ladder (and the explanation says
  // so). Agreeing names and a postcode district is weaker evidence than it looks in a large
  // population: without this guard a namesake born on the same day in the same district, who is
  // the only such person in the index but not the one meant, would be answered.
  double relaxed_min_weight = 5.0;
  // The probabilistic step withholds a number (97) when the best candidate's date of birth is
  // not the one sent while another candidate was born on the date sent and agrees on both names:
  // a date mistyped at the person's own postcode and a move the index was not told of, to a
  // namesake's postcode, look alike. Off by default: on generated data the weights' odds for
  // the typo (about 2^7) matched how often it was the typo (docs/tracing.md, "Evaluating").
  bool birth_date_rival = false;
  // A blocking key shared by more people than this (a date of birth or postcode that is a
  // placeholder, say) is not used to find candidates, and the explanation says so.
  size_t max_block_size = 1000;
};

struct Candidate {
  PersonId id = 0;
  Comparison comparison;
};

struct TraceOutcome {
  std::string_view code;  // 00, 90, 91, 92, 96, 97
  Indicator indicator = Indicator::kNoTrace;
  int confidence = 0;              // MATCHED_CONFIDENCE_PERCENTAGE
  std::optional<PersonId> person;  // the person matched, if any
  bool superseded_number = false;  // the request carried an earlier number of that person
  Step step = Step::kNone;         // the step that decided, or the last one tried
  size_t matches_at_step = 0;      // people who passed the deciding step
  size_t candidates = 0;           // people compared
  std::optional<Candidate> best;   // the match, or the nearest candidate
  std::optional<Candidate> runner_up;
  std::vector<std::string> notes;  // oversized blocks, an invalid number, ...
  std::string reason;              // one sentence for the explanation
};

// Traces one row. REQUIRES: the row's field_code is empty. Deterministic: the same index, query
// and options give the same outcome. Thread-safe for concurrent calls on one index.
TraceOutcome TraceOne(const DemographicIndex& index, const TraceQuery& query,
                      const TraceOptions& options);

}  // namespace mhds::trace
