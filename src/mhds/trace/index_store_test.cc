#include "mhds/trace/index_store.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "mhds/trace/demographic_index.h"
#include "mhds/trace/people_csv.h"
#include "mhds/trace/synthetic_population.h"

namespace mhds::trace {
namespace {

// A fresh folder per test, removed afterwards.
class IndexStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "mhds-trace-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    const std::filesystem::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }

  std::filesystem::path dir_;
};

TEST_F(IndexStoreTest, AGeneratedPopulationSurvivesCsvAndTheIndexFile) {
  const std::vector<Person> people = GeneratePeople(500, 3);
  auto read = ReadPeopleCsv(Write("people.csv", PeopleCsvText(people)));
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  ASSERT_EQ(read->size(), people.size());
  for (Person& p : *read) FillKeys(p);
  const std::filesystem::path path = dir_ / "index.sqlite";
  ASSERT_TRUE(WriteIndex(path, *read).ok());
  struct stat info {};
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);

  auto index = DemographicIndex::Open(path);
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  ASSERT_EQ(index->size(), people.size());
  size_t with_history = 0, superseded = 0;
  for (PersonId id = 0; id < index->size(); ++id) {
    const PersonRecord record = index->person(id);
    const Person& p = *record;
    const Person& original = people[id];  // both in NHS Number order
    EXPECT_EQ(p.nhs_number, original.nhs_number);
    EXPECT_EQ(p.date_of_birth, original.date_of_birth);
    EXPECT_EQ(p.sensitive, original.sensitive);
    EXPECT_EQ(p.superseded, original.superseded);
    ASSERT_EQ(p.names.size(), original.names.size());
    ASSERT_EQ(p.addresses.size(), original.addresses.size());
    EXPECT_EQ(p.names.front().family, original.names.front().family);
    EXPECT_EQ(p.addresses.back().postcode, original.addresses.back().postcode);
    with_history += p.addresses.size() > 1 ? 1 : 0;
    superseded += p.superseded.empty() ? 0 : 1;
    const auto hit = index->FindNumber(p.nhs_number);
    ASSERT_TRUE(hit.has_value());
    EXPECT_EQ(hit->id, id);
  }
  EXPECT_GT(with_history, 0u);
  EXPECT_GT(superseded, 0u);
}

TEST_F(IndexStoreTest, ReportsEveryFaultOfAPeopleFileWithLineAndColumn) {
  const std::string header =
      "RECORD_TYPE,NHS_NUMBER,DATE_OF_BIRTH,DATE_OF_DEATH,GENDER,GP_PRACTICE_CODE,"
      "GP_REGISTRATION_DATE,SENSITIVE,SUPERSEDED_NHS_NUMBERS,FAMILY_NAME,GIVEN_NAME,"
      "OTHER_GIVEN_NAME,ADDRESS_LINE1,ADDRESS_LINE2,ADDRESS_LINE3,ADDRESS_LINE4,ADDRESS_LINE5,"
      "POSTCODE,VALID_FROM,VALID_TO\n";
  const std::string path =
      Write("people.csv",
            header +
                "person,9990000018,19801332,,2,,,N,,,,,,,,,,,,\n"  // bad date
                "person,9990000019,19800312,,2,,,N,,,,,,,,,,,,\n"  // fails Modulus 11
                "person,9990000026,19800312,,M,,,N,,,,,,,,,,,,\n"  // bad gender
                "name,9990000026,,,,,,,,Smith,John,,,,,,,,,\n"
                "pet,9990000026,,,,,,,,,,,,,,,,,,\n");  // unknown record type
  auto read = ReadPeopleCsv(path);
  ASSERT_FALSE(read.ok());
  const std::string message = read.status().message();
  EXPECT_NE(message.find("people.csv:2: column 3 (DATE_OF_BIRTH)"), std::string::npos) << message;
  EXPECT_NE(message.find("people.csv:3: column 2 (NHS_NUMBER)"), std::string::npos) << message;
  EXPECT_NE(message.find("people.csv:4: column 5 (GENDER)"), std::string::npos) << message;
  EXPECT_NE(message.find("people.csv:6: column 1 (RECORD_TYPE)"), std::string::npos) << message;
  // The person on line 2 has no name row.
  EXPECT_NE(message.find("no name row"), std::string::npos) << message;
}

TEST_F(IndexStoreTest, RefusesAFileThatIsNotAnIndex) {
  const std::string path = Write("not-an-index.sqlite", "hello");
  auto index = DemographicIndex::Open(path);
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.status().code(), StatusCode::kDataError);
  EXPECT_EQ(DemographicIndex::Open(dir_ / "missing.sqlite").status().code(), StatusCode::kNotFound);
}

TEST_F(IndexStoreTest, RefusesASupersededNumberHeldBySomeoneElse) {
  std::vector<Person> people = GeneratePeople(2, 1);
  people[1].superseded = {people[0].nhs_number};
  EXPECT_FALSE(DemographicIndex::Build(people).ok());
}

}  // namespace
}  // namespace mhds::trace
