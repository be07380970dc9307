#include "mhds/trace/trace_ladder.h"

#include <gtest/gtest.h>

#include "mhds/trace/testing_people.h"

namespace mhds::trace {
namespace {

using testing::MakePerson;
using testing::MakeRow;

// Synthetic numbers: the 999 range, all passing Modulus 11.
constexpr const char* kAda = "9990000018";
constexpr const char* kWilliam = "9990000026";
constexpr const char* kCatherine = "9990000034";
constexpr const char* kTomasz = "9990000042";
constexpr const char* kGrace = "9990000050";
constexpr const char* kJohn1 = "9990000123";
constexpr const char* kJohn2 = "9990000131";
constexpr const char* kWilliamOld = "9998000017";

std::vector<Person> People() {
  std::vector<Person> people;
  Person ada = MakePerson(kAda, 19800312, '2', "Pemberton", "Ada", "LS1 4HR");
  PersonAddress earlier;
  earlier.postcode = "M1 2AB";
  earlier.valid_from = 20120301;
  earlier.valid_to = 20200101;
  ada.addresses.front().valid_from = 20200101;
  ada.addresses.push_back(earlier);
  people.push_back(ada);
  Person william = MakePerson(kWilliam, 19751105, '1', "Ashworth", "William", "BD7 1DP");
  william.superseded.push_back(kWilliamOld);
  people.push_back(william);
  Person catherine = MakePerson(kCatherine, 19900607, '2', "Quayle", "Catherine", "HU3 2PL");
  PersonName maiden;
  maiden.family = "Fletcher";
  maiden.given = "Catherine";
  maiden.valid_to = 20150601;
  catherine.names.push_back(maiden);
  people.push_back(catherine);
  people.push_back(MakePerson(kTomasz, 19880211, '1', "Nowak", "Tomasz", "WF1 3QT"));
  Person grace = MakePerson(kGrace, 19650720, '2', "Lindqvist", "Grace", "YO1 7HH");
  grace.sensitive = true;
  people.push_back(grace);
  people.push_back(MakePerson(kJohn1, 19700101, '1', "Smith", "John", "LS6 2AA"));
  people.push_back(MakePerson(kJohn2, 19700101, '1', "Smith", "John", "LS6 3BB"));
  return people;
}

class TraceLadderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto built = DemographicIndex::Build(People());
    ASSERT_TRUE(built.ok()) << built.status().ToString();
    index_ = std::make_unique<DemographicIndex>(std::move(*built));
  }

  TraceOutcome Trace(const RequestRow& row) { return TraceOne(*index_, MakeQuery(row), options_); }
  std::string Number(const TraceOutcome& o) {
    return o.person ? index_->person(*o.person)->nhs_number : "";
  }

  std::unique_ptr<DemographicIndex> index_;
  TraceOptions options_;
};

TEST_F(TraceLadderTest, CrossCheckConfirmsANumberWithItsDateOfBirth) {
  const TraceOutcome o = Trace(MakeRow(kAda, "", "", "", 19800312, ""));
  EXPECT_EQ(o.code, code::kSuccess);
  EXPECT_EQ(o.step, Step::kCrossCheck);
  EXPECT_EQ(o.indicator, Indicator::kCrossCheck);
  EXPECT_EQ(o.confidence, 100);
  EXPECT_EQ(Number(o), kAda);
}

TEST_F(TraceLadderTest, CrossCheckWithAnotherDateOfBirthReturnsNoNumber) {
  const TraceOutcome o = Trace(MakeRow(kAda, "", "", "", 19800313, ""));
  EXPECT_FALSE(o.person.has_value());
  EXPECT_EQ(o.code, code::kNotEnoughData);
  ASSERT_FALSE(o.notes.empty());
  EXPECT_NE(o.notes.front().find("cross-check failed"), std::string::npos);
}

TEST_F(TraceLadderTest, ASupersededNumberIsAnsweredWithTheCurrentOne) {
  const TraceOutcome o = Trace(MakeRow(kWilliamOld, "", "", "", 19751105, ""));
  EXPECT_EQ(o.code, code::kSuperseded);
  EXPECT_TRUE(o.superseded_number);
  EXPECT_EQ(Number(o), kWilliam);
  EXPECT_EQ(o.step, Step::kCrossCheck);
}

TEST_F(TraceLadderTest, ExactStepNeedsEveryFieldCurrentAndEqual) {
  const TraceOutcome o = Trace(MakeRow("", "PEMBERTON", "ada", "2", 19800312, "ls14hr"));
  EXPECT_EQ(o.code, code::kSuccess);
  EXPECT_EQ(o.step, Step::kExact);
  EXPECT_EQ(o.indicator, Indicator::kAlphanumeric);
  EXPECT_EQ(o.confidence, 100);
  EXPECT_EQ(Number(o), kAda);
}

TEST_F(TraceLadderTest, EachRelaxationFindsWhatTheExactStepCannot) {
  struct Case {
    const char* what;
    RequestRow row;
    Step step;
    const char* number;
  };
  const std::vector<Case> cases = {
      {"earlier postcode", MakeRow("", "Pemberton", "Ada", "2", 19800312, "M1 2AB"),
       Step::kRelaxedHistory, kAda},
      {"maiden name", MakeRow("", "Fletcher", "Catherine", "2", 19900607, "HU3 2PL"),
       Step::kRelaxedHistory, kCatherine},
      {"no gender", MakeRow("", "Pemberton", "Ada", "", 19800312, "LS1 4HR"), Step::kRelaxedHistory,
       kAda},
      {"nickname", MakeRow("", "Ashworth", "Bill", "1", 19751105, "BD7 1DP"),
       Step::kRelaxedVariants, kWilliam},
      {"initial", MakeRow("", "Ashworth", "W", "1", 19751105, "BD7 1DP"), Step::kRelaxedVariants,
       kWilliam},
      {"sounds alike", MakeRow("", "Nowack", "Tomasz", "1", 19880211, "WF1 3QT"),
       Step::kRelaxedVariants, kTomasz},
      {"postcode district", MakeRow("", "Nowak", "Tomasz", "1", 19880211, "WF1 9ZZ"),
       Step::kRelaxedDistrict, kTomasz},
      {"day and month swapped", MakeRow("", "Nowak", "Tomasz", "1", 19881102, "WF1 3QT"),
       Step::kRelaxedDaySwap, kTomasz},
  };
  for (const Case& c : cases) {
    const TraceOutcome o = Trace(c.row);
    EXPECT_EQ(o.step, c.step) << c.what << ": " << StepName(o.step) << " " << o.reason;
    EXPECT_EQ(Number(o), c.number) << c.what;
    EXPECT_EQ(o.code, code::kSuccess) << c.what;
    EXPECT_EQ(o.indicator, Indicator::kAlphanumeric) << c.what;
  }
}

TEST_F(TraceLadderTest, SeveralPeopleMatchingIsMultipleNeverAGuess) {
  const TraceOutcome o = Trace(MakeRow("", "Smith", "John", "1", 19700101, ""));
  EXPECT_EQ(o.code, code::kMultipleMatches);
  EXPECT_FALSE(o.person.has_value());
  EXPECT_EQ(o.matches_at_step, 2u);
  EXPECT_EQ(o.confidence, 0);
  // With the postcode, one of them stands alone.
  EXPECT_EQ(Number(Trace(MakeRow("", "Smith", "John", "1", 19700101, "LS6 3BB"))), kJohn2);
}

TEST_F(TraceLadderTest, NoMatchSaysWhichFieldsTheNearestCandidateDifferedOn) {
  const TraceOutcome o = Trace(MakeRow("", "Zzyzx", "Zara", "2", 19990909, "LS1 4HR"));
  EXPECT_EQ(o.code, code::kSuccess);
  EXPECT_FALSE(o.person.has_value());
  EXPECT_EQ(o.step, Step::kProbabilistic);
  EXPECT_EQ(o.indicator, Indicator::kAlgorithmic);
  EXPECT_EQ(o.confidence, 0);
  ASSERT_TRUE(o.best.has_value());
  EXPECT_NE(o.reason.find("family_name (disagree)"), std::string::npos) << o.reason;
  // The nearest candidate's own values never appear.
  EXPECT_EQ(o.reason.find("Pemberton"), std::string::npos);
  EXPECT_EQ(o.reason.find(kAda), std::string::npos);
}

TEST_F(TraceLadderTest, ASensitiveRecordIsReturnedWithCode92) {
  const TraceOutcome o = Trace(MakeRow("", "Lindqvist", "Grace", "2", 19650720, "YO1 7HH"));
  EXPECT_EQ(o.code, code::kSensitive);
  EXPECT_EQ(Number(o), kGrace);
}

TEST_F(TraceLadderTest, AnInvalidOrUnknownNumberWithNothingElseIs91) {
  EXPECT_EQ(Trace(MakeRow("9990000019", "", "", "", 19800312, "")).code, code::kInvalidNumber);
  EXPECT_EQ(Trace(MakeRow("9990000204", "", "", "", 19800312, "")).code, code::kInvalidNumber);
  // The demographics still trace when the number is wrong.
  const TraceOutcome o = Trace(MakeRow("9990000019", "Pemberton", "Ada", "2", 19800312, "LS1 4HR"));
  EXPECT_EQ(Number(o), kAda);
  EXPECT_EQ(o.code, code::kSuccess);
}

TEST_F(TraceLadderTest, TooFewDemographicsIs96) {
  EXPECT_EQ(Trace(MakeRow("", "Pemberton", "", "", 0, "")).code, code::kNotEnoughData);
  EXPECT_EQ(Trace(MakeRow("", "", "Ada", "2", 19800312, "LS1 4HR")).code, code::kNotEnoughData);
}

TEST_F(TraceLadderTest, ProbabilisticStepMatchesADateOfBirthTypo) {
  const TraceOutcome o = Trace(MakeRow("", "Pemberton", "Ada", "2", 19800313, "LS1 4HR"));
  EXPECT_EQ(o.step, Step::kProbabilistic) << o.reason;
  EXPECT_EQ(o.indicator, Indicator::kAlgorithmic);
  EXPECT_EQ(Number(o), kAda);
  EXPECT_GE(o.confidence, 50);
  ASSERT_TRUE(o.best.has_value());
  EXPECT_EQ(o.best->comparison.levels[kBirthDate], Level::kTypo);
  EXPECT_GE(o.best->comparison.total, options_.match_threshold);
}

TEST_F(TraceLadderTest, ProbabilisticStepWithholdsCloseCandidates) {
  // A mistyped given name that no relaxed rung accepts; both Johns score the same.
  const TraceOutcome o = Trace(MakeRow("", "Smith", "Xohn", "1", 19700101, ""));
  EXPECT_EQ(o.step, Step::kProbabilistic);
  EXPECT_EQ(o.code, code::kMultipleMatches) << o.reason;
  EXPECT_FALSE(o.person.has_value());
  ASSERT_TRUE(o.best.has_value());
  ASSERT_TRUE(o.runner_up.has_value());
  EXPECT_GE(o.best->comparison.total, options_.match_threshold);
  EXPECT_EQ(o.best->comparison.levels[kGiven], Level::kTypo);
  EXPECT_LT(o.best->comparison.total - o.runner_up->comparison.total, options_.close_match_margin);
  EXPECT_EQ(o.matches_at_step, 2u);
}

TEST_F(TraceLadderTest, AnOversizedBlockIsSkippedAndReported) {
  options_.max_block_size = 1;
  const TraceOutcome o = Trace(MakeRow("", "Smith", "John", "1", 19700101, ""));
  EXPECT_FALSE(o.person.has_value());
  ASSERT_FALSE(o.notes.empty());
  EXPECT_NE(o.notes.front().find("block limit"), std::string::npos) << o.notes.front();
  // The only key was skipped, so no one was compared: code 15, not a "no match".
  EXPECT_EQ(o.code, code::kNoTracePerformed);
  EXPECT_EQ(o.indicator, Indicator::kNoTrace);
  EXPECT_EQ(o.candidates, 0u);
}

TEST_F(TraceLadderTest, ARowWithAKeyLeftToSearchIsTracedThoughAnotherWasSkipped) {
  options_.max_block_size = 1;
  // The date of birth block (two people) is skipped; the postcode still finds the one meant.
  const TraceOutcome o = Trace(MakeRow("", "Smith", "John", "1", 19700101, "LS6 2AA"));
  EXPECT_NE(o.code, code::kNoTracePerformed);
  EXPECT_EQ(Number(o), kJohn1);
}

TEST_F(TraceLadderTest, AsAtDateChoosesTheDemographicsMatchedAgainst) {
  // Ada lived at M1 2AB from 2012 to 2020 and at LS1 4HR since. Sent the old postcode with a
  // date when she lived there, it is her postcode then: the exact step answers.
  RequestRow then = MakeRow("", "Pemberton", "Ada", "2", 19800312, "M1 2AB");
  then.as_at_date = 20150601;
  then.fields[kAsAtDate] = "20150601";
  const TraceOutcome o = Trace(then);
  EXPECT_EQ(o.step, Step::kExact);
  EXPECT_EQ(Number(o), kAda);

  // Without the date, the old postcode is only an earlier one.
  EXPECT_EQ(Trace(MakeRow("", "Pemberton", "Ada", "2", 19800312, "M1 2AB")).step,
            Step::kRelaxedHistory);

  // As at 2015 the postcode she moved to in 2020 was not yet hers: it does not count at all,
  // so no demographic step takes it and the probabilistic step sees a postcode that disagrees.
  RequestRow later = MakeRow("", "Pemberton", "Ada", "2", 19800312, "LS1 4HR");
  later.as_at_date = 20150601;
  later.fields[kAsAtDate] = "20150601";
  const TraceOutcome l = Trace(later);
  ASSERT_TRUE(l.best.has_value());
  EXPECT_EQ(l.best->comparison.levels[kPostcodeField], Level::kDisagree);
  EXPECT_NE(l.step, Step::kExact);
  EXPECT_NE(l.step, Step::kRelaxedHistory);
}

TEST_F(TraceLadderTest, AsAtDateBeforeAMarriageMatchesTheMaidenNameAsHeld) {
  // Catherine was Fletcher until 2015-06-01 and Quayle since (the current name has no start
  // date, so both count as held then; the maiden name is the one held on 2014-01-01).
  RequestRow row = MakeRow("", "Fletcher", "Catherine", "2", 19900607, "HU3 2PL");
  row.as_at_date = 20140101;
  row.fields[kAsAtDate] = "20140101";
  EXPECT_EQ(Trace(row).step, Step::kExact);
  EXPECT_EQ(Trace(MakeRow("", "Fletcher", "Catherine", "2", 19900607, "HU3 2PL")).step,
            Step::kRelaxedHistory);
}

TEST(TraceLadderMetamorphic, AddingANearTwinTurnsAMatchIntoMultiple) {
  std::vector<Person> people = {
      MakePerson("9990000069", 20010415, '1', "Abara", "Chidi", "OL1 1AA")};
  auto alone = DemographicIndex::Build(people);
  ASSERT_TRUE(alone.ok());
  const TraceQuery query = MakeQuery(MakeRow("", "Abara", "C", "", 20010415, "OL1 1AA"));
  const TraceOutcome before = TraceOne(*alone, query, TraceOptions{});
  EXPECT_EQ(before.code, code::kSuccess);
  EXPECT_TRUE(before.person.has_value());

  people.push_back(MakePerson("9990000077", 20010415, '2', "Abara", "Chika", "OL1 1AA"));
  auto twins = DemographicIndex::Build(people);
  ASSERT_TRUE(twins.ok());
  const TraceOutcome after = TraceOne(*twins, query, TraceOptions{});
  EXPECT_EQ(after.code, code::kMultipleMatches);
  EXPECT_FALSE(after.person.has_value());
}

TEST(FieldComparison, AgreeingOnACommonNameWeighsLessThanOnARareOne) {
  std::vector<Person> people;
  people.push_back(MakePerson("9990000018", 19800312, '2', "Rare", "Ada", "LS1 4HR"));
  people.push_back(MakePerson("9990000026", 19800312, '2', "Smith", "Ada", "LS1 4HR"));
  people.push_back(MakePerson("9990000034", 19700101, '1', "Smith", "Bob", "M1 2AB"));
  people.push_back(MakePerson("9990000042", 19700101, '1', "Smith", "Tom", "M1 2AB"));
  auto index = DemographicIndex::Build(people);
  ASSERT_TRUE(index.ok());
  WeightOptions options;
  options.min_population_for_frequencies = 0;  // trust the frequencies of four people
  const Comparison rare =
      Compare(MakeQuery(MakeRow("", "Rare", "Ada", "2", 19800312, "")), *index, 0, options);
  const Comparison common =
      Compare(MakeQuery(MakeRow("", "Smith", "Ada", "2", 19800312, "")), *index, 1, options);
  EXPECT_EQ(rare.levels[kFamily], Level::kExact);
  EXPECT_EQ(common.levels[kFamily], Level::kExact);
  EXPECT_GT(rare.weights[kFamily], common.weights[kFamily]);
  // Without term frequencies both weigh the same.
  options.min_population_for_frequencies = 100;
  EXPECT_DOUBLE_EQ(
      Compare(MakeQuery(MakeRow("", "Rare", "Ada", "2", 19800312, "")), *index, 0, options)
          .weights[kFamily],
      Compare(MakeQuery(MakeRow("", "Smith", "Ada", "2", 19800312, "")), *index, 1, options)
          .weights[kFamily]);
}

// A namesake who is not in the index: sounds-alike family name, an initial, the same date of
// birth and postcode district. The district rung finds exactly one person, the wrong one; the
// guard on relaxed rungs (their match weight must reach relaxed_min_weight) refuses it.
TEST(RelaxedRungGuard, RefusesAWeakSingleMatchOnAPostcodeDistrict) {
  auto index =
      DemographicIndex::Build({MakePerson(kJohn1, 19820101, '1', "Smith", "Jon", "LS6 2AA"),
                               MakePerson(kAda, 19800312, '2', "Pemberton", "Ada", "LS1 4HR")});
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  const TraceQuery namesake = MakeQuery(MakeRow("", "Smyth", "J", "", 19820101, "LS6 9ZZ"));

  TraceOptions unguarded;
  unguarded.relaxed_min_weight = -1000;
  const TraceOutcome taken = TraceOne(*index, namesake, unguarded);
  EXPECT_EQ(taken.step, Step::kRelaxedDistrict);
  ASSERT_TRUE(taken.person.has_value()) << "the scenario no longer reaches the district rung";

  const TraceOutcome guarded = TraceOne(*index, namesake, TraceOptions{});
  EXPECT_FALSE(guarded.person.has_value());
  EXPECT_EQ(guarded.code, code::kSuccess);  // answered: no one
  EXPECT_EQ(guarded.step, Step::kProbabilistic);
  ASSERT_FALSE(guarded.notes.empty());
  EXPECT_NE(guarded.notes.front().find("relaxed_postcode_district"), std::string::npos);
}

TEST(RelaxedRungGuard, StillTakesAStrongSingleMatchOnAPostcodeDistrict) {
  auto index =
      DemographicIndex::Build({MakePerson(kJohn1, 19820101, '1', "Smith", "Jon", "LS6 2AA"),
                               MakePerson(kAda, 19800312, '2', "Pemberton", "Ada", "LS1 4HR")});
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  const TraceOutcome o = TraceOne(
      *index, MakeQuery(MakeRow("", "Pemberton", "Ada", "2", 19800312, "LS1 9ZZ")), TraceOptions{});
  EXPECT_EQ(o.step, Step::kRelaxedDistrict);
  ASSERT_TRUE(o.person.has_value());
  EXPECT_EQ(index->person(*o.person)->nhs_number, kAda);
  EXPECT_GE(o.best->comparison.total, TraceOptions{}.relaxed_min_weight);
}

// The case behind the one wrong answer the district rung gave at a million people: a request
// with day and month of birth swapped, sent from the person's own postcode, and a namesake born
// on the date as sent who lives in the same district.
TEST(LaterRungRival, ADistrictNamesakeDoesNotTakeTheRowFromTheDaySwappedPerson) {
  constexpr const char* kMeant = "9990000204";     // born 3 May 1970, at LS6 2AA
  constexpr const char* kNamesake = "9990000212";  // born 5 March 1970, at LS6 9ZZ
  const Person meant = MakePerson(kMeant, 19700503, '1', "Smith", "John", "LS6 2AA");
  const Person namesake = MakePerson(kNamesake, 19700305, '1', "Smith", "John", "LS6 9ZZ");
  const TraceQuery request =
      MakeQuery(MakeRow("", "Smith", "John", "1", 19700305, "LS6 2AA"));  // day and month swapped

  auto both = DemographicIndex::Build({meant, namesake});
  ASSERT_TRUE(both.ok()) << both.status().ToString();
  const TraceOutcome o = TraceOne(*both, request, TraceOptions{});
  EXPECT_FALSE(o.person.has_value()) << "answered " << StepName(o.step);
  EXPECT_EQ(o.code, code::kMultipleMatches);
  EXPECT_EQ(o.step, Step::kRelaxedDistrict);
  ASSERT_TRUE(o.best.has_value() && o.runner_up.has_value());
  EXPECT_EQ(both->person(o.best->id)->nhs_number, kNamesake);
  EXPECT_EQ(both->person(o.runner_up->id)->nhs_number, kMeant);
  EXPECT_GT(o.runner_up->comparison.total, o.best->comparison.total);
  ASSERT_FALSE(o.notes.empty());
  EXPECT_NE(o.notes.back().find("relaxed_day_month_swap"), std::string::npos);

  // Either alone is answered as before: the guard weighs rivals, it does not forbid a rung.
  auto namesake_only = DemographicIndex::Build({namesake});
  ASSERT_TRUE(namesake_only.ok());
  const TraceOutcome district = TraceOne(*namesake_only, request, TraceOptions{});
  EXPECT_EQ(district.step, Step::kRelaxedDistrict);
  ASSERT_TRUE(district.person.has_value());
  auto meant_only = DemographicIndex::Build({meant});
  ASSERT_TRUE(meant_only.ok());
  const TraceOutcome swapped = TraceOne(*meant_only, request, TraceOptions{});
  EXPECT_EQ(swapped.step, Step::kRelaxedDaySwap);
  ASSERT_TRUE(swapped.person.has_value());
  EXPECT_EQ(meant_only->person(*swapped.person)->nhs_number, kMeant);
}

// The wrong answers the district rung gave at ten million people: a date of birth with one digit
// wrong, sent from the person's own postcode, and a namesake born on the date as sent in the
// same district. No rung finds the person meant (no rung takes a mistyped date), but the
// probabilistic step would rank them first: the district rung's one match is not taken.
TEST(LaterRungRival, ADistrictNamesakeDoesNotTakeTheRowFromAStrongerCandidate) {
  constexpr const char* kMeant = "9990000220";     // born 5 March 1970, at LS6 2AA
  constexpr const char* kNamesake = "9990000239";  // born 6 March 1970, at LS6 9ZZ
  const Person meant = MakePerson(kMeant, 19700305, '1', "Smith", "John", "LS6 2AA");
  const Person namesake = MakePerson(kNamesake, 19700306, '1', "Smith", "J", "LS6 9ZZ");
  const TraceQuery request = MakeQuery(MakeRow("", "Smith", "John", "1", 19700306, "LS6 2AA"));

  auto namesake_only = DemographicIndex::Build({namesake});
  ASSERT_TRUE(namesake_only.ok());
  const TraceOutcome alone = TraceOne(*namesake_only, request, TraceOptions{});
  ASSERT_EQ(alone.step, Step::kRelaxedDistrict) << "the scenario no longer reaches the rung";
  ASSERT_TRUE(alone.person.has_value());

  auto both = DemographicIndex::Build({meant, namesake});
  ASSERT_TRUE(both.ok());
  const TraceOutcome o = TraceOne(*both, request, TraceOptions{});
  EXPECT_FALSE(o.person.has_value());
  EXPECT_EQ(o.code, code::kMultipleMatches);
  EXPECT_EQ(o.step, Step::kRelaxedDistrict);
  ASSERT_TRUE(o.best.has_value() && o.runner_up.has_value());
  EXPECT_EQ(both->person(o.best->id)->nhs_number, kNamesake);
  EXPECT_EQ(both->person(o.runner_up->id)->nhs_number, kMeant);
  EXPECT_GT(o.runner_up->comparison.total, o.best->comparison.total);
  ASSERT_FALSE(o.notes.empty());
  EXPECT_NE(o.notes.back().find("probabilistic"), std::string::npos) << o.notes.back();
}

TEST(TraceLadderBirthDateRival, AMistypedDateBesideANamesakeBornOnItIsWithheld) {
  // Ada at LS1 4HR, born on the 12th; a namesake born on the 13th at M1 9ZZ. "Ada Pemberton,
  // born on the 13th, LS1 4HR" is either the first with a mistyped date or the second, moved to
  // LS1 4HR without the index being told.
  auto built = DemographicIndex::Build(
      {MakePerson("9990000018", 19800312, '2', "Pemberton", "Ada", "LS1 4HR"),
       MakePerson("9990000026", 19800313, '2', "Pemberton", "Ada", "M1 9ZZ")});
  ASSERT_TRUE(built.ok());
  const TraceQuery query = MakeQuery(MakeRow("", "Pemberton", "Ada", "2", 19800313, "LS1 4HR"));

  TraceOptions without;
  without.birth_date_rival = false;
  const TraceOutcome guessed = TraceOne(*built, query, without);
  ASSERT_EQ(guessed.step, Step::kProbabilistic) << guessed.reason;
  EXPECT_TRUE(guessed.person.has_value()) << "the weights alone pick the postcode's Ada";

  TraceOptions with;
  with.birth_date_rival = true;
  const TraceOutcome o = TraceOne(*built, query, with);
  EXPECT_EQ(o.step, Step::kProbabilistic);
  EXPECT_EQ(o.code, code::kMultipleMatches) << o.reason;
  EXPECT_FALSE(o.person.has_value());
  ASSERT_TRUE(o.runner_up.has_value());
  EXPECT_EQ(o.runner_up->comparison.levels[kBirthDate], Level::kExact);
}

TEST(TraceLadderBirthDateRival, AMistypedDateWithNoNamesakeIsStillAnswered) {
  auto built = DemographicIndex::Build(
      {MakePerson("9990000018", 19800312, '2', "Pemberton", "Ada", "LS1 4HR"),
       MakePerson("9990000026", 19800313, '2', "Pemberton", "Grace", "M1 9ZZ")});
  ASSERT_TRUE(built.ok());
  TraceOptions with;
  with.birth_date_rival = true;
  const TraceOutcome o =
      TraceOne(*built, MakeQuery(MakeRow("", "Pemberton", "Ada", "2", 19800313, "LS1 4HR")), with);
  EXPECT_EQ(o.code, code::kSuccess) << o.reason;
  EXPECT_TRUE(o.person.has_value());
}

}  // namespace
}  // namespace mhds::trace
