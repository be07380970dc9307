#include "mhds/generate/generator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "mhds/generate/expected.h"
#include "mhds/io/testing/temp_dir.h"

namespace mhds::generate {
namespace {

std::string ReadWhole(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every file of the folder, by name, with its bytes.
std::map<std::string, std::string> Files(const std::filesystem::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    files[entry.path().filename().string()] = ReadWhole(entry.path());
  }
  return files;
}

spec::Spec Load(const char* folder) {
  auto spec = spec::LoadSpec(std::string(MHDS_SOURCE_DIR) + "/specs/" + folder);
  EXPECT_TRUE(spec.ok()) << spec.status().message();
  return std::move(*spec);
}

GenerateOptions Options(const std::string& out, uint64_t seed) {
  GenerateOptions o;
  o.period = "2026-10";
  o.patients = 50;
  o.seed = seed;
  o.defect_rate = 0.3;
  o.out = out;
  return o;
}

TEST(Generate, RowsAsksForAboutThatManyRowsInAll) {
  io::testing::TempDir dir;
  for (const char* folder : {"mhsds/6.0", "iapt/2.1"}) {
    spec::Spec spec = Load(folder);
    GenerateOptions o = Options(dir.path() + "/" + std::string(folder).substr(0, 4), 3);
    o.defect_rate = 0;
    o.rows = 20000;
    auto summary = Generate(spec, o);
    ASSERT_TRUE(summary.ok()) << summary.status().message();
    // The patients come from the shape's average rows per patient: chance moves the total a
    // little, never by a tenth.
    EXPECT_GT(summary->rows, 18000u) << folder;
    EXPECT_LT(summary->rows, 22000u) << folder;
  }
}

TEST(Generate, PlantsRulesOfOncePerSubmissionTablesInRowsNothingNames) {
  io::testing::TempDir dir;
  spec::Spec spec = Load("mhsds/6.0");
  GenerateOptions o = Options(dir.path() + "/staff", 4);
  o.defect_rate = 0;
  // Blank staff and team items that no other row refers to.
  auto why_not = PlantableRules(spec, "");
  ASSERT_TRUE(why_not.ok());
  for (const PlantableRule& p : *why_not) {
    const spec::Rule& rule = spec.rules[p.rule];
    if (p.why_not.empty() && rule.kind == spec::RuleKind::kBlank && rule.table >= 0 &&
        (spec.tables[rule.table].code == "MHS901" || spec.tables[rule.table].code == "MHS902")) {
      o.defect_codes.push_back(rule.code);
    }
  }
  ASSERT_FALSE(o.defect_codes.empty());
  auto summary = Generate(spec, o);
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_EQ(summary->defects, o.defect_codes.size());
  auto expected = ParseExpected(ReadWhole(summary->expected), "expected.json");
  ASSERT_TRUE(expected.ok()) << expected.status().message();
  for (const ExpectedDefect& d : expected->defects) {
    // A spare row comes after the 40 staff or 16 teams the shape asks for, and falls alone.
    ASSERT_EQ(d.rows.size(), 1u) << d.code;
    EXPECT_GT(d.rows[0], 16u) << d.code;
    EXPECT_EQ(d.cascade, (std::map<std::string, uint64_t>{{d.table, 1}})) << d.code;
  }
}

TEST(Generate, TheSameSeedGivesTheSameBytesAndAnotherSeedOthers) {
  io::testing::TempDir dir;
  spec::Spec spec = Load("mhsds/6.0");
  ASSERT_TRUE(Generate(spec, Options(dir.path() + "/a", 5)).ok());
  ASSERT_TRUE(Generate(spec, Options(dir.path() + "/b", 5)).ok());
  ASSERT_TRUE(Generate(spec, Options(dir.path() + "/c", 6)).ok());
  auto a = Files(dir.path() + "/a");
  EXPECT_EQ(a, Files(dir.path() + "/b"));
  EXPECT_NE(a, Files(dir.path() + "/c"));
  EXPECT_TRUE(a.count("MHS001MPI.csv"));
  EXPECT_TRUE(a.count("expected.json"));
}

TEST(Generate, WritesOneMpiRowPerPatientAndCountsRowsInExpected) {
  io::testing::TempDir dir;
  spec::Spec spec = Load("iapt/2.1");
  GenerateOptions o = Options(dir.path() + "/out", 1);
  o.defect_rate = 0;
  auto summary = Generate(spec, o);
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  auto expected = ParseExpected(ReadWhole(summary->expected), "expected.json");
  ASSERT_TRUE(expected.ok()) << expected.status().message();
  EXPECT_EQ(expected->rows["IDS001MPI"], 50u);
  EXPECT_TRUE(expected->defects.empty());
  // The header row and one line per MPI row.
  std::string mpi = ReadWhole(dir.path() + "/out/IDS001MPI.csv");
  EXPECT_EQ(std::count(mpi.begin(), mpi.end(), '\n'), 51);
}

TEST(Generate, PlantsEachNamedRuleOnce) {
  io::testing::TempDir dir;
  spec::Spec spec = Load("mhsds/6.0");
  GenerateOptions o = Options(dir.path() + "/out", 2);
  o.defect_rate = 0;
  o.defect_codes = {"MHS10113", "MHS00144", "MHS20142", "MHS00146"};
  auto summary = Generate(spec, o);
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  auto expected = ParseExpected(ReadWhole(summary->expected), "expected.json");
  ASSERT_TRUE(expected.ok());
  ASSERT_EQ(expected->defects.size(), 4u);
  std::set<std::string> codes;
  for (const ExpectedDefect& d : expected->defects) codes.insert(d.code);
  EXPECT_EQ(codes, (std::set<std::string>{"MHS10113", "MHS00144", "MHS20142", "MHS00146"}));
  for (const ExpectedDefect& d : expected->defects) {
    EXPECT_EQ(d.rows.size(), d.code == "MHS00144" ? 2u : 1u) << d.code;
    EXPECT_FALSE(d.cascade.empty()) << d.code;
  }
}

TEST(Generate, RefusesAnUnknownRuleAFolderInUseAndABadPeriod) {
  io::testing::TempDir dir;
  spec::Spec spec = Load("mhsds/6.0");
  GenerateOptions o = Options(dir.path() + "/out", 1);
  o.defect_codes = {"NOSUCHRULE"};
  EXPECT_EQ(Generate(spec, o).status().code(), StatusCode::kInvalidArgument);
  o.defect_codes = {"MHSREJ905"};  // file level: cannot be planted among others
  EXPECT_EQ(Generate(spec, o).status().code(), StatusCode::kInvalidArgument);
  o.defect_codes.clear();
  o.period = "2026-13";
  EXPECT_EQ(Generate(spec, o).status().code(), StatusCode::kInvalidArgument);
  dir.Write("busy.txt", "x");
  o.period = "2026-10";
  o.out = dir.path();
  EXPECT_EQ(Generate(spec, o).status().code(), StatusCode::kInvalidArgument);
}

TEST(Generate, PlantsAMissingColumnAloneAndWritesTheRestUnchanged) {
  io::testing::TempDir dir;
  spec::Spec spec = Load("mhsds/6.0");
  std::string code;
  for (const spec::Rule& rule : spec.rules) {
    if (rule.kind == spec::RuleKind::kMissingColumn) code = rule.code;
  }
  ASSERT_FALSE(code.empty());
  GenerateOptions o = Options(dir.path() + "/missing", 3);
  o.defect_rate = 0;
  o.patients = 5;
  o.defect_codes = {code};
  ASSERT_TRUE(Generate(spec, o).ok());
  auto expected = ParseExpected(ReadWhole(o.out / kExpectedFile), "expected.json");
  ASSERT_TRUE(expected.ok()) << expected.status().message();
  ASSERT_EQ(expected->defects.size(), 1u);
  const ExpectedDefect& d = expected->defects[0];
  EXPECT_EQ(d.code, code);
  EXPECT_EQ(d.level, "file");
  EXPECT_EQ(d.rows, std::vector<uint64_t>{0});
  EXPECT_TRUE(d.cascade.empty());
  // The named column is gone from the file's column line, and every row has one value fewer.
  std::istringstream lines(ReadWhole(o.out / (d.table + ".csv")));
  std::string columns;
  std::getline(lines, columns);
  EXPECT_EQ(("," + columns + ",").find("," + d.item + ","), std::string::npos) << columns;
  const auto fields = std::count(columns.begin(), columns.end(), ',');
  for (std::string line; std::getline(lines, line);) {
    EXPECT_EQ(std::count(line.begin(), line.end(), ','), fields) << line;
  }
}

TEST(Generate, RefusesAFileLevelRuleAmongOtherDefects) {
  io::testing::TempDir dir;
  spec::Spec spec = Load("iapt/2.1");
  GenerateOptions o = Options(dir.path() + "/rate", 3);
  for (const spec::Rule& rule : spec.rules) {
    if (rule.kind == spec::RuleKind::kMissingTable) o.defect_codes = {rule.code};
  }
  ASSERT_FALSE(o.defect_codes.empty());
  auto summary = Generate(spec, o);  // with a rate: the rule would hide the rate's defects
  ASSERT_FALSE(summary.ok());
  EXPECT_NE(summary.status().message().find("plant it alone"), std::string::npos)
      << summary.status().message();
}

}  // namespace
}  // namespace mhds::generate
