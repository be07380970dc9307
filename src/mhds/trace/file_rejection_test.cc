#include "mhds/trace/file_rejection.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <new>
#include <stdexcept>

#include "mhds/io/testing/temp_dir.h"
#include "mhds/trace/testing_people.h"

namespace mhds::trace {
namespace {

constexpr std::string_view kTwoRows =
    "MPTREQ_20261123120000,SPINE_MPTPHASE4_TRACE,20261123120000,2\r\n"
    "R1,,Pemberton,Ada,,2,19800312,LS1 4HR,,,,,,,,,,,,,,,,\r\n"
    "R2,9990000018,,,,,19800312,,,,,,,,,,,,,,,,,\r\n";

class FileRejectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto built = DemographicIndex::Build(
        {testing::MakePerson("9990000018", 19800312, '2', "Pemberton", "Ada", "LS1 4HR")});
    ASSERT_TRUE(built.ok());
    index_ = std::make_unique<DemographicIndex>(std::move(*built));
  }
  static RequestFile Request(std::string_view text = kTwoRows) {
    return ParseRequest(text, "request.csv", "request.csv");
  }
  std::unique_ptr<DemographicIndex> index_;
};

TEST_F(FileRejectionTest, AFaultPartWayIsRethrownWithNoFileWrittenWhateverTheThreads) {
  // The fault is planted in the progress callback, called between chunks of rows.
  const io::testing::TempDir temp;
  const std::filesystem::path dir = temp.path();
  BatchFiles files;
  files.response = dir / "response.csv";
  files.explanation = dir / "explanation.csv";
  files.explanation_jsonl = dir / "explanation.jsonl";
  for (unsigned threads : {1u, 3u}) {
    const RequestFile request = Request();
    EXPECT_THROW((void)TraceBatchToFiles(*index_, request, TraceOptions{}, files, threads,
                                         [](uint64_t, uint64_t) { throw std::bad_alloc(); }),
                 std::bad_alloc)
        << threads << " threads";
    EXPECT_TRUE(std::filesystem::is_empty(dir)) << "no file, whole or temporary";
  }
  // Without the fault the same call writes the three files.
  const RequestFile request = Request();
  auto traced = TraceBatchToFiles(*index_, request, TraceOptions{}, files, 3);
  ASSERT_TRUE(traced.ok()) << traced.status().message();
  EXPECT_EQ(traced->matched, 2u);
  EXPECT_TRUE(std::filesystem::exists(files.explanation_jsonl));
}

TEST_F(FileRejectionTest, AFaultPartWayAnswersTheWholeFileWith05AndNoRows) {
  const BatchResult result =
      RejectedBatch(Request(), code::kUnexpectedError, "the file could not be traced to the end");
  EXPECT_TRUE(result.request.rows.empty());
  EXPECT_TRUE(result.outcomes.empty());
  EXPECT_EQ(ResponseText(result, *index_, {}),
            "MPTREQ_20261123120000,SPINE_MPTPHASE4_TRACE,0,05\r\n");
  EXPECT_NE(ExplanationText(result).find("could not be traced to the end"), std::string::npos);
}

TEST_F(FileRejectionTest, AnUnreadableIndexAnswersTheFileWith14) {
  const BatchResult result =
      RejectedBatch(Request(), code::kDatastoreError, "the demographic index cannot be read");
  EXPECT_EQ(ResponseText(result, *index_, {}),
            "MPTREQ_20261123120000,SPINE_MPTPHASE4_TRACE,0,14\r\n");
  EXPECT_NE(ExplanationJsonLines(result).find("\"14\""), std::string::npos);
}

TEST_F(FileRejectionTest, AFileRejectedForItselfKeepsItsOwnCode) {
  // A count that does not match is the sender's to fix, whatever the index's state.
  const BatchResult result =
      RejectedBatch(Request("MPTREQ_20261123120000,SPINE_MPTPHASE4_TRACE,20261123120000,5\r\n"),
                    code::kDatastoreError, "the demographic index cannot be read");
  EXPECT_EQ(result.request.file_code, code::kCountMismatch);
}

}  // namespace
}  // namespace mhds::trace
