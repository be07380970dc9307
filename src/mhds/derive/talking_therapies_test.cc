// The Talking Therapies measures on a hand-worked fixture: testdata/talking-therapies, three
// monthly files of provider RX1: March 2022 in IAPT v2.0 (the last v2.0 month), April and May 2022
// in v2.1. Every expected figure below
// is worked out by hand from the pathways listed in testdata/README.md.
#include "mhds/derive/talking_therapies.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "mhds/derive/derivation_lists.h"
#include "mhds/derive/tt_output.h"
#include "mhds/io/table_source.h"
#include "mhds/io/testing/temp_dir.h"
#include "mhds/spec/spec.h"
#include "mhds/validate/validator.h"

namespace mhds::derive {
namespace {

using TM = TtMeasure;

const std::string kFixture =
    std::string(MHDS_SOURCE_DIR) + "/src/mhds/derive/testdata/" + "talking-therapies/";

// One month's file, opened and validated.
struct MonthFile {
  std::unique_ptr<io::TableSource> source;
  validate::ValidationResult validation;
  const spec::Spec* spec = nullptr;  // the version the file is in
};

class TalkingTherapiesFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    auto v20 = spec::LoadSpec(std::string(MHDS_SOURCE_DIR) + "/specs/iapt/2.0");
    ASSERT_TRUE(v20.ok()) << v20.status().message();
    spec_v20_ = std::move(v20).value();
    auto spec = spec::LoadSpec(std::string(MHDS_SOURCE_DIR) + "/specs/iapt/2.1");
    ASSERT_TRUE(spec.ok()) << spec.status().message();
    spec_ = std::move(spec).value();
    Open("2022-03", spec_v20_);
    Open("2022-04", spec_);
    Open("2022-05", spec_);
  }

  void Open(const std::string& month, const spec::Spec& spec) {
    auto source = io::OpenSource(kFixture + month);
    ASSERT_TRUE(source.ok()) << source.status().message();
    validate::ValidateOptions options;
    options.period = month;
    options.org = "RX1";
    auto result = validate::Validate(spec, **source, options);
    ASSERT_TRUE(result.ok()) << result.status().message();
    files_.push_back(MonthFile{std::move(source).value(), std::move(result).value(), &spec});
  }

  TtEarlierFile Earlier(size_t i) {
    return TtEarlierFile{files_[i].spec, files_[i].source.get(), &files_[i].validation};
  }

  Result<TtMonth> May(std::vector<TtEarlierFile> earlier) {
    return DeriveTtMonth(spec_, *files_[2].source, files_[2].validation, earlier);
  }

  spec::Spec spec_v20_;
  spec::Spec spec_;
  std::vector<MonthFile> files_;  // March, April, May
};

TEST_F(TalkingTherapiesFixture, MayLeavesOutTheReferralWithNoPatientAndEverythingUnderIt) {
  EXPECT_FALSE(files_[0].validation.file_rejected);  // v2.0 is in force for March 2022
  EXPECT_EQ(files_[0].validation.RowsRejected(), 0u);
  EXPECT_EQ(files_[1].validation.RowsRejected(), 0u);
  // SR8 (patient LPI099 has no MPI row), its contact C801, activity A801 and two scores.
  EXPECT_EQ(files_[2].validation.RowsRejected(), 5u);
}

TEST_F(TalkingTherapiesFixture, ProviderFiguresWithTheEarlierMonths) {
  auto month = May({Earlier(0), Earlier(1)});
  ASSERT_TRUE(month.ok()) << month.status().message();
  EXPECT_EQ(month->provider, "RX1");
  EXPECT_EQ(month->pathways_read, 9u);  // SR1-SR7, SR9, SR10; not SR8
  EXPECT_EQ(month->earlier_files, 2u);
  EXPECT_EQ(month->scores_unreadable, 1u);  // A202's PHQ-9 "n/a"
  ASSERT_EQ(month->figures.size(), 3u);     // RX1, 00T, 01A
  const TtFigures& f = month->figures[0];
  EXPECT_EQ(f.level, "provider");
  // Received in May: SR2 (05-02), SR7 (05-20).
  EXPECT_EQ(f.count(TM::kReferralsReceived), 2u);
  // First treatment in May: SR2 (C202, 05-16, 14 days after referral; C201 is an assessment) and
  // SR6 (C601, 05-18, 47 days). SR1, SR3, SR4, SR9 and SR10 entered earlier, seen only through
  // the March and April files.
  EXPECT_EQ(f.count(TM::kEnteredTreatment), 2u);
  EXPECT_EQ(f.count(TM::kEnteredWithin6Weeks), 1u);
  EXPECT_EQ(f.count(TM::kEnteredWithin18Weeks), 2u);
  EXPECT_EQ(f.count(TM::kWaitUnder29Days), 1u);
  EXPECT_EQ(f.count(TM::kWait29To56Days), 1u);
  EXPECT_EQ(f.count(TM::kWait57To90Days), 0u);
  EXPECT_EQ(f.count(TM::kWaitOver90Days), 0u);
  // SR7: open at the month end, never treated. SR5 ended untreated on 05-06.
  EXPECT_EQ(f.count(TM::kWaitingForTreatment), 1u);
  // Ended in May: SR1, SR3, SR4, SR5, SR6, SR9, SR10.
  EXPECT_EQ(f.count(TM::kEndedReferrals), 7u);
  EXPECT_EQ(f.count(TM::kEndedBeforeTreatment), 1u);  // SR5
  EXPECT_EQ(f.count(TM::kEndedTreatedOnce), 1u);      // SR6 (C602 was cancelled by the patient)
  // Two or more treatment appointments: SR1 (3), SR3, SR4, SR9, SR10 (2 each).
  EXPECT_EQ(f.count(TM::kFinishedCourse), 5u);
  // Their waits: SR1 19, SR3 100, SR4 28, SR9 17, SR10 7 days.
  EXPECT_EQ(f.count(TM::kFinishedWithin6Weeks), 4u);
  EXPECT_EQ(f.count(TM::kFinishedWithin18Weeks), 5u);
  // First paired scores: SR1 15/12, SR3 8/6 (below both thresholds), SR4 12/9, SR9 20/15;
  // SR10 has a PHQ-9 score only, so no pair and no outcome.
  EXPECT_EQ(f.count(TM::kNotAtCaseness), 1u);  // SR3
  EXPECT_EQ(f.count(TM::kRecovered), 1u);      // SR1: 15/12 -> 5/4
  // SR1 (-10/-8) and SR9 (20/15 -> 12/9: -8/-6, still at caseness, so not recovered).
  EXPECT_EQ(f.count(TM::kReliableImprovement), 2u);
  EXPECT_EQ(f.count(TM::kReliableDeterioration), 1u);  // SR4: PHQ-9 12 -> 18, GAD-7 9 -> 9
  EXPECT_EQ(f.count(TM::kReliableRecovery), 1u);       // SR1
  // Contacts dated in May of counted pathways: C103, C201-C203, C302, C402, C601, C602, C902,
  // C1002.
  EXPECT_EQ(f.count(TM::kAppointments), 10u);
  EXPECT_EQ(f.appointments_by_attendance.at("5"), 7u);
  EXPECT_EQ(f.appointments_by_attendance.at("6"), 1u);  // C103
  EXPECT_EQ(f.appointments_by_attendance.at("3"), 1u);  // C203, did not attend
  EXPECT_EQ(f.appointments_by_attendance.at("2"), 1u);  // C602
  EXPECT_EQ(f.endings_by_end_code.at("46"), 4u);
  EXPECT_EQ(f.endings_by_end_code.at("47"), 2u);
  EXPECT_EQ(f.endings_by_end_code.at("12"), 1u);
}

TEST_F(TalkingTherapiesFixture, CommissionerFiguresSplitThePathways) {
  auto month = May({Earlier(1), Earlier(0)});  // any order
  ASSERT_TRUE(month.ok()) << month.status().message();
  const TtFigures& t00 = month->figures[1];
  const TtFigures& a01 = month->figures[2];
  EXPECT_EQ(t00.commissioner, "00T");  // SR1, SR2, SR5, SR6, SR7, SR10
  EXPECT_EQ(a01.commissioner, "01A");  // SR3, SR4, SR9
  EXPECT_EQ(t00.count(TM::kFinishedCourse), 2u);
  EXPECT_EQ(a01.count(TM::kFinishedCourse), 3u);
  EXPECT_EQ(t00.count(TM::kRecovered), 1u);
  EXPECT_EQ(a01.count(TM::kNotAtCaseness), 1u);
  EXPECT_EQ(a01.count(TM::kReliableImprovement), 1u);
  EXPECT_EQ(t00.count(TM::kAppointments) + a01.count(TM::kAppointments), 10u);
  for (size_t m = 0; m < kTtMeasureCount; ++m) {
    EXPECT_EQ(t00.counts[m] + a01.counts[m], month->figures[0].counts[m]) << "measure " << m;
  }
}

TEST_F(TalkingTherapiesFixture, WithoutEarlierMonthsTreatmentBeforeTheMonthIsNotSeen) {
  auto month = May({});
  ASSERT_TRUE(month.ok()) << month.status().message();
  const TtFigures& f = month->figures[0];
  // Only May's treatment appointments are seen, so each treated pathway seems to enter treatment
  // in May: SR2 (C202), SR6 (C601), and wrongly SR1 (C103), SR3 (C302), SR4 (C402), SR9 (C902)
  // and SR10 (C1002).
  EXPECT_EQ(f.count(TM::kEnteredTreatment), 7u);
  // Nobody has two treatment appointments in May alone, so no course is finished.
  EXPECT_EQ(f.count(TM::kFinishedCourse), 0u);
  EXPECT_EQ(month->earlier_files, 0u);
  EXPECT_NE(TtTerminalTable(*month, true).find("Only this month's file was read"),
            std::string::npos);
}

TEST_F(TalkingTherapiesFixture, RefusesAnEarlierFileThatIsNotEarlier) {
  TtEarlierFile may{&spec_, files_[2].source.get(), &files_[2].validation};
  auto month = DeriveTtMonth(spec_, *files_[1].source, files_[1].validation, {may});
  ASSERT_FALSE(month.ok());
  EXPECT_NE(month.status().message().find("not before the month derived"), std::string::npos);
  auto twice = May({Earlier(1), Earlier(1)});
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.status().message().find("only the latest accepted one"), std::string::npos);
}

TEST_F(TalkingTherapiesFixture, PublishedOutputWithholdsSmallCountsAndKeepsRatesFromExactOnes) {
  auto month = May({Earlier(0), Earlier(1)});
  ASSERT_TRUE(month.ok());
  const std::string csv = TtCsv(*month, true);
  // 7 ended referrals round to 5; 2 received is withheld; the recovery rate of 1 / 4 is withheld
  // because its numerator is under 5.
  EXPECT_NE(csv.find("RX1,2022-05-01,provider,,EndedReferrals,M056,5,\r\n"), std::string::npos);
  EXPECT_NE(csv.find("RX1,2022-05-01,provider,,ReferralsReceived,M001,*,\r\n"), std::string::npos);
  EXPECT_NE(csv.find("RX1,2022-05-01,provider,,RecoveryRate,M192,,*\r\n"), std::string::npos);
  const std::string exact = TtCsv(*month, false);
  EXPECT_NE(exact.find("RX1,2022-05-01,provider,,RecoveryRate,M192,,25.0\r\n"), std::string::npos);
  EXPECT_NE(TtJson(*month, true).find("\"measure_set\": \"NHS Talking Therapies\""),
            std::string::npos);
}

// The outcome rules on their own, at the thresholds of specs/iapt/2.1/derivations.csv.
class OutcomeRules : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = LoadTtSettings(std::string(MHDS_SOURCE_DIR) + "/specs/iapt/2.1");
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    s_ = *loaded;
  }
  TtSettings s_;
};

TEST_F(OutcomeRules, CasenessIsAtOrAboveEitherThreshold) {
  EXPECT_TRUE(AtCaseness({.phq9 = 10, .gad7 = 0}, s_));
  EXPECT_TRUE(AtCaseness({.phq9 = 0, .gad7 = 8}, s_));
  EXPECT_FALSE(AtCaseness({.phq9 = 9, .gad7 = 7}, s_));
}

TEST_F(OutcomeRules, ReliableChangeNeedsTheThresholdAndNoOppositeChange) {
  EXPECT_TRUE(ReliablyImproved({.phq9 = 16, .gad7 = 10}, {.phq9 = 10, .gad7 = 10}, s_));
  EXPECT_FALSE(ReliablyImproved({.phq9 = 15, .gad7 = 10}, {.phq9 = 10, .gad7 = 10}, s_));
  EXPECT_TRUE(ReliablyImproved({.phq9 = 10, .gad7 = 12}, {.phq9 = 10, .gad7 = 8}, s_));
  // A reliable fall on one and a reliable rise on the other is neither.
  EXPECT_FALSE(ReliablyImproved({.phq9 = 16, .gad7 = 4}, {.phq9 = 10, .gad7 = 8}, s_));
  EXPECT_FALSE(ReliablyDeteriorated({.phq9 = 16, .gad7 = 4}, {.phq9 = 10, .gad7 = 8}, s_));
  EXPECT_TRUE(ReliablyDeteriorated({.phq9 = 4, .gad7 = 4}, {.phq9 = 10, .gad7 = 4}, s_));
}

TEST(TtSettingsLoader, NamesTheLineAndColumnOfABadValue) {
  const std::filesystem::path dir = io::testing::ProcessTempPath("tt-settings-bad-value");
  std::filesystem::create_directories(dir);
  std::ifstream in(std::string(MHDS_SOURCE_DIR) + "/specs/iapt/2.1/derivations.csv");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t at = text.find("phq9_caseness,10");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 16, "phq9_caseness,ten");
  std::ofstream(dir / "derivations.csv") << text;
  auto loaded = LoadTtSettings(dir);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("derivations.csv:9:2: 'ten' is not a valid value"),
            std::string::npos)
      << loaded.status().message();
}

TEST(TtSettingsLoader, AnotherMeasureSetIsNotFound) {
  auto loaded = LoadTtSettings(std::string(MHDS_SOURCE_DIR) + "/specs/mhsds/6.0");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kNotFound);
  EXPECT_NE(loaded.status().message().find("measure_set is 'ips'"), std::string::npos)
      << loaded.status().message();
}

TEST(TtSettingsLoader, ARepeatedNumberNamesItsSecondRow) {
  const std::filesystem::path dir = io::testing::ProcessTempPath("tt-settings-repeated");
  std::filesystem::create_directories(dir);
  std::ifstream in(std::string(MHDS_SOURCE_DIR) + "/specs/iapt/2.1/derivations.csv");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::ofstream(dir / "derivations.csv") << text << "gad7_caseness,9,,\n";
  auto loaded = LoadTtSettings(dir);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kSpecError);
  EXPECT_NE(loaded.status().message().find("derivations.csv:20:2: 'gad7_caseness' takes one row; "
                                           "it is already set on line 12"),
            std::string::npos)
      << loaded.status().message();
}

TEST(DerivationLists, OneFormatServesBothMeasureSets) {
  auto ips = DerivationLists::ReadFolder(std::string(MHDS_SOURCE_DIR) + "/specs/mhsds/6.0");
  auto tt = DerivationLists::ReadFolder(std::string(MHDS_SOURCE_DIR) + "/specs/iapt/2.0");
  ASSERT_TRUE(ips.ok()) << ips.status().message();
  ASSERT_TRUE(tt.ok()) << tt.status().message();
  EXPECT_EQ(ips->MeasureSet(), "ips");
  EXPECT_EQ(tt->MeasureSet(), "talking_therapies");
  // The attended codes are one list name in both.
  EXPECT_EQ(ips->Codes("attended"), (std::vector<std::string>{"5", "6"}));
  EXPECT_EQ(tt->Codes("attended"), (std::vector<std::string>{"5", "6"}));
  auto blank = DerivationLists::Parse("list,code,meaning,source\nattended,,,\n", "d.csv");
  ASSERT_FALSE(blank.ok());
  EXPECT_NE(blank.status().message().find("d.csv:2:2: the code is blank"), std::string::npos);
}

}  // namespace
}  // namespace mhds::derive
