#include "mhds/trace/parameter_fit.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "mhds/trace/compact_date.h"
#include "mhds/trace/field_comparison.h"
#include "mhds/trace/trace_query.h"

namespace mhds::trace {
namespace {

using FieldLevels = std::array<Level, kFieldCount>;
using LevelCounts = std::array<std::array<double, kLevelCount>, kFieldCount>;

// splitmix64, as the generator uses: the same numbers on every platform.
class PairRandom {
 public:
  explicit PairRandom(uint64_t seed) : state_(seed) {}
  uint64_t Below(uint64_t n) {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return (z ^ (z >> 31)) % n;
  }

 private:
  uint64_t state_;
};

// A person's current demographics as a query, as if they had been sent for tracing.
TraceQuery QueryFromPerson(const Person& p) {
  TraceQuery q;
  if (!p.names.empty()) {
    q.family_key = p.names.front().family_key;
    q.given_key = p.names.front().given_key;
    q.family_soundex = p.names.front().family_soundex;
    q.given_soundex = p.names.front().given_soundex;
  }
  if (p.gender == '1' || p.gender == '2') q.gender = p.gender;
  q.date_of_birth = p.date_of_birth;
  if (q.date_of_birth != 0) q.swapped_date_of_birth = SwapDayAndMonth(q.date_of_birth);
  if (!p.addresses.empty()) {
    q.postcode = p.addresses.front().postcode;
    q.outcode = p.addresses.front().outcode;
  }
  return q;
}

// FieldLevels only: no term frequencies (they replace u at run time, not here).
FieldLevels LevelsOf(const TraceQuery& q, const DemographicIndex& index, PersonId id,
                     const WeightOptions& weights) {
  return Compare(q, index, id, weights, TermCounts{}).levels;
}

// Agreement patterns and how many pairs show each: EM works on these, not on the pairs.
using Patterns = std::unordered_map<uint32_t, uint64_t>;

uint32_t Encode(const FieldLevels& levels) {
  uint32_t key = 0;
  for (Level l : levels) key = key * kLevelCount + static_cast<uint32_t>(l);
  return key;
}

FieldLevels Decode(uint32_t key) {
  FieldLevels levels{};
  for (int f = kFieldCount - 1; f >= 0; --f) {
    levels[f] = static_cast<Level>(key % kLevelCount);
    key /= kLevelCount;
  }
  return levels;
}

// u from random pairs of (query, person): a random person is almost never the one a query
// means. The queries are the request rows, so that u reflects how requests are written (with
// initials, nicknames and typos), as Splink samples pairs across the two sides it links; people
// of the index stand in for queries when there are no request rows.
void EstimateU(const DemographicIndex& index, const std::vector<TraceQuery>& queries,
               const FitOptions& options, const WeightOptions& weights, FitResult& result) {
  const uint64_t n = index.size();
  const uint64_t sides = queries.empty() ? n : queries.size();
  const uint64_t distinct_pairs = queries.empty() ? n * (n - 1) / 2 : sides * n;
  const uint64_t pairs = std::min<uint64_t>(options.u_pairs, std::max<uint64_t>(distinct_pairs, 1));
  PairRandom random(options.seed);
  LevelCounts counts{};
  std::array<double, kFieldCount> compared{};
  for (uint64_t i = 0; i < pairs; ++i) {
    FieldLevels levels{};
    if (queries.empty()) {
      const PersonId a = static_cast<PersonId>(random.Below(n));
      PersonId b = static_cast<PersonId>(random.Below(n - 1));
      if (b >= a) ++b;  // never a person with themself
      levels = LevelsOf(QueryFromPerson(*index.person(a)), index, b, weights);
    } else {
      const TraceQuery& q = queries[random.Below(sides)];
      levels = LevelsOf(q, index, static_cast<PersonId>(random.Below(n)), weights);
    }
    for (int f = 0; f < kFieldCount; ++f) {
      if (levels[f] == Level::kNull) continue;
      counts[f][static_cast<size_t>(levels[f])] += 1;
      compared[f] += 1;
    }
  }
  result.u_pairs = pairs;
  for (int f = 0; f < kFieldCount; ++f) {
    size_t level_count = 0;
    for (size_t l = 0; l < kLevelCount; ++l) level_count += FieldHasLevel(f, Level(l)) ? 1 : 0;
    for (size_t l = 0; l < kLevelCount; ++l) {
      if (!FieldHasLevel(f, Level(l))) continue;
      // Add-one smoothing: a level no random pair showed is rare, not impossible.
      const double u = (counts[f][l] + 1) / (compared[f] + static_cast<double>(level_count));
      result.parameters.table[f][l].u = std::clamp(u, options.min_probability, 1.0);
    }
  }
}

using FieldSet = std::array<bool, kFieldCount>;

// One EM run over `patterns`, ignoring the fields the pairs were blocked on. Updates the m of
// the other fields in `m`.
EmSession RunEm(const Patterns& patterns, std::string blocked_on, const FieldSet& blocked,
                uint64_t queries, const MatchParameters& u_source, const FitOptions& options,
                MatchParameters& m) {
  EmSession session;
  session.blocked_on = std::move(blocked_on);
  for (const auto& [key, n] : patterns) session.pairs += n;
  if (session.pairs == 0) return session;
  // Each request has at most one true person among its candidates.
  double lambda =
      std::clamp(static_cast<double>(queries) / static_cast<double>(session.pairs), 1e-6, 0.5);
  for (session.iterations = 1; session.iterations <= options.max_iterations; ++session.iterations) {
    LevelCounts expected{};
    double matches = 0;
    for (const auto& [key, n] : patterns) {
      const FieldLevels levels = Decode(key);
      double pm = lambda, pu = 1 - lambda;
      for (int f = 0; f < kFieldCount; ++f) {
        if (blocked[f] || levels[f] == Level::kNull) continue;
        pm *= m.at(f, levels[f]).m;
        pu *= u_source.at(f, levels[f]).u;
      }
      const double p = pm / (pm + pu);
      const double weight = p * static_cast<double>(n);
      matches += weight;
      for (int f = 0; f < kFieldCount; ++f) {
        if (blocked[f] || levels[f] == Level::kNull) continue;
        expected[f][static_cast<size_t>(levels[f])] += weight;
      }
    }
    double moved = 0;
    for (int f = 0; f < kFieldCount; ++f) {
      if (blocked[f]) continue;
      double sum = 0;
      for (double e : expected[f]) sum += e;
      if (sum <= 0) continue;
      for (size_t l = 0; l < kLevelCount; ++l) {
        if (!FieldHasLevel(f, Level(l))) continue;
        const double next = std::max(expected[f][l] / sum, options.min_probability);
        moved = std::max(moved, std::abs(next - m.table[f][l].m));
        m.table[f][l].m = next;
      }
    }
    lambda = std::clamp(matches / static_cast<double>(session.pairs), 1e-9, 1 - 1e-9);
    session.match_share = lambda;
    if (moved < options.tolerance) {
      session.converged = true;
      break;
    }
  }
  session.iterations = std::min(session.iterations, options.max_iterations);
  return session;
}

}  // namespace

FitResult FitParameters(const DemographicIndex& index, const std::vector<RequestRow>& rows,
                        const MatchParameters& start, const FitOptions& options) {
  FitResult result;
  result.parameters = start;
  WeightOptions weights;
  std::vector<TraceQuery> queries;
  for (const RequestRow& row : rows) {
    if (row.field_code.empty()) queries.push_back(MakeQuery(row));
  }
  result.requests = queries.size();
  EstimateU(index, queries, options, weights, result);

  // People by family and given name (current or earlier, normalised): the second blocking.
  std::unordered_map<std::string, std::vector<PersonId>> by_names;
  for (PersonId id = 0; id < index.size(); ++id) {
    const PersonRecord person = index.person(id);
    for (const PersonName& name : person->names) {
      std::vector<PersonId>& block = by_names[name.family_key + "," + name.given_key];
      if (block.empty() || block.back() != id) block.push_back(id);
    }
  }

  Patterns by_birth_date, by_name;
  uint64_t birth_queries = 0, name_queries = 0;
  const auto add = [&](const TraceQuery& q, std::span<const PersonId> block, Patterns& to,
                       uint64_t& used) {
    if (block.empty() || block.size() > options.max_block_size) return;
    ++used;
    for (PersonId id : block) ++to[Encode(LevelsOf(q, index, id, weights))];
  };
  for (const TraceQuery& q : queries) {
    if (q.date_of_birth != 0) add(q, index.BornOn(q.date_of_birth), by_birth_date, birth_queries);
    if (!q.family_key.empty() && !q.given_key.empty()) {
      const auto it = by_names.find(q.family_key + "," + q.given_key);
      if (it != by_names.end()) add(q, it->second, by_name, name_queries);
    }
  }
  // Household members share a family name and a postcode, so pairs blocked by postcode would
  // teach EM to find households; pairs blocked by both names leave them out.
  FieldSet birth_blocked{}, names_blocked{};
  birth_blocked[kBirthDate] = true;
  names_blocked[kFamily] = names_blocked[kGiven] = true;
  std::array<MatchParameters, 2> learnt = {result.parameters, result.parameters};
  const std::array<FieldSet, 2> blocked = {birth_blocked, names_blocked};
  result.sessions.push_back(RunEm(by_birth_date, "date_of_birth", birth_blocked, birth_queries,
                                  result.parameters, options, learnt[0]));
  result.sessions.push_back(RunEm(by_name, "family_name+given_name", names_blocked, name_queries,
                                  result.parameters, options, learnt[1]));
  // Each field's m is the mean over the sessions that could learn it (had pairs, and did not
  // block on it); a field no session learnt keeps its starting m.
  for (int f = 0; f < kFieldCount; ++f) {
    for (size_t l = 0; l < kLevelCount; ++l) {
      if (!FieldHasLevel(f, Level(l))) continue;
      double sum = 0;
      int sessions = 0;
      for (size_t s = 0; s < learnt.size(); ++s) {
        if (result.sessions[s].pairs == 0 || blocked[s][f]) continue;
        sum += learnt[s].table[f][l].m;
        ++sessions;
      }
      if (sessions > 0) result.parameters.table[f][l].m = sum / sessions;
    }
  }
  return result;
}

}  // namespace mhds::trace
