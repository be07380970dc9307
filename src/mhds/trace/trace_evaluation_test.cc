#include "mhds/trace/trace_evaluation.h"

#include <gtest/gtest.h>

#include "mhds/trace/testing_people.h"

namespace mhds::trace {
namespace {

using testing::MakePerson;
using testing::MakeRow;

constexpr const char* kEvalAda = "9990000018";
constexpr const char* kEvalWilliam = "9990000026";
constexpr const char* kEvalJohn1 = "9990000123";
constexpr const char* kEvalJohn2 = "9990000131";

RequestRow EvalRow(std::string reference, RequestRow row) {
  row.fields[kUniqueReference] = std::move(reference);
  return row;
}

TEST(Evaluate, CountsRightWrongAmbiguousAndUnansweredPerStep) {
  auto index = DemographicIndex::Build(
      {MakePerson(kEvalAda, 19800312, '2', "Pemberton", "Ada", "LS1 4HR"),
       MakePerson(kEvalWilliam, 19751105, '1', "Ashworth", "William", "BD7 1DP"),
       MakePerson(kEvalJohn1, 19700101, '1', "Smith", "John", "LS6 2AA"),
       MakePerson(kEvalJohn2, 19700101, '1', "Smith", "John", "LS6 3BB")});
  ASSERT_TRUE(index.ok());
  BatchResult result;
  result.request.file_code = code::kSuccess;
  RequestFile& request = result.request;
  request.rows = {EvalRow("A", MakeRow("", "Pemberton", "Ada", "2", 19800312, "LS1 4HR")),
                  EvalRow("B", MakeRow("", "Ashworth", "William", "1", 19751105, "BD7 1DP")),
                  EvalRow("C", MakeRow("", "Smith", "John", "1", 19700101, "")),
                  EvalRow("D", MakeRow("", "Nobody", "Here", "1", 19990101, "ZZ1 1ZZ")),
                  EvalRow("E", MakeRow("", "Pemberton", "Ada", "2", 19800312, "LS1 4HR"))};
  for (const RequestRow& row : request.rows) {
    result.outcomes.push_back(TraceOne(*index, MakeQuery(row), TraceOptions{}));
  }
  // B is answered with William, but the truth says it was someone else: a wrong answer.
  auto truth = ParseTruth(
      "UNIQUE_REFERENCE,EXPECTED_NHS_NO,CORRUPTION\nA,9990000018,exact\nB,9990000123,exact\n"
      "C,9990000123,no_postcode\nD,,not_in_index\n",
      "truth.csv");
  ASSERT_TRUE(truth.ok()) << truth.status().ToString();
  const Evaluation e = Evaluate(result, *index, *truth);
  EXPECT_EQ(e.rows_without_truth, 1u);  // E
  EXPECT_EQ(e.total.rows, 4u);
  EXPECT_EQ(e.total.traceable, 3u);
  EXPECT_EQ(e.total.correct, 1u);
  EXPECT_EQ(e.total.wrong, 1u);
  EXPECT_EQ(e.total.ambiguous, 1u);
  EXPECT_EQ(e.total.unanswered, 1u);
  EXPECT_DOUBLE_EQ(e.total.precision(), 0.5);
  EXPECT_DOUBLE_EQ(e.total.recall(), 1.0 / 3);
  ASSERT_TRUE(e.by_step.count("exact"));
  EXPECT_EQ(e.by_step.at("exact").answered(), 2u);
  EXPECT_EQ(e.by_step.at("exact").traceable, 3u);  // recall per step is over all rows
  EXPECT_EQ(e.by_corruption.at("exact").wrong, 1u);
  EXPECT_EQ(e.by_corruption.at("no_postcode").ambiguous, 1u);
}

TEST(ParseTruth, RejectsARepeatedReferenceWithItsLine) {
  auto truth = ParseTruth("UNIQUE_REFERENCE,EXPECTED_NHS_NO\nA,\nA,9990000018\n", "t.csv");
  ASSERT_FALSE(truth.ok());
  EXPECT_NE(truth.status().message().find("t.csv:3: column 1 (UNIQUE_REFERENCE)"),
            std::string::npos)
      << truth.status().message();
  EXPECT_FALSE(ParseTruth("REF,NUMBER\n", "t.csv").ok());
}

}  // namespace
}  // namespace mhds::trace
