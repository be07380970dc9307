#include "mhds/trace/packed_index.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "mhds/trace/demographic_index.h"
#include "mhds/trace/person_codec.h"
#include "mhds/trace/synthetic_population.h"
#include "mhds/trace/trace_batch.h"

namespace mhds::trace {
namespace {

// A fresh folder per test, removed afterwards.
class PackedIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "mhds-packed-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // The people of `memory` (keys filled, in order) written as a packed index, then opened.
  DemographicIndex Packed(const DemographicIndex& memory, size_t cap = 1000) {
    const std::filesystem::path path = dir_ / "people.mhdsidx";
    auto stats = WritePackedIndex(path, memory.people(), cap);
    EXPECT_TRUE(stats.ok()) << stats.status().ToString();
    auto opened = DemographicIndex::Open(path);
    EXPECT_TRUE(opened.ok()) << opened.status().ToString();
    EXPECT_TRUE(opened->packed());
    return std::move(*opened);
  }

  std::string Bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::filesystem::path dir_;
};

std::string Encoded(const Person& p) {
  std::string bytes;
  EncodePerson(p, bytes);
  return bytes;
}

TEST(PersonCodec, ReadsBackEveryFieldAndRefusesShortInput) {
  std::vector<Person> people = GeneratePeople(200, 5);
  for (Person& p : people) {
    FillKeys(p);
    const std::string bytes = Encoded(p);
    Person back;
    ASSERT_TRUE(DecodePerson(bytes, back));
    EXPECT_EQ(Encoded(back), bytes);
    Person cut;
    EXPECT_FALSE(DecodePerson(std::string_view(bytes).substr(0, bytes.size() - 1), cut));
    EXPECT_FALSE(DecodePerson(bytes + "x", cut));
  }
}

TEST_F(PackedIndexTest, AnswersEveryLookupAsTheIndexInMemoryDoes) {
  auto memory = DemographicIndex::Build(GeneratePeople(3000, 7));
  ASSERT_TRUE(memory.ok());
  const DemographicIndex packed = Packed(*memory);
  ASSERT_EQ(packed.size(), memory->size());
  for (PersonId id = 0; id < memory->size(); ++id) {
    const PersonRecord record = memory->person(id);
    const PersonRecord read = packed.person(id);
    const Person& p = *record;
    ASSERT_EQ(Encoded(*read), Encoded(p)) << id;
    for (const std::string* number :
         {&p.nhs_number, p.superseded.empty() ? &p.nhs_number : &p.superseded[0]}) {
      const auto a = memory->FindNumber(*number);
      const auto b = packed.FindNumber(*number);
      ASSERT_TRUE(a && b);
      EXPECT_EQ(a->id, b->id);
      EXPECT_EQ(a->superseded, b->superseded);
    }
    const auto born_a = memory->BornOn(p.date_of_birth);
    const auto born_b = packed.BornOn(p.date_of_birth);
    EXPECT_TRUE(std::equal(born_a.begin(), born_a.end(), born_b.begin(), born_b.end()));
    for (const PersonAddress& a : p.addresses) {
      const auto at_a = memory->EverAt(a.postcode);
      const auto at_b = packed.EverAt(a.postcode);
      EXPECT_TRUE(std::equal(at_a.begin(), at_a.end(), at_b.begin(), at_b.end()));
    }
    for (const PersonName& n : p.names) {
      EXPECT_EQ(memory->FamilyNameCount(n.family_key), packed.FamilyNameCount(n.family_key));
      EXPECT_EQ(memory->GivenNameCount(n.given_key), packed.GivenNameCount(n.given_key));
    }
  }
  EXPECT_FALSE(packed.FindNumber("9990000000"));
  EXPECT_FALSE(packed.FindNumber("123"));
  EXPECT_TRUE(packed.BornOn(18000101).empty());
  EXPECT_TRUE(packed.EverAt("ZZ9 9ZZ").empty());
  EXPECT_EQ(packed.FamilyNameCount("NOSUCHNAME"), 0u);
  EXPECT_EQ(packed.GivenNameCount(""), 0u);
}

TEST_F(PackedIndexTest, ReadsEachPersonIntoAReusedScratchAsIntoAFreshOne) {
  auto memory = DemographicIndex::Build(GeneratePeople(3000, 11));
  ASSERT_TRUE(memory.ok());
  const DemographicIndex packed = Packed(*memory);
  // Forwards then backwards, so that people with more names, addresses or superseded numbers
  // come before people with fewer, whose record must not keep the others' leftovers.
  std::vector<PersonId> order;
  for (PersonId id = 0; id < memory->size(); ++id) order.push_back(id);
  for (PersonId id = memory->size(); id-- > 0;) order.push_back(id);
  Person scratch;
  size_t shrinking = 0;
  size_t before = 0;
  for (const PersonId id : order) {
    const Person& read = packed.PersonInto(id, scratch);
    EXPECT_EQ(&read, &scratch);
    ASSERT_EQ(Encoded(read), Encoded(*memory->person(id))) << id;
    const size_t entries = read.names.size() + read.addresses.size() + read.superseded.size();
    shrinking += entries < before ? 1 : 0;
    before = entries;
    EXPECT_EQ(&memory->PersonInto(id, scratch), &*memory->person(id));  // the one held
  }
  EXPECT_GT(shrinking, 100u);  // the leftovers case did happen
}

TEST_F(PackedIndexTest, TracesToTheSameResponseAndExplanationBytes) {
  const std::vector<Person> people = GeneratePeople(4000, 21);
  const std::vector<SyntheticRequest> requests = GenerateRequests(people, 1500, 21);
  auto memory = DemographicIndex::Build(people);
  ASSERT_TRUE(memory.ok());
  const DemographicIndex packed = Packed(*memory);
  TraceOptions options;
  options.weights.min_population_for_frequencies = 100;  // term frequencies count too
  options.max_block_size = 20;                           // and skipped blocks
  const std::string text = RequestFileText(requests, "20261123120000");
  const BatchResult a = TraceBatch(*memory, ParseRequest(text, "r.csv", "r.csv"), options);
  const BatchResult b = TraceBatch(packed, ParseRequest(text, "r.csv", "r.csv"), options);
  ASSERT_FALSE(a.file_rejected()) << a.request.problem;
  ResponseOptions response;
  response.score_columns = true;
  EXPECT_EQ(ResponseText(a, *memory, response), ResponseText(b, packed, response));
  EXPECT_EQ(ExplanationJsonLines(a), ExplanationJsonLines(b));
  EXPECT_EQ(ExplanationText(a), ExplanationText(b));
  EXPECT_GT(a.Matched(), requests.size() / 2);  // the comparison is of real answers
}

TEST_F(PackedIndexTest, CountsBlocksOverTheCap) {
  auto memory = DemographicIndex::Build(GeneratePeople(2000, 3));
  ASSERT_TRUE(memory.ok());
  auto stats = WritePackedIndex(dir_ / "i", memory->people(), 3);
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->people, 2000u);
  EXPECT_GT(stats->largest_postcode_block, 3u);
  EXPECT_GT(stats->postcodes_over_cap, 0u);
  EXPECT_GE(stats->numbers, 2000u);
  auto none = WritePackedIndex(dir_ / "j", memory->people(), 1000000);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->postcodes_over_cap, 0u);
  EXPECT_EQ(none->birth_dates_over_cap, 0u);
}

TEST_F(PackedIndexTest, RefusesANumberHeldTwice) {
  auto memory = DemographicIndex::Build(GeneratePeople(50, 3));
  ASSERT_TRUE(memory.ok());
  std::vector<Person> people = memory->people();
  people[7].superseded.push_back(people[3].nhs_number);
  auto stats = WritePackedIndex(dir_ / "i", people, 1000);
  ASSERT_FALSE(stats.ok());
  EXPECT_EQ(stats.status().code(), StatusCode::kDataError);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "i"));
}

TEST_F(PackedIndexTest, RefusesFilesThatAreNotWholePackedIndexes) {
  auto memory = DemographicIndex::Build(GeneratePeople(100, 3));
  ASSERT_TRUE(memory.ok());
  const std::filesystem::path path = dir_ / "people.mhdsidx";
  ASSERT_TRUE(WritePackedIndex(path, memory->people(), 1000).ok());
  const std::string whole = Bytes(path);
  const std::vector<std::string> damaged = {
      whole.substr(0, whole.size() - 1),  // truncated
      whole.substr(0, 40),
      whole.substr(0, 8),
  };
  for (const std::string& bytes : damaged) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
    auto opened = PackedIndex::Open(path);
    ASSERT_FALSE(opened.ok()) << bytes.size();
    EXPECT_EQ(opened.status().code(), StatusCode::kDataError) << opened.status().ToString();
  }
  EXPECT_EQ(PackedIndex::Open(dir_ / "missing").status().code(), StatusCode::kNotFound);
}

TEST_F(PackedIndexTest, ADamagedPersonReadsAsNoOneAndDoesNotCrash) {
  auto memory = DemographicIndex::Build(GeneratePeople(100, 3));
  ASSERT_TRUE(memory.ok());
  const std::filesystem::path path = dir_ / "people.mhdsidx";
  ASSERT_TRUE(WritePackedIndex(path, memory->people(), 1000).ok());
  std::string bytes = Bytes(path);
  // The first record starts at 16: the earliest-born person's (the lowest id among equals).
  // Make its length a varint that never ends.
  for (size_t i = 16; i < 80; ++i) bytes[i] = '\xff';
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  PersonId first = 0;
  for (PersonId id = 1; id < memory->size(); ++id) {
    if (memory->person(id)->date_of_birth < memory->person(first)->date_of_birth) first = id;
  }
  const PersonId other = first == 0 ? 1 : 0;
  auto opened = DemographicIndex::Open(path);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  const PersonRecord damaged = opened->person(first);
  EXPECT_EQ(damaged->nhs_number, "");
  ASSERT_EQ(damaged->names.size(), 1u);
  EXPECT_EQ(opened->person(other)->nhs_number, memory->person(other)->nhs_number);
}

}  // namespace
}  // namespace mhds::trace
