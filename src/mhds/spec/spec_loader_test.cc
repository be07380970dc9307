#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "mhds/io/testing/temp_dir.h"
#include "mhds/spec/spec.h"

namespace mhds::spec {
namespace {

const std::filesystem::path kSource = MHDS_SOURCE_DIR;

// Copies the mini test spec into a fresh folder so a test can break one file of it.
std::filesystem::path CopyMiniSpec(const std::string& name) {
  std::filesystem::path dir = io::testing::ProcessTempPath("spec_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::copy(kSource / "tests/specs/mini", dir);
  return dir;
}

void Replace(const std::filesystem::path& file, const std::string& from, const std::string& to) {
  std::ifstream in(file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t pos = text.find(from);
  ASSERT_NE(pos, std::string::npos) << from;
  text.replace(pos, from.size(), to);
  std::ofstream(file, std::ios::trunc) << text;
}

TEST(LoadSpec, LoadsTheMiniSpecWithItsHierarchy) {
  auto spec = LoadSpec(kSource / "tests/specs/mini");
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->name, "MINI");
  EXPECT_EQ(spec->tables.size(), 7u);
  int contact = spec->FindTable("T04Contact");
  ASSERT_GE(contact, 0);
  EXPECT_EQ(spec->tables[spec->tables[contact].parent].code, "T03");
  // Parents come before children in the reading order.
  std::vector<int> position(spec->tables.size());
  for (size_t i = 0; i < spec->table_order.size(); ++i)
    position[spec->table_order[i]] = static_cast<int>(i);
  for (size_t t = 0; t < spec->tables.size(); ++t) {
    if (spec->tables[t].parent >= 0) {
      EXPECT_LT(position[spec->tables[t].parent], position[t]);
    }
  }
}

TEST(LoadSpec, LoadsTheBundledMhsds60Folder) {
  auto spec = LoadSpec(kSource / "specs/mhsds/6.0");
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->name, "MHSDS");
  EXPECT_EQ(spec->version, "6.0");
  EXPECT_GE(spec->tables.size(), 60u);
  EXPECT_EQ(spec->national_rules.size(), 1134u);
}

TEST(LoadSpec, ReportsFileLineAndColumnOfAnUnknownKind) {
  auto dir = CopyMiniSpec("kind");
  Replace(dir / "rules.csv", "TST00102,T01,PatientID,record,reject,format",
          "TST00102,T01,PatientID,record,reject,formatt");
  auto spec = LoadSpec(dir);
  ASSERT_FALSE(spec.ok());
  EXPECT_EQ(spec.status().code(), StatusCode::kSpecError);
  EXPECT_NE(spec.status().message().find("rules.csv:16:6: unknown kind 'formatt'"),
            std::string::npos)
      << spec.status().message();
}

TEST(LoadSpec, ReportsEveryProblemNotJustTheFirst) {
  auto dir = CopyMiniSpec("many");
  Replace(dir / "items.csv", "an10,date", "an1O,date");
  Replace(dir / "rules.csv", "other=ReceivedDate", "other=ReceivedDat");
  Replace(dir / "tables.csv", "T05,T05Activity,Activity,ActivityID,T04,ContactID",
          "T05,T05Activity,Activity,ActivityID,T04,ContactId;ActivityID");
  auto spec = LoadSpec(dir);
  ASSERT_FALSE(spec.ok());
  const std::string m = spec.status().message();
  EXPECT_NE(m.find("items.csv:4:5: format 'an1O'"), std::string::npos) << m;
  EXPECT_NE(m.find("tables.csv:7:6: T05 names 2 parent items but T04 has 1 key items"),
            std::string::npos)
      << m;
}

TEST(LoadSpec, ReportsAReferenceToAnItemThatDoesNotExist) {
  auto dir = CopyMiniSpec("ref");
  Replace(dir / "rules.csv", "other=ReceivedDate", "other=ReceivedDat");
  auto spec = LoadSpec(dir);
  ASSERT_FALSE(spec.ok());
  EXPECT_NE(spec.status().message().find("rules.csv:33:7: item ReceivedDat is not an item of T03"),
            std::string::npos)
      << spec.status().message();
}

TEST(LoadSpec, RejectsAParentCycle) {
  auto dir = CopyMiniSpec("cycle");
  Replace(dir / "tables.csv", "T01,T01Patient,Patient,PatientID,,",
          "T01,T01Patient,Patient,PatientID,T02,PatientID");
  auto spec = LoadSpec(dir);
  ASSERT_FALSE(spec.ok());
  EXPECT_NE(spec.status().message().find("parent cycle"), std::string::npos)
      << spec.status().message();
}

TEST(LoadSpec, NamesAMissingFolderAndAMissingFile) {
  auto missing = LoadSpec("/nonexistent/spec");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  auto dir = CopyMiniSpec("nofile");
  std::filesystem::remove(dir / "codes.csv");
  auto spec = LoadSpec(dir);
  EXPECT_EQ(spec.status().code(), StatusCode::kNotFound);
  EXPECT_NE(spec.status().message().find("codes.csv"), std::string::npos);
}

TEST(LoadSpec, AcceptsListValuesSeparatedLikePairs) {
  auto dir = CopyMiniSpec("list");
  Replace(dir / "rules.csv", "items=PatientID; where_blank=EndDate",
          "items=PatientID;Practice; where_blank=EndDate");
  auto spec = LoadSpec(dir);
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  for (const Rule& r : spec->rules) {
    if (r.code == "TST00204") {
      EXPECT_EQ(r.items.size(), 2u);
    }
  }
}

TEST(LoadSpec, ReportsLineAndColumnOfAMalformedInForceMonth) {
  auto dir = CopyMiniSpec("in_force");
  std::ofstream(dir / "dataset.csv", std::ios::app) << "in_force_from,2022-13,\n";
  auto spec = LoadSpec(dir);
  ASSERT_FALSE(spec.ok());
  EXPECT_NE(spec.status().message().find("dataset.csv:"), std::string::npos)
      << spec.status().message();
  EXPECT_NE(spec.status().message().find("'2022-13' is not a reporting month"), std::string::npos)
      << spec.status().message();
}

TEST(LoadSpec, ReadsTheMonthsInForceOfEachIaptVersion) {
  auto spec = LoadSpec(kSource / "specs/iapt/2.1");
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->in_force.Describe(), "from 2022-04");
  ASSERT_EQ(spec->versions.size(), 2u);
  EXPECT_EQ(spec->versions[0].version, "2.0");
  EXPECT_EQ(spec->versions[0].in_force.Describe(), "2020-09 to 2022-03");
}

}  // namespace
}  // namespace mhds::spec
