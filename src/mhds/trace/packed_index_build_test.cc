#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "mhds/io/testing/temp_dir.h"
#include "mhds/trace/demographic_index.h"
#include "mhds/trace/external_sort.h"
#include "mhds/trace/packed_index.h"
#include "mhds/trace/people_csv.h"
#include "mhds/trace/synthetic_population.h"

namespace mhds::trace {
namespace {

// A fresh folder per test, removed afterwards.
class PackedIndexBuildTest : public ::testing::Test {
 protected:
  std::filesystem::path Write(const std::string& name, const std::string& text) {
    const std::filesystem::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  static std::string Bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  // The packed index as written from the people read whole into memory.
  std::string InMemory(const std::filesystem::path& csv) {
    auto people = ReadPeopleCsv(csv.string());
    EXPECT_TRUE(people.ok()) << people.status().ToString();
    for (Person& p : *people) FillKeys(p);
    std::sort(people->begin(), people->end(),
              [](const Person& a, const Person& b) { return a.nhs_number < b.nhs_number; });
    const std::filesystem::path out = dir_ / "memory.mhdsidx";
    auto stats = WritePackedIndex(out, *people, 20);
    EXPECT_TRUE(stats.ok()) << stats.status().ToString();
    return Bytes(out);
  }
  std::vector<std::string> Listing() {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir_))
      names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  io::testing::TempDir temp_;
  const std::filesystem::path dir_{temp_.path()};
};

TEST(ExternalSorter, ReturnsEveryRecordInByteOrderAcrossManyRuns) {
  const io::testing::TempDir temp;
  const std::string& folder = temp.path();
  std::vector<std::string> records;
  std::mt19937 random(3);
  for (int i = 0; i < 5000; ++i) {
    std::string r(random() % 12, '\0');
    for (char& c : r) c = static_cast<char>(random() % 4 == 0 ? 0 : random() % 256);
    records.push_back(r);
  }
  {
    ExternalSorter sorter(folder, "test", 1000);
    for (const std::string& r : records) sorter.Add(r);
    ASSERT_TRUE(sorter.Finish().ok());
    // More runs than are merged at once: some were merged into longer runs first.
    EXPECT_GT(sorter.spills(), 64u);
    EXPECT_LE(sorter.runs(), 64u);
    std::vector<std::string> back;
    for (std::string_view r; sorter.Next(r);) back.emplace_back(r);
    EXPECT_TRUE(sorter.status().ok());
    std::sort(records.begin(), records.end());
    EXPECT_EQ(back, records);
  }
  // The runs went with the sorter.
  EXPECT_TRUE(std::filesystem::is_empty(folder));
}

TEST(ExternalSorter, OrderedKeysCompareAsTheKeysDo) {
  const std::vector<std::string> keys = {
      "", std::string("A\0", 2), "A", "AB", std::string(1, '\0'), "\xff", "B"};
  for (const std::string& a : keys) {
    for (const std::string& b : keys) {
      std::string ka, kb;
      AppendOrderedKey(a, ka);
      AppendOrderedKey(b, kb);
      ka.push_back('\x7f');  // whatever follows a key does not change the order
      EXPECT_EQ(ka < kb, a < b) << a << " " << b;
      std::string_view rest = ka;
      std::string back;
      ASSERT_TRUE(TakeOrderedKey(rest, back));
      EXPECT_EQ(back, a);
      EXPECT_EQ(rest, "\x7f");
    }
  }
}

TEST_F(PackedIndexBuildTest, WritesTheSameBytesAsFromMemoryWhateverTheBudget) {
  std::vector<Person> people = GeneratePeople(2500, 11);
  // The rows of a person need not be together: shuffle the CSV's lines after the header.
  std::string text = PeopleCsvText(people);
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string header;
  std::getline(in, header);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::shuffle(lines.begin(), lines.end(), std::mt19937(5));
  std::string shuffled = header + "\n";
  for (const std::string& line : lines) shuffled += line + "\n";
  const std::filesystem::path csv = Write("people.csv", shuffled);
  const std::string expected = InMemory(csv);
  ASSERT_GT(expected.size(), 100000u);

  for (const size_t budget : {size_t{4096}, size_t{1} << 16, size_t{256} << 20}) {
    PackedBuildOptions options;
    options.block_cap = 20;
    options.memory_bytes = budget;
    const std::filesystem::path out = dir_ / "built.mhdsidx";
    auto stats = BuildPackedIndex(csv.string(), out, options);
    ASSERT_TRUE(stats.ok()) << stats.status().ToString();
    EXPECT_EQ(stats->people, 2500u);
    EXPECT_EQ(stats->bytes, expected.size());
    EXPECT_TRUE(Bytes(out) == expected) << "budget " << budget;
    // Nothing but the input, the two indexes: the temporary files are gone.
    EXPECT_EQ(Listing(),
              (std::vector<std::string>{"built.mhdsidx", "memory.mhdsidx", "people.csv"}));
  }
}

TEST_F(PackedIndexBuildTest, AFailedBuildLeavesNoOutputAndNoTemporaryFiles) {
  std::vector<Person> people = GeneratePeople(500, 12);
  // The last person's superseded number is the first person's number: a fault found only once
  // every row has been read and sorted.
  std::sort(people.begin(), people.end(),
            [](const Person& a, const Person& b) { return a.nhs_number < b.nhs_number; });
  people.back().superseded.push_back(people.front().nhs_number);
  const std::filesystem::path csv = Write("people.csv", PeopleCsvText(people));
  const std::filesystem::path out = Write("people.mhdsidx", "the previous index");
  PackedBuildOptions options;
  options.memory_bytes = 4096;
  auto stats = BuildPackedIndex(csv.string(), out, options);
  ASSERT_FALSE(stats.ok());
  EXPECT_EQ(stats.status().code(), StatusCode::kDataError);
  EXPECT_NE(stats.status().message().find("superseded number that is also another person's"),
            std::string::npos)
      << stats.status().ToString();
  // The same fault as reading the file whole reports.
  auto whole = ReadPeopleCsv(csv.string());
  ASSERT_FALSE(whole.ok());
  EXPECT_EQ(whole.status().message(), stats.status().message());
  EXPECT_EQ(Bytes(out), "the previous index");
  EXPECT_EQ(Listing(), (std::vector<std::string>{"people.csv", "people.mhdsidx"}));

  // A folder that cannot be written: no output, nothing left.
  auto unwritable = BuildPackedIndex(csv.string(), dir_ / "missing" / "people.mhdsidx", options);
  EXPECT_FALSE(unwritable.ok());
  EXPECT_EQ(Listing(), (std::vector<std::string>{"people.csv", "people.mhdsidx"}));
}

TEST_F(PackedIndexBuildTest, ReportsThePersonFaultsThatReadingWholeReports) {
  const std::string header =
      "RECORD_TYPE,NHS_NUMBER,DATE_OF_BIRTH,DATE_OF_DEATH,GENDER,GP_PRACTICE_CODE,"
      "GP_REGISTRATION_DATE,SENSITIVE,SUPERSEDED_NHS_NUMBERS,FAMILY_NAME,GIVEN_NAME,"
      "OTHER_GIVEN_NAME,ADDRESS_LINE1,ADDRESS_LINE2,ADDRESS_LINE3,ADDRESS_LINE4,ADDRESS_LINE5,"
      "POSTCODE,VALID_FROM,VALID_TO\n";
  const std::filesystem::path csv =
      Write("people.csv", header +
                              "person,9990000018,19800101,,1,,,,,,,,,,,,,,,\n"  // no name
                              "name,9990000026,,,,,,,,SMITH,ANN,,,,,,,,,\n"     // no person
                              "person,9990000034,19800101,,1,,,,,,,,,,,,,,,\n"
                              "name,9990000034,,,,,,,,JONES,BOB,,,,,,,,,\n"
                              "person,9990000034,19800101,,1,,,,,,,,,,,,,,,\n");  // second
  auto built = BuildPackedIndex(csv.string(), dir_ / "out.mhdsidx", PackedBuildOptions{});
  ASSERT_FALSE(built.ok());
  const std::string message = built.status().message();
  for (const char* fault : {"people.csv:2: column 2 (NHS_NUMBER): this person has no name row",
                            "people.csv: name or address rows for an NHS Number with no person row",
                            "people.csv:6: column 2 (NHS_NUMBER): a second person row for this "
                            "NHS Number (the first is on line 4)"}) {
    EXPECT_NE(message.find(fault), std::string::npos) << fault << "\n" << message;
  }
  EXPECT_FALSE(std::filesystem::exists(dir_ / "out.mhdsidx"));
}

}  // namespace
}  // namespace mhds::trace
