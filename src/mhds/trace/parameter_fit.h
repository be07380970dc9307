// Estimates the m and u probabilities of the probabilistic step from data, as Fellegi and Sunter
// (and Splink) do, so that the weights fit the population traced rather than our guesses:
//   - u, the chance that a request and a person who is not the one meant agree at a level, from
//     random pairs of a request row and a person of the index (a random person is almost never
//     the one meant); people stand in for requests when there are none;
//   - m, the chance that a request and its true person agree at a level, by expectation
//     maximisation over the pairs a trace would compare, with u held fixed. A field used to
//     choose the pairs cannot have its m learnt from them (it always agrees), so EM runs twice:
//     on pairs blocked by date of birth (learning names, gender and postcode) and on pairs
//     blocked by family and given name (learning date of birth, gender and postcode); a field
//     learnt twice takes the mean. Not by postcode: household members share a postcode and a
//     family name, and EM would learn to find households.
// docs/tracing.md ("Fitting the parameters") describes the file it writes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mhds/trace/batch_request.h"
#include "mhds/trace/demographic_index.h"
#include "mhds/trace/match_parameters.h"

namespace mhds::trace {

struct FitOptions {
  // Random (request, person) pairs drawn to estimate u (fewer if there are fewer distinct ones).
  uint64_t u_pairs = 1'000'000;
  uint64_t seed = 1;
  // EM stops when no m moves by more than `tolerance`, or after `max_iterations`.
  int max_iterations = 100;
  double tolerance = 1e-6;
  // Blocks larger than this are skipped, as the trace skips them.
  size_t max_block_size = 1000;
  // No fitted probability goes below this: a level never seen is rare, not impossible, and a
  // zero would make its weight infinite.
  double min_probability = 1e-6;
};

struct EmSession {
  std::string blocked_on;  // "date_of_birth" or "family_name+given_name"
  uint64_t pairs = 0;      // request-candidate pairs compared
  int iterations = 0;
  bool converged = false;
  double match_share = 0;  // EM's estimate of the share of pairs that are true matches
};

struct FitResult {
  MatchParameters parameters;  // the fitted m and u; descriptions from `start`
  uint64_t u_pairs = 0;        // random (request, person) pairs behind u
  uint64_t requests = 0;       // well-formed request rows used for m
  std::vector<EmSession> sessions;
};

// Fits m and u for `index` from `rows` (request rows; those with a field-level code are
// skipped). `start` gives EM its starting m and the descriptions. Deterministic for a given
// seed. REQUIRES: the index holds at least two people.
FitResult FitParameters(const DemographicIndex& index, const std::vector<RequestRow>& rows,
                        const MatchParameters& start, const FitOptions& options);

}  // namespace mhds::trace
