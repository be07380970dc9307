#include "mhds/trace/trace_batch.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "mhds/trace/synthetic_population.h"
#include "mhds/trace/testing_people.h"

namespace mhds::trace {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

std::vector<std::string> Cells(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  for (char c : line) {
    if (c == ',') {
      cells.push_back(cell);
      cell.clear();
    } else {
      cell += c;
    }
  }
  cells.push_back(cell);
  return cells;
}

class TraceBatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<Person> people;
    Person ada = testing::MakePerson("9990000018", 19800312, '2', "Pemberton", "Ada", "LS1 4HR");
    ada.addresses.front().valid_from = 20200101;
    PersonAddress earlier;
    earlier.lines[0] = "17 Station Road";
    earlier.postcode = "M1 2AB";
    earlier.valid_to = 20200101;
    ada.addresses.push_back(earlier);
    people.push_back(ada);
    Person grace =
        testing::MakePerson("9990000050", 19650720, '2', "Lindqvist", "Grace", "YO1 7HH");
    grace.sensitive = true;
    grace.date_of_death = 20250101;
    people.push_back(grace);
    auto built = DemographicIndex::Build(people);
    ASSERT_TRUE(built.ok());
    index_ = std::make_unique<DemographicIndex>(std::move(*built));
  }

  BatchResult Run(const std::string& records, size_t count) {
    const std::string text = "MPTREQ_20261123120000,SPINE_MPTPHASE4_TRACE,20261123120000," +
                             std::to_string(count) + "\r\n" + records;
    return TraceBatch(*index_, ParseRequest(text, "request.csv", "request.csv"), TraceOptions{});
  }

  std::unique_ptr<DemographicIndex> index_;
};

constexpr int kResponseColumns = 29;
constexpr int kCode = 25, kMatched = 26, kIndicator = 27, kConfidence = 28;

TEST_F(TraceBatchTest, WritesTheResponseHeaderAndOneRecordPerRow) {
  const BatchResult result =
      Run("R1,,Pemberton,Ada,,2,19800312,LS1 4HR,,,,,,,,,,,,L1,I1,,,\r\n"
          "R2,,Lindqvist,Grace,,2,19650720,YO1 7HH,,,,,,,,,,,,,,,,\r\n"
          "R3,,Pemberton,Ada,,X,19800312,LS1 4HR,,,,,,,,,,,,,,,,\r\n",
          3);
  const std::vector<std::string> lines = Lines(ResponseText(result, *index_, {}));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "MPTREQ_20261123120000,SPINE_MPTPHASE4_TRACE,3,00");
  const std::vector<std::string> ada = Cells(lines[1]);
  ASSERT_EQ(ada.size(), static_cast<size_t>(kResponseColumns));
  EXPECT_EQ(ada[0], "R1");
  EXPECT_EQ(ada[2], "Pemberton");
  EXPECT_EQ(ada[13], "LS1 4HR");
  EXPECT_EQ(ada[18], "L1");  // LOCAL_PATIENT_ID echoed
  EXPECT_EQ(ada[19], "I1");
  EXPECT_EQ(ada[kCode], "00");
  EXPECT_EQ(ada[kMatched], "9990000018");
  EXPECT_EQ(ada[kIndicator], "3");
  EXPECT_EQ(ada[kConfidence], "100");

  // A sensitive record: the number and code 92, no demographics at all.
  const std::vector<std::string> grace = Cells(lines[2]);
  ASSERT_EQ(grace.size(), static_cast<size_t>(kResponseColumns));
  EXPECT_EQ(grace[kCode], "92");
  EXPECT_EQ(grace[kMatched], "9990000050");
  EXPECT_EQ(grace[23], "S");  // SENSITIVITY_FLAG
  for (int column = 2; column <= 16; ++column) EXPECT_EQ(grace[column], "") << column;

  const std::vector<std::string> bad = Cells(lines[3]);
  EXPECT_EQ(bad[kCode], "12");
  EXPECT_EQ(bad[kMatched], "");
  EXPECT_EQ(bad[kIndicator], "0");
}

TEST_F(TraceBatchTest, AnswersAsAtTheRequestedDate) {
  const BatchResult result = Run("R1,9990000018,,,,,19800312,,,,,,,,,,,,20150601,,,,,\r\n", 1);
  const std::vector<std::string> lines = Lines(ResponseText(result, *index_, {}));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(Cells(lines[1])[13], "M1 2AB");
  EXPECT_EQ(Cells(lines[1])[17], "20150601");
}

TEST_F(TraceBatchTest, ARejectedFileGetsItsCodeAndNoRows) {
  const BatchResult result = Run("R1,,Pemberton,Ada,,2,19800312,LS1 4HR,,,,,,,,,,,,,,,,\r\n", 5);
  EXPECT_TRUE(result.file_rejected());
  EXPECT_EQ(Lines(ResponseText(result, *index_, {})),
            std::vector<std::string>{"MPTREQ_20261123120000,SPINE_MPTPHASE4_TRACE,0,04"});
  const std::vector<std::string> explanation = Lines(ExplanationText(result));
  ASSERT_EQ(explanation.size(), 2u);
  EXPECT_NE(explanation[1].find("04"), std::string::npos);
  EXPECT_NE(explanation[1].find("declares 5"), std::string::npos) << explanation[1];
}

TEST_F(TraceBatchTest, ScoreColumnsAreFilledForTheProbabilisticStepOnly) {
  const BatchResult result =
      Run("R1,,Pemberton,Ada,,2,19800313,LS1 4HR,,,,,,,,,,,,,,,,\r\n"
          "R2,,Pemberton,Ada,,2,19800312,LS1 4HR,,,,,,,,,,,,,,,,\r\n",
          2);
  ResponseOptions options;
  options.score_columns = true;
  const std::vector<std::string> lines = Lines(ResponseText(result, *index_, options));
  ASSERT_EQ(lines.size(), 3u);
  const std::vector<std::string> scored = Cells(lines[1]);
  ASSERT_EQ(scored.size(), static_cast<size_t>(kResponseColumns + 5));
  EXPECT_EQ(scored[kIndicator], "4");
  EXPECT_EQ(scored[29], "100.00");  // family name
  EXPECT_EQ(scored[31], "70.00");   // date of birth: one digit apart
  const std::vector<std::string> exact = Cells(lines[2]);
  EXPECT_EQ(exact[kIndicator], "3");
  EXPECT_EQ(exact[29], "");
}

TEST_F(TraceBatchTest, TheExplanationNamesLevelsButNoOnesData) {
  const BatchResult result =
      Run("R1,,Zzyzx,Zara,,2,19990909,LS1 4HR,,,,,,,,,,,,,,,,\r\n"
          "R2,,Pemberton,Ada,,2,19800312,M1 2AB,,,,,,,,,,,,,,,,\r\n",
          2);
  const std::string explanation = ExplanationText(result);
  const std::vector<std::string> lines = Lines(explanation);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_NE(lines[1].find("family_name=disagree"), std::string::npos) << lines[1];
  EXPECT_NE(lines[2].find("relaxed_history"), std::string::npos) << lines[2];
  EXPECT_NE(lines[2].find("postcode=earlier"), std::string::npos) << lines[2];
  for (const char* secret : {"Pemberton", "9990000018", "LS1 4HR", "19800312", "Lindqvist"}) {
    EXPECT_EQ(lines[1].find(secret), std::string::npos) << secret;
  }
}

// Outcome per reference, for comparing runs.
std::map<std::string, std::string> Answers(const BatchResult& result,
                                           const DemographicIndex& index) {
  std::map<std::string, std::string> answers;
  for (size_t i = 0; i < result.outcomes.size(); ++i) {
    const TraceOutcome& o = result.outcomes[i];
    answers[std::string(result.request.rows[i].Field(kUniqueReference))] =
        std::string(o.code) + "/" + std::string(StepName(o.step)) + "/" +
        (o.person ? index.person(*o.person)->nhs_number : "");
  }
  return answers;
}

TEST(TraceBatchGenerated, IsDeterministicAndIndependentOfRowOrder) {
  const std::vector<Person> people = GeneratePeople(3000, 7);
  std::vector<SyntheticRequest> requests = GenerateRequests(people, 400, 7);
  auto index = DemographicIndex::Build(people);
  ASSERT_TRUE(index.ok()) << index.status().ToString();

  const std::string text = RequestFileText(requests, "20261123120000");
  const BatchResult first =
      TraceBatch(*index, ParseRequest(text, "r.csv", "r.csv"), TraceOptions{});
  const BatchResult second =
      TraceBatch(*index, ParseRequest(text, "r.csv", "r.csv"), TraceOptions{});
  ASSERT_FALSE(first.file_rejected()) << first.request.problem;
  EXPECT_EQ(ResponseText(first, *index, {}), ResponseText(second, *index, {}));
  EXPECT_EQ(ExplanationText(first), ExplanationText(second));

  std::reverse(requests.begin(), requests.end());
  const BatchResult reversed = TraceBatch(
      *index, ParseRequest(RequestFileText(requests, "20261123120000"), "r.csv", "r.csv"),
      TraceOptions{});
  EXPECT_EQ(Answers(first, *index), Answers(reversed, *index));
}

TEST(TraceBatchGenerated, GivesTheSameOutcomesWhateverTheThreads) {
  const std::vector<Person> people = GeneratePeople(2000, 13);
  // Several chunks of rows per thread, so that the threads interleave.
  const std::vector<SyntheticRequest> requests = GenerateRequests(people, 1500, 13);
  auto index = DemographicIndex::Build(people);
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  const std::string text = RequestFileText(requests, "20261123120000");
  const BatchResult one = TraceBatch(*index, ParseRequest(text, "r.csv", "r.csv"), TraceOptions{});
  ASSERT_FALSE(one.file_rejected()) << one.request.problem;
  for (const unsigned threads : {2u, 4u}) {
    uint64_t last_done = 0;
    const BatchResult many = TraceBatch(
        *index, ParseRequest(text, "r.csv", "r.csv"), TraceOptions{},
        [&](uint64_t done, uint64_t total) {
          EXPECT_GT(done, last_done);
          EXPECT_EQ(total, requests.size());
          last_done = done;
        },
        threads);
    EXPECT_EQ(last_done, requests.size());
    ASSERT_EQ(many.outcomes.size(), one.outcomes.size());
    EXPECT_EQ(ResponseText(many, *index, {}), ResponseText(one, *index, {})) << threads;
    EXPECT_EQ(ExplanationJsonLines(many), ExplanationJsonLines(one)) << threads;
  }
}

TEST(TraceBatchGenerated, ReturnsTheRightNumberOrNone) {
  const std::vector<Person> people = GeneratePeople(3000, 11);
  const std::vector<SyntheticRequest> requests = GenerateRequests(people, 600, 11);
  auto index = DemographicIndex::Build(people);
  ASSERT_TRUE(index.ok());
  const BatchResult result = TraceBatch(
      *index, ParseRequest(RequestFileText(requests, "20261123120000"), "r.csv", "r.csv"),
      TraceOptions{});
  ASSERT_EQ(result.outcomes.size(), requests.size());
  size_t answered = 0, wrong = 0, expected = 0;
  for (size_t i = 0; i < requests.size(); ++i) {
    const TraceOutcome& o = result.outcomes[i];
    if (!requests[i].expected_number.empty()) ++expected;
    if (!o.person) continue;
    ++answered;
    if (index->person(*o.person)->nhs_number != requests[i].expected_number) {
      ++wrong;
      ADD_FAILURE() << requests[i].corruption << " " << StepName(o.step) << ": " << o.reason;
    }
  }
  EXPECT_EQ(wrong, 0u);
  // Most traceable rows get their number; the rest are ambiguous (97) or too corrupted.
  EXPECT_GT(answered, expected * 8 / 10) << answered << " of " << expected;
}

}  // namespace
}  // namespace mhds::trace
