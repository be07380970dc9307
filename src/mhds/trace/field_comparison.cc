#include "mhds/trace/field_comparison.h"

#include <algorithm>
#include <cmath>

#include "mhds/trace/name_keys.h"
#include "mhds/trace/nicknames.h"

namespace mhds::trace {
namespace {

constexpr double kMinTermFrequency = 1e-7;

Level Better(Level a, Level b) { return static_cast<int>(a) < static_cast<int>(b) ? a : b; }

// What one entry of a person's name or address history counts as for a query: the one held
// (kExact), an earlier one (kEarlier), or none at all (kNull). Without an AS_AT_DATE the current
// entry is the one held; with one, it is the entry held on that date, and entries that began
// after it are not yet the person's, so they do not count.
template <typename Entry>
Level Standing(const std::vector<Entry>& history, size_t i, CompactDate as_at, const Entry* held) {
  if (as_at == 0) return i == 0 ? Level::kExact : Level::kEarlier;
  const Entry& entry = history[i];
  if (&entry == held) return Level::kExact;
  if (entry.valid_from != 0 && entry.valid_from > as_at) return Level::kNull;
  return Level::kEarlier;
}

Level CompareFamily(const TraceQuery& q, const Person& p) {
  if (q.family_key.empty()) return Level::kNull;
  Level best = Level::kDisagree;
  const PersonName* held = p.NameAt(q.as_at_date);
  for (size_t i = 0; i < p.names.size(); ++i) {
    const PersonName& n = p.names[i];
    const Level standing = Standing(p.names, i, q.as_at_date, held);
    if (standing == Level::kNull) continue;
    if (n.family_key == q.family_key) {
      best = Better(best, standing);
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
  const PersonName* held = p.NameAt(q.as_at_date);
  for (size_t i = 0; i < p.names.size(); ++i) {
    const PersonName& n = p.names[i];
    const Level standing = Standing(p.names, i, q.as_at_date, held);
    if (standing == Level::kNull) continue;
    if (n.given_key == q.given_key) {
      best = Better(best, standing);
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
  const PersonAddress* held = p.AddressAt(q.as_at_date);
  for (size_t i = 0; i < p.addresses.size(); ++i) {
    const PersonAddress& a = p.addresses[i];
    const Level standing = Standing(p.addresses, i, q.as_at_date, held);
    if (standing == Level::kNull) continue;
    if (a.postcode == q.postcode) {
      best = Better(best, standing);
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

std::optional<Level> LevelNamed(std::string_view name) {
  for (size_t l = 0; l < kLevelCount; ++l) {
    if (LevelName(static_cast<Level>(l)) == name) return static_cast<Level>(l);
  }
  return std::nullopt;
}

std::optional<int> FieldNamed(std::string_view name) {
  for (int f = 0; f < kFieldCount; ++f) {
    if (FieldName(f) == name) return f;
  }
  return std::nullopt;
}

bool FieldHasLevel(int field, Level level) {
  switch (level) {
    case Level::kNull:
      return false;
    case Level::kExact:
    case Level::kDisagree:
      return true;
    case Level::kEarlier:
      return field == kFamily || field == kGiven || field == kPostcodeField;
    case Level::kPhonetic:
      return field == kFamily || field == kGiven;
    case Level::kTypo:
      return field == kFamily || field == kGiven || field == kBirthDate;
    case Level::kVariant:
    case Level::kInitial:
      return field == kGiven;
    case Level::kSwapped:
      return field == kBirthDate;
    case Level::kOutcode:
      return field == kPostcodeField;
  }
  return false;
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
  // A trace compares hundreds of candidates a row; decoding each from a packed index into a new
  // Person spent about a tenth of the time allocating and freeing its strings (bench/README.md).
  thread_local Person scratch;
  const Person& p = index.PersonInto(id, scratch);
  Comparison c;
  c.levels = {CompareFamily(query, p), CompareGiven(query, p), CompareBirthDate(query, p),
              CompareSex(query, p), ComparePostcode(query, p)};
  const double population =
      std::max(static_cast<double>(index.size()), options.min_prior_population);
  c.prior = -std::log2(population);
  c.total = c.prior;
  for (int f = 0; f < kFieldCount; ++f) {
    const Level level = c.levels[f];
    if (level == Level::kNull) continue;
    Probabilities pr = options.parameters.at(f, level);
    if (level == Level::kExact || level == Level::kEarlier) {
      const double default_u = pr.u;
      if (f == kFamily) {
        pr.u = TermFrequencyU(pr.u, counts.family, index, options);
      } else if (f == kGiven) {
        pr.u = TermFrequencyU(pr.u, counts.given, index, options);
      } else if (f == kPostcodeField) {
        pr.u = TermFrequencyU(pr.u, counts.postcode, index, options);
      }
      c.term_frequency[f] = pr.u != default_u;
    }
    c.m[f] = pr.m;
    c.u[f] = pr.u;
    c.weights[f] = std::log2(pr.m / pr.u);
    c.total += c.weights[f];
  }
  return c;
}

}  // namespace mhds::trace
