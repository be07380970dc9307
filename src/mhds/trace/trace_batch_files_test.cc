#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "mhds/io/testing/temp_dir.h"
#include "mhds/trace/synthetic_population.h"
#include "mhds/trace/trace_batch.h"

namespace mhds::trace {
namespace {

// A fresh folder per test, removed afterwards.
class TraceBatchFilesTest : public ::testing::Test {
 protected:
  static std::string Bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  BatchFiles Files(const std::string& tag) const {
    BatchFiles files;
    files.response = dir_ / ("response-" + tag + ".csv");
    files.response_options.score_columns = true;
    files.explanation = dir_ / ("explain-" + tag + ".csv");
    files.explanation_jsonl = dir_ / ("explain-" + tag + ".jsonl");
    return files;
  }

  io::testing::TempDir temp_;
  const std::filesystem::path dir_{temp_.path()};
};

TEST_F(TraceBatchFilesTest, WritesTheWholeTextsBytesWhateverTheThreads) {
  const std::vector<Person> people = GeneratePeople(2000, 21);
  // Enough rows for the ring of chunks to go round several times with four threads.
  const std::vector<SyntheticRequest> requests = GenerateRequests(people, 3000, 21);
  auto index = DemographicIndex::Build(people);
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  const std::string text = RequestFileText(requests, "20261123120000");
  const RequestFile request = ParseRequest(text, "r.csv", "r.csv");
  ASSERT_EQ(request.file_code, code::kSuccess) << request.problem;

  const BatchResult whole = TraceBatch(*index, request, TraceOptions{});
  ResponseOptions response_options;
  response_options.score_columns = true;
  const std::string response = ResponseText(whole, *index, response_options);
  const std::string explanation = ExplanationText(whole);
  const std::string jsonl = ExplanationJsonLines(whole);

  for (const unsigned threads : {1u, 4u}) {
    const BatchFiles files = Files(std::to_string(threads));
    uint64_t last_done = 0;
    auto summary = TraceBatchToFiles(*index, request, TraceOptions{}, files, threads,
                                     [&](uint64_t done, uint64_t total) {
                                       EXPECT_GT(done, last_done);
                                       EXPECT_EQ(total, requests.size());
                                       last_done = done;
                                     });
    ASSERT_TRUE(summary.ok()) << summary.status().ToString();
    EXPECT_EQ(last_done, requests.size());
    EXPECT_TRUE(Bytes(files.response) == response) << threads << " threads";
    EXPECT_TRUE(Bytes(files.explanation) == explanation) << threads << " threads";
    EXPECT_TRUE(Bytes(files.explanation_jsonl) == jsonl) << threads << " threads";
    EXPECT_EQ(summary->rows, requests.size());
    EXPECT_EQ(summary->matched, whole.Matched());
    EXPECT_EQ(summary->codes, whole.CodeCounts());
    EXPECT_EQ(summary->steps, whole.StepCounts());
  }
  // Read a few kilobytes at a time rather than whole: the same bytes.
  for (const unsigned threads : {1u, 3u}) {
    const BatchFiles files = Files("streamed" + std::to_string(threads));
    auto reader = RequestReader::FromText(text, "r.csv", "r.csv", 4096);
    auto summary = TraceBatchToFiles(*index, *reader, TraceOptions{}, files, threads);
    ASSERT_TRUE(summary.ok()) << summary.status().ToString();
    EXPECT_TRUE(Bytes(files.response) == response) << threads << " threads";
    EXPECT_TRUE(Bytes(files.explanation) == explanation) << threads << " threads";
    EXPECT_TRUE(Bytes(files.explanation_jsonl) == jsonl) << threads << " threads";
    EXPECT_EQ(summary->rows, requests.size());
    EXPECT_EQ(summary->codes, whole.CodeCounts());
  }
}

// A file whose fault lies half way or at its end is found rejected only after rows before it
// were traced and written: those rows must not survive, and the files answer the whole file
// with its code, as when it is read whole.
TEST_F(TraceBatchFilesTest, AFaultFoundPartWayLeavesOnlyTheFileLevelAnswer) {
  const std::vector<Person> people = GeneratePeople(500, 8);
  auto index = DemographicIndex::Build(people);
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  const std::string text = RequestFileText(GenerateRequests(people, 2000, 8), "20261123120000");
  const size_t half = text.size() / 2;
  const size_t line_end = text.find("\r\n", half) + 2;
  const std::string count_line = "20261123120000,2000\r\n";
  const size_t count_at = text.find(count_line);
  ASSERT_NE(count_at, std::string::npos);
  struct Case {
    std::string name;
    std::string text;
    std::string_view code;
  };
  const std::vector<Case> cases = {
      // A stray quote in a record half way through.
      {"csv", text.substr(0, line_end) + "R9,\"x\"y\r\n" + text.substr(line_end),
       code::kParseError},
      // One record fewer than the header declares: found only at the end.
      {"count", text.substr(0, text.rfind("\r\n", text.size() - 3) + 2), code::kCountMismatch},
      // The first record's reference again, half way (and the count one more, to match).
      {"repeat",
       text.substr(0, count_at) + "20261123120000,2001\r\n" +
           text.substr(count_at + count_line.size(), line_end - count_at - count_line.size()) +
           text.substr(text.find("R000001,"),
                       text.find("\r\n", text.find("R000001,")) + 2 - text.find("R000001,")) +
           text.substr(line_end),
       code::kUniqueReferenceError},
  };
  for (const Case& c : cases) {
    const RequestFile whole = ParseRequest(c.text, "r.csv", "r.csv");
    ASSERT_EQ(whole.file_code, c.code) << c.name << ": " << whole.problem;
    BatchResult rejected;
    rejected.request = whole;
    for (const unsigned threads : {1u, 2u}) {
      const BatchFiles files = Files(c.name + std::to_string(threads));
      auto reader = RequestReader::FromText(c.text, "r.csv", "r.csv", 4096);
      uint64_t rows_traced = 0;
      auto summary = TraceBatchToFiles(*index, *reader, TraceOptions{}, files, threads,
                                       [&](uint64_t done, uint64_t) { rows_traced = done; });
      ASSERT_TRUE(summary.ok()) << summary.status().ToString();
      EXPECT_EQ(summary->file_code, c.code) << c.name;
      EXPECT_EQ(summary->problem, whole.problem) << c.name;
      EXPECT_EQ(summary->rows, 0u);
      EXPECT_GT(rows_traced, 0u) << c.name << ": the fault was found before any row was traced";
      EXPECT_EQ(Bytes(files.response), ResponseText(rejected, *index, files.response_options))
          << c.name;
      EXPECT_EQ(Bytes(files.explanation), ExplanationText(rejected)) << c.name;
      EXPECT_EQ(Bytes(files.explanation_jsonl), ExplanationJsonLines(rejected)) << c.name;
    }
  }
  // No temporary copy is left beside them.
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
    EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << entry.path();
  }
}

TEST_F(TraceBatchFilesTest, ARejectedFileGetsTheWholeTextsToo) {
  auto index = DemographicIndex::Build(GeneratePeople(50, 3));
  ASSERT_TRUE(index.ok());
  const RequestFile request = ParseRequest("not a request file\r\n", "r.csv", "r.csv");
  ASSERT_NE(request.file_code, code::kSuccess);
  BatchResult whole;
  whole.request = request;
  const BatchFiles files = Files("rejected");
  auto summary = TraceBatchToFiles(*index, request, TraceOptions{}, files, 2);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_TRUE(summary->file_rejected());
  EXPECT_EQ(Bytes(files.response), ResponseText(whole, *index, files.response_options));
  EXPECT_EQ(Bytes(files.explanation), ExplanationText(whole));
  EXPECT_EQ(Bytes(files.explanation_jsonl), ExplanationJsonLines(whole));
}

TEST_F(TraceBatchFilesTest, AFileThatCannotBeWrittenLeavesNoneOfThem) {
  auto index = DemographicIndex::Build(GeneratePeople(200, 4));
  ASSERT_TRUE(index.ok());
  const std::vector<SyntheticRequest> requests = GenerateRequests(GeneratePeople(200, 4), 20, 4);
  const RequestFile request =
      ParseRequest(RequestFileText(requests, "20261123120000"), "r.csv", "r.csv");
  BatchFiles files = Files("unwritable");
  files.explanation_jsonl = dir_ / "missing" / "explain.jsonl";
  auto summary = TraceBatchToFiles(*index, request, TraceOptions{}, files, 2);
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), StatusCode::kIoError);
  EXPECT_TRUE(std::filesystem::is_empty(dir_));
}

}  // namespace
}  // namespace mhds::trace
