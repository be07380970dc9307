#include "mhds/trace/trace_ladder.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include "mhds/validate/value_checks.h"

namespace mhds::trace {
namespace {

using Levels = std::array<Level, kFieldCount>;

bool In(Level level, std::initializer_list<Level> allowed) {
  return std::find(allowed.begin(), allowed.end(), level) != allowed.end();
}

// The deterministic rungs after the cross-check, in order. Each is a test of comparison levels.
struct Rung {
  Step step;
  std::function<bool(const TraceQuery&, const Levels&)> passes;
};

const std::vector<Rung>& Rungs() {
  static const auto* rungs = new std::vector<Rung>{
      {Step::kExact,
       [](const TraceQuery& q, const Levels& l) {
         // Every field given and equal to the current value.
         return q.gender != 0 && !q.postcode.empty() && !q.given_key.empty() &&
                l[kFamily] == Level::kExact && l[kGiven] == Level::kExact &&
                l[kBirthDate] == Level::kExact && l[kSex] == Level::kExact &&
                l[kPostcodeField] == Level::kExact;
       }},
      {Step::kRelaxedHistory,
       [](const TraceQuery& q, const Levels& l) {
         return !q.given_key.empty() && In(l[kFamily], {Level::kExact, Level::kEarlier}) &&
                In(l[kGiven], {Level::kExact, Level::kEarlier}) && l[kBirthDate] == Level::kExact &&
                l[kSex] != Level::kDisagree &&
                In(l[kPostcodeField], {Level::kExact, Level::kEarlier, Level::kNull});
       }},
      {Step::kRelaxedVariants,
       [](const TraceQuery& q, const Levels& l) {
         return !q.given_key.empty() &&
                In(l[kFamily], {Level::kExact, Level::kEarlier, Level::kPhonetic}) &&
                In(l[kGiven], {Level::kExact, Level::kEarlier, Level::kVariant, Level::kPhonetic,
                               Level::kInitial}) &&
                l[kBirthDate] == Level::kExact && l[kSex] != Level::kDisagree &&
                In(l[kPostcodeField], {Level::kExact, Level::kEarlier, Level::kNull});
       }},
      {Step::kRelaxedDistrict,
       [](const TraceQuery& q, const Levels& l) {
         return !q.given_key.empty() && !q.postcode.empty() &&
                In(l[kFamily], {Level::kExact, Level::kEarlier, Level::kPhonetic}) &&
                In(l[kGiven], {Level::kExact, Level::kEarlier, Level::kVariant, Level::kPhonetic,
                               Level::kInitial}) &&
                l[kBirthDate] == Level::kExact && l[kSex] != Level::kDisagree &&
                In(l[kPostcodeField], {Level::kExact, Level::kEarlier, Level::kOutcode});
       }},
      {Step::kRelaxedDaySwap,
       [](const TraceQuery& q, const Levels& l) {
         return !q.given_key.empty() &&
                In(l[kFamily], {Level::kExact, Level::kEarlier, Level::kPhonetic}) &&
                In(l[kGiven], {Level::kExact, Level::kEarlier, Level::kVariant, Level::kPhonetic,
                               Level::kInitial}) &&
                l[kBirthDate] == Level::kSwapped && l[kSex] != Level::kDisagree &&
                In(l[kPostcodeField],
                   {Level::kExact, Level::kEarlier, Level::kOutcode, Level::kNull});
       }},
  };
  return *rungs;
}

// Someone a later step would find instead of the one person a relaxed rung found.
struct Rival {
  const Candidate* candidate = nullptr;  // null: no rival
  Step step = Step::kNone;
};

// The best-scoring person other than `found` who passes a rung after rung `r` and scores more
// than `found` does; failing that, the best-scoring other candidate who scores more, whom the
// probabilistic step would rank first (a date of birth with a typo, say, sent from the
// person's own postcode, beside a namesake born on the date as sent in the same district).
Rival LaterRival(const std::vector<std::vector<const Candidate*>>& passers, size_t r,
                 const Candidate& found, const std::vector<Candidate>& candidates) {
  Rival rival;
  for (size_t later = r + 1; later < passers.size(); ++later) {
    for (const Candidate* c : passers[later]) {
      if (c->id == found.id || c->comparison.total <= found.comparison.total) continue;
      if (rival.candidate == nullptr || c->comparison.total > rival.candidate->comparison.total) {
        rival = {c, Rungs()[later].step};
      }
    }
  }
  if (rival.candidate != nullptr) return rival;
  for (const Candidate& c : candidates) {
    if (c.id == found.id || c.comparison.total <= found.comparison.total) continue;
    if (rival.candidate == nullptr || c.comparison.total > rival.candidate->comparison.total) {
      rival = {&c, Step::kProbabilistic};
    }
  }
  return rival;
}

// For a probabilistic best candidate (candidates[0]) whose date of birth is not the one sent:
// the best-scoring other candidate born on the date sent whose family and given names agree
// (current or earlier, or a known variant of the given name), or null.
const Candidate* BirthDateRival(const std::vector<Candidate>& candidates) {
  if (candidates.empty() || candidates[0].comparison.levels[kBirthDate] == Level::kExact ||
      candidates[0].comparison.levels[kBirthDate] == Level::kNull) {
    return nullptr;
  }
  for (size_t i = 1; i < candidates.size(); ++i) {
    const Levels& l = candidates[i].comparison.levels;
    if (l[kBirthDate] == Level::kExact && In(l[kFamily], {Level::kExact, Level::kEarlier}) &&
        In(l[kGiven], {Level::kExact, Level::kEarlier, Level::kVariant})) {
      return &candidates[i];  // candidates are in order of weight
    }
  }
  return nullptr;
}

double MatchProbability(double weight) { return 1.0 / (1.0 + std::exp2(-weight)); }

std::string DisagreeingFields(const Comparison& c) {
  std::string fields;
  for (int f = 0; f < kFieldCount; ++f) {
    if (c.levels[f] == Level::kExact || c.levels[f] == Level::kNull) continue;
    if (!fields.empty()) fields += ", ";
    fields += std::string(FieldName(f)) + " (" + std::string(LevelName(c.levels[f])) + ")";
  }
  return fields.empty() ? "none" : fields;
}

std::string Weight(double w) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", w);
  return text;
}

class Ladder {
 public:
  Ladder(const DemographicIndex& index, const TraceQuery& query, const TraceOptions& options)
      : index_(index), q_(query), options_(options) {}

  TraceOutcome Run();

 private:
  // Adds the people of one blocking key, unless there are too many of them.
  void AddBlock(std::span<const PersonId> block, std::string_view key);
  void Matched(PersonId id, Step step, Indicator indicator, int confidence);
  void NoMatch(Step step, Indicator indicator, std::string reason);
  std::string_view UnmatchedCode() const;

  const DemographicIndex& index_;
  const TraceQuery& q_;
  const TraceOptions& options_;
  TraceOutcome out_;
  std::optional<DemographicIndex::NumberHit> hit_;
  bool number_unusable_ = false;  // given but failing Modulus 11 or unknown
  bool block_skipped_ = false;    // a blocking key was over the cap
  std::vector<PersonId> ids_;
};

void Ladder::AddBlock(std::span<const PersonId> block, std::string_view key) {
  if (block.size() > options_.max_block_size) {
    out_.notes.push_back("the " + std::string(key) + " is shared by " +
                         std::to_string(block.size()) + " people, more than the block limit of " +
                         std::to_string(options_.max_block_size) + "; not used to find candidates");
    block_skipped_ = true;
    return;
  }
  ids_.insert(ids_.end(), block.begin(), block.end());
}

void Ladder::Matched(PersonId id, Step step, Indicator indicator, int confidence) {
  const PersonRecord record = index_.person(id);
  const Person& p = *record;
  out_.person = id;
  out_.step = step;
  out_.indicator = indicator;
  out_.confidence = confidence;
  out_.superseded_number = hit_ && hit_->superseded && hit_->id == id;
  if (p.sensitive) {
    out_.code = code::kSensitive;
  } else if (out_.superseded_number) {
    out_.code = code::kSuperseded;
  } else {
    out_.code = code::kSuccess;
  }
  if (!out_.best || out_.best->id != id) {
    out_.best = Candidate{id, Compare(q_, index_, id, options_.weights)};
  }
  out_.reason = "one person matched at the " + std::string(StepName(step)) + " step";
  if (out_.superseded_number) {
    out_.reason += "; the NHS Number supplied has been superseded by the one returned";
  }
  if (p.sensitive) out_.reason += "; the record is sensitive, so no demographics are returned";
}

std::string_view Ladder::UnmatchedCode() const {
  return number_unusable_ ? code::kInvalidNumber : code::kSuccess;
}

void Ladder::NoMatch(Step step, Indicator indicator, std::string reason) {
  out_.code = UnmatchedCode();
  out_.step = step;
  out_.indicator = indicator;
  out_.confidence = 0;
  out_.reason = std::move(reason);
}

TraceOutcome Ladder::Run() {
  // 1. Cross-check.
  if (!q_.nhs_number.empty()) {
    if (!validate::PassesModulus11(q_.nhs_number) ||
        validate::IsDisallowedNhsNumber(q_.nhs_number)) {
      number_unusable_ = true;
      out_.notes.push_back("the NHS Number supplied is not valid (Modulus 11)");
    } else if (!(hit_ = index_.FindNumber(q_.nhs_number))) {
      number_unusable_ = true;
      out_.notes.push_back("the NHS Number supplied is not in the index");
    } else if (q_.date_of_birth != 0 &&
               index_.person(hit_->id)->date_of_birth == q_.date_of_birth) {
      out_.matches_at_step = 1;
      out_.candidates = 1;
      Matched(hit_->id, Step::kCrossCheck, Indicator::kCrossCheck, 100);
      return std::move(out_);
    } else {
      out_.notes.push_back(q_.date_of_birth == 0
                               ? "no date of birth to cross-check the NHS Number with"
                               : "the cross-check failed: the date of birth differs from the "
                                 "record of the NHS Number supplied");
    }
  }

  // The demographic steps need a date of birth, a family name and a given name or postcode.
  if (q_.date_of_birth == 0 || q_.family_key.empty() ||
      (q_.given_key.empty() && q_.postcode.empty())) {
    out_.code = number_unusable_ ? code::kInvalidNumber : code::kNotEnoughData;
    out_.reason =
        "not enough data to trace: a demographic trace needs the date of birth, the family name "
        "and a given name or postcode";
    return std::move(out_);
  }

  // Candidates: people born on the date (or with day and month exchanged), people who ever
  // lived at the postcode, and the holder of the NHS Number supplied.
  AddBlock(index_.BornOn(q_.date_of_birth), "date of birth");
  if (q_.swapped_date_of_birth != 0) {
    AddBlock(index_.BornOn(q_.swapped_date_of_birth), "date of birth with day and month swapped");
  }
  if (!q_.postcode.empty()) AddBlock(index_.EverAt(q_.postcode), "postcode");
  if (hit_) ids_.push_back(hit_->id);
  std::sort(ids_.begin(), ids_.end());
  ids_.erase(std::unique(ids_.begin(), ids_.end()), ids_.end());
  out_.candidates = ids_.size();
  std::vector<Candidate> candidates;
  candidates.reserve(ids_.size());
  const TermCounts counts = CountTerms(q_, index_);
  // A packed index reads each candidate from a scattered place in the file: ask for the next
  // few while comparing this one.
  constexpr size_t kReadAhead = 8;
  index_.PrefetchOffsets(ids_);
  for (size_t i = 0; i < ids_.size() && i < kReadAhead; ++i) index_.PrefetchPerson(ids_[i]);
  for (size_t i = 0; i < ids_.size(); ++i) {
    if (i + kReadAhead < ids_.size()) index_.PrefetchPerson(ids_[i + kReadAhead]);
    candidates.push_back({ids_[i], Compare(q_, index_, ids_[i], options_.weights, counts)});
  }

  // 2 and 3. Exact, then the relaxed rungs. Every rung is tested up front: a relaxed rung's
  // finding is weighed against what the later rungs would find.
  const std::vector<Rung>& rungs = Rungs();
  std::vector<std::vector<const Candidate*>> passers(rungs.size());
  for (size_t r = 0; r < rungs.size(); ++r) {
    for (const Candidate& c : candidates) {
      if (rungs[r].passes(q_, c.comparison.levels)) passers[r].push_back(&c);
    }
  }
  std::optional<PersonId> too_weak;  // the one person a relaxed rung found but did not take
  for (size_t r = 0; r < rungs.size(); ++r) {
    const Rung& rung = rungs[r];
    const std::vector<const Candidate*>& passed = passers[r];
    if (passed.empty()) continue;
    if (passed.size() == 1 && rung.step != Step::kExact &&
        passed.front()->comparison.total < options_.relaxed_min_weight) {
      if (too_weak == passed.front()->id) continue;  // said already, at an earlier rung
      too_weak = passed.front()->id;
      out_.notes.push_back("one person qualified at the " + std::string(StepName(rung.step)) +
                           " step but scored " + Weight(passed.front()->comparison.total) +
                           ", below the relaxed steps' least weight of " +
                           Weight(options_.relaxed_min_weight) + "; not taken");
      continue;
    }
    out_.matches_at_step = passed.size();
    Rival rival;
    if (passed.size() == 1 && rung.step != Step::kExact) {
      rival = LaterRival(passers, r, *passed.front(), candidates);
    }
    if (passed.size() == 1 && rival.candidate == nullptr) {
      out_.best = *passed.front();
      Matched(passed.front()->id, rung.step, Indicator::kAlphanumeric, 100);
    } else if (rival.candidate != nullptr) {
      // The rung would answer with one person, but a later rung finds someone else who agrees
      // better: a day and month swapped, say, finding the person meant at their own postcode
      // after the district rung found a namesake born on the date sent. Neither is a guess.
      out_.matches_at_step = 2;
      out_.best = *passed.front();
      out_.runner_up = *rival.candidate;
      out_.code = code::kMultipleMatches;
      out_.step = rung.step;
      out_.indicator = Indicator::kAlphanumeric;
      const std::string where =
          rival.step == Step::kProbabilistic
              ? "would rank first at the probabilistic step"
              : "qualified at the later " + std::string(StepName(rival.step)) + " step";
      out_.notes.push_back("a different person " + where + " and scored " +
                           Weight(rival.candidate->comparison.total) + ", more than the " +
                           Weight(passed.front()->comparison.total) + " of the one found here");
      out_.reason = "one person matched at the " + std::string(StepName(rung.step)) +
                    " step, but another agrees better and " + where +
                    "; no number is returned unless exactly one person matches";
    } else {
      out_.code = code::kMultipleMatches;
      out_.step = rung.step;
      out_.indicator = Indicator::kAlphanumeric;
      out_.reason = std::to_string(passed.size()) + " people matched at the " +
                    std::string(StepName(rung.step)) +
                    " step; no number is returned unless exactly one person matches";
    }
    return std::move(out_);
  }

  // 4. Probabilistic: rank by match weight; NHS Number order breaks ties.
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) {
                     return a.comparison.total > b.comparison.total;
                   });
  if (candidates.empty() && block_skipped_) {
    // Not "no one matched": people may well share the keys, but none could be compared.
    out_.code = code::kNoTracePerformed;
    out_.step = Step::kNone;
    out_.indicator = Indicator::kNoTrace;
    out_.reason =
        "no trace performed: every blocking key the row gave is shared by more people than the "
        "block limit, so no one could be compared; send a postcode or a rarer date of birth";
    return std::move(out_);
  }
  if (candidates.empty()) {
    NoMatch(Step::kProbabilistic, Indicator::kAlgorithmic,
            "no one in the index shares the date of birth or the postcode");
    return std::move(out_);
  }
  out_.best = candidates[0];
  if (candidates.size() > 1) out_.runner_up = candidates[1];
  const double best = candidates[0].comparison.total;
  if (best < options_.match_threshold) {
    NoMatch(Step::kProbabilistic, Indicator::kAlgorithmic,
            "no one matched at the cross-check, exact or relaxed steps; the nearest candidate "
            "scored " +
                Weight(best) + ", below the threshold of " + Weight(options_.match_threshold) +
                ", and differed on " + DisagreeingFields(candidates[0].comparison));
    return std::move(out_);
  }
  size_t close = 0;
  for (const Candidate& c : candidates) {
    if (c.comparison.total > best - options_.close_match_margin) ++close;
  }
  out_.matches_at_step = close;
  if (close > 1) {
    out_.code = code::kMultipleMatches;
    out_.step = Step::kProbabilistic;
    out_.indicator = Indicator::kAlgorithmic;
    out_.reason = std::to_string(close) + " candidates scored within " +
                  Weight(options_.close_match_margin) + " of the best (" + Weight(best) +
                  "); no number is returned unless one stands clear";
    return std::move(out_);
  }
  if (options_.birth_date_rival) {
    if (const Candidate* rival = BirthDateRival(candidates)) {
      out_.matches_at_step = 2;
      out_.runner_up = *rival;
      out_.code = code::kMultipleMatches;
      out_.step = Step::kProbabilistic;
      out_.indicator = Indicator::kAlgorithmic;
      out_.notes.push_back(
          "another candidate was born on the date sent and agrees on both names, scoring " +
          Weight(rival->comparison.total) + ": the person meant may have moved");
      out_.reason =
          "the best candidate (" + Weight(best) +
          ") differs on the date of birth, and another born on the date sent agrees on both "
          "names; a mistyped date and an unrecorded move cannot be told apart, so no number is "
          "returned";
      return std::move(out_);
    }
  }
  const int confidence = static_cast<int>(std::lround(100 * MatchProbability(best)));
  Matched(candidates[0].id, Step::kProbabilistic, Indicator::kAlgorithmic, confidence);
  out_.reason += " with match weight " + Weight(best) + "; it differed on " +
                 DisagreeingFields(candidates[0].comparison);
  return std::move(out_);
}

}  // namespace

std::string_view StepName(Step step) {
  switch (step) {
    case Step::kNone:
      return "none";
    case Step::kCrossCheck:
      return "cross_check";
    case Step::kExact:
      return "exact";
    case Step::kRelaxedHistory:
      return "relaxed_history";
    case Step::kRelaxedVariants:
      return "relaxed_name_variants";
    case Step::kRelaxedDistrict:
      return "relaxed_postcode_district";
    case Step::kRelaxedDaySwap:
      return "relaxed_day_month_swap";
    case Step::kProbabilistic:
      return "probabilistic";
  }
  return "?";
}

TraceOutcome TraceOne(const DemographicIndex& index, const TraceQuery& query,
                      const TraceOptions& options) {
  return Ladder(index, query, options).Run();
}

}  // namespace mhds::trace
