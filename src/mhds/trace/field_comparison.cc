#include "mhds/trace/field_comparison.h"

#include <algorithm>
#include <cmath>

#include "mhds/trace/name_keys.h"
#include "mhds/trace/nicknames.h"

namespace mhds::trace {
namespace {

struct Probabilities {
  double m;  // P(level | same person)
  double u;  // P(level | different people)
};

constexpr size_t kLevelCount = static_cast<size_t>(Level::kDisagree) + 1;
using LevelTable = std::array<Probabilities, kLevelCount>;
constexpr Probabilities kUnused = {1, 1};  // a level the field never takes: weight 0

// m and u per field and level, in Level order (kNull first, unused). The m values say how often
// a true match is recorded that way (clerical estimates for typed demographics); the u values
// how often two different people agree that way by chance (e.g. 1 in ~33,000 for a birth date
// over 90 years). Exact name and postcode u are replaced by term frequencies when the index is
// large enough (see WeightOptions).
constexpr std::array<LevelTable, kFieldCount> kTables = {{
    // family name
    {{kUnused,
      {0.88, 0.001},
      {0.05, 0.001},
      kUnused,
      {0.03, 0.005},
      {0.02, 0.002},
      kUnused,
      kUnused,
      kUnused,
      {0.02, 0.992}}},
    // given name
    {{kUnused,
      {0.85, 0.01},
      {0.02, 0.01},
      {0.04, 0.002},
      {0.03, 0.008},
      {0.02, 0.004},
      {0.02, 0.05},
      kUnused,
      kUnused,
      {0.02, 0.926}}},
    // date of birth
    {{kUnused,
      {0.94, 0.00003},
      kUnused,
      kUnused,
      kUnused,
      {0.02, 0.002},
      kUnused,
      {0.02, 0.00003},
      kUnused,
      {0.02, 0.998}}},
    // gender
    {{kUnused,
      {0.96, 0.5},
      kUnused,
      kUnused,
      kUnused,
      kUnused,
      kUnused,
      kUnused,
      kUnused,
      {0.04, 0.5}}},
    // postcode
    {{kUnused,
      {0.80, 0.0001},
      {0.10, 0.0001},
      kUnused,
      kUnused,
      kUnused,
      kUnused,
      kUnused,
      {0.05, 0.01},
      {0.05, 0.99}}},
}};

constexpr double kMinTermFrequency = 1e-7;

Level Better(Level a, Level b) { return static_cast<int>(a) < static_cast<int>(b) ? a : b; }

Level CompareFamily(const TraceQuery& q, const Person& p) {
  if (q.family_key.empty()) return Level::kNull;
  Level best = Level::kDisagree;
  for (size_t i = 0; i < p.names.size(); ++i) {
    const PersonName& n = p.names[i];
    if (n.family_key == q.family_key) {
      best = Better(best, i == 0 ? Level::kExact : Level::kEarlier);
    } else if (!q.family_soundex.empty() && n.family_soundex == q.family_soundex) {
      best = Better(best, Level::kPhonetic);
    } else if (EditDistance(n.family_key, q.family_key, q.family_key.size() < 5 ? 1 : 2) <=
               (q.family_key.size() < 5 ? 1 : 2)) {
      best = Better(best, Level::kTypo);
    }
  }
  return best;
}

bool IsInitialOf(std::string_view initial, std::string_view name) {
  return initial.size() == 1 && !name.empty() && name.front() == initial.front();
}

Level CompareGiven(const TraceQuery& q, const Person& p) {
  if (q.given_key.empty()) return Level::kNull;
  Level best = Level::kDisagree;
  for (size_t i = 0; i < p.names.size(); ++i) {
    const PersonName& n = p.names[i];
    if (n.given_key == q.given_key) {
      best = Better(best, i == 0 ? Level::kExact : Level::kEarlier);
    } else if (AreNameVariants(n.given_key, q.given_key)) {
      best = Better(best, Level::kVariant);
    } else if (q.given_key.size() > 1 && n.given_key.size() > 1 &&
               n.given_soundex == q.given_soundex) {
      best = Better(best, Level::kPhonetic);
    } else if (q.given_key.size() > 2 &&
               EditDistance(n.given_key, q.given_key, q.given_key.size() < 5 ? 1 : 2) <=
                   (q.given_key.size() < 5 ? 1 : 2)) {
      best = Better(best, Level::kTypo);
    } else if (IsInitialOf(q.given_key, n.given_key) || IsInitialOf(n.given_key, q.given_key)) {
      best = Better(best, Level::kInitial);
    }
  }
  return best;
}

// True if the two eight-digit dates differ in one digit, or by two adjacent digits exchanged
// (an edit distance of 1 with transpositions).
bool OneDigitApart(CompactDate a, CompactDate b) {
  std::array<int, 8> da{}, db{};
  for (int i = 7; i >= 0; --i, a /= 10, b /= 10) {
    da[i] = a % 10;
    db[i] = b % 10;
  }
  int first = -1, differing = 0;
  for (int i = 0; i < 8; ++i) {
    if (da[i] != db[i]) {
      if (first < 0) first = i;
      ++differing;
    }
  }
  if (differing == 1) return true;
  return differing == 2 && first < 7 && da[first] == db[first + 1] && da[first + 1] == db[first];
}

Level CompareBirthDate(const TraceQuery& q, const Person& p) {
  if (q.date_of_birth == 0) return Level::kNull;
  if (p.date_of_birth == q.date_of_birth) return Level::kExact;
  if (q.swapped_date_of_birth != 0 && p.date_of_birth == q.swapped_date_of_birth) {
    return Level::kSwapped;
  }
  return OneDigitApart(p.date_of_birth, q.date_of_birth) ? Level::kTypo : Level::kDisagree;
}

Level CompareSex(const TraceQuery& q, const Person& p) {
  if (q.gender == 0 || (p.gender != '1' && p.gender != '2')) return Level::kNull;
  return p.gender == q.gender ? Level::kExact : Level::kDisagree;
}

Level ComparePostcode(const TraceQuery& q, const Person& p) {
  if (q.postcode.empty() || p.addresses.empty()) return Level::kNull;
  Level best = Level::kDisagree;
  for (size_t i = 0; i < p.addresses.size(); ++i) {
    const PersonAddress& a = p.addresses[i];
    if (a.postcode == q.postcode) {
      best = Better(best, i == 0 ? Level::kExact : Level::kEarlier);
    } else if (a.outcode == q.outcode) {
      best = Better(best, Level::kOutcode);
    }
  }
  return best;
}

// The u of an exact or earlier level from how many people share the value, when trusted.
double TermFrequencyU(double default_u, uint32_t count, const DemographicIndex& index,
                      const WeightOptions& options) {
  if (index.size() < options.min_population_for_frequencies || count == 0) return default_u;
  return std::max(static_cast<double>(count) / static_cast<double>(index.size()),
                  kMinTermFrequency);
}

}  // namespace

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kNull:
      return "blank";
    case Level::kExact:
      return "exact";
    case Level::kEarlier:
      return "earlier";
    case Level::kVariant:
      return "variant";
    case Level::kPhonetic:
      return "sounds_alike";
    case Level::kTypo:
      return "typo";
    case Level::kInitial:
      return "initial";
    case Level::kSwapped:
      return "day_month_swapped";
    case Level::kOutcode:
      return "same_district";
    case Level::kDisagree:
      return "disagree";
  }
  return "?";
}

std::string_view FieldName(int field) {
  static constexpr std::array<std::string_view, kFieldCount> kNames = {
      "family_name", "given_name", "date_of_birth", "gender", "postcode"};
  return kNames[field];
}

int LevelScorePercent(Level level) {
  switch (level) {
    case Level::kNull:
      return -1;
    case Level::kExact:
      return 100;
    case Level::kEarlier:
      return 90;
    case Level::kVariant:
    case Level::kSwapped:
      return 85;
    case Level::kPhonetic:
      return 80;
    case Level::kTypo:
      return 70;
    case Level::kInitial:
    case Level::kOutcode:
      return 50;
    case Level::kDisagree:
      return 0;
  }
  return 0;
}

TermCounts CountTerms(const TraceQuery& query, const DemographicIndex& index) {
  TermCounts counts;
  if (!query.family_key.empty()) counts.family = index.FamilyNameCount(query.family_key);
  if (!query.given_key.empty()) counts.given = index.GivenNameCount(query.given_key);
  if (!query.postcode.empty()) counts.postcode = index.PostcodeCount(query.postcode);
  return counts;
}

Comparison Compare(const TraceQuery& query, const DemographicIndex& index, PersonId id,
                   const WeightOptions& options) {
  return Compare(query, index, id, options, CountTerms(query, index));
}

Comparison Compare(const TraceQuery& query, const DemographicIndex& index, PersonId id,
                   const WeightOptions& options, const TermCounts& counts) {
  const Person& p = index.person(id);
  Comparison c;
  c.levels = {CompareFamily(query, p), CompareGiven(query, p), CompareBirthDate(query, p),
              CompareSex(query, p), ComparePostcode(query, p)};
  const double population =
      std::max(static_cast<double>(index.size()), options.min_prior_population);
  c.total = -std::log2(population);
  for (int f = 0; f < kFieldCount; ++f) {
    const Level level = c.levels[f];
    if (level == Level::kNull) continue;
    Probabilities pr = kTables[f][static_cast<size_t>(level)];
    if (level == Level::kExact || level == Level::kEarlier) {
      if (f == kFamily) {
        pr.u = TermFrequencyU(pr.u, counts.family, index, options);
      } else if (f == kGiven) {
        pr.u = TermFrequencyU(pr.u, counts.given, index, options);
      } else if (f == kPostcodeField) {
        pr.u = TermFrequencyU(pr.u, counts.postcode, index, options);
      }
    }
    c.weights[f] = std::log2(pr.m / pr.u);
    c.total += c.weights[f];
  }
  return c;
}

}  // namespace mhds::trace
