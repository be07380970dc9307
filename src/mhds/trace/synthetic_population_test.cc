#include "mhds/trace/synthetic_population.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "mhds/trace/compact_date.h"

namespace mhds::trace {
namespace {

TEST(SyntheticPopulation, TellsSyntheticNumbersFromOthers) {
  EXPECT_TRUE(IsSyntheticNhsNumber("9990000018"));
  EXPECT_TRUE(IsSyntheticNhsNumber("9000000009"));   // the PDS sandbox's patient
  EXPECT_FALSE(IsSyntheticNhsNumber("9990000019"));  // fails Modulus 11
  EXPECT_FALSE(IsSyntheticNhsNumber("9999999999"));  // ten equal digits
  EXPECT_FALSE(IsSyntheticNhsNumber("4010232137"));  // valid by Modulus 11, an issued range
  EXPECT_FALSE(IsSyntheticNhsNumber("999000001"));
}

TEST(SyntheticPopulation, NumbersStayInTheTestRangeWhileItLasts) {
  const std::vector<Person> people = GeneratePeople(20000, 1);
  std::set<std::string> seen;
  for (const Person& p : people) {
    EXPECT_EQ(p.nhs_number.substr(0, 3), "999") << p.nhs_number;
    EXPECT_TRUE(IsSyntheticNhsNumber(p.nhs_number)) << p.nhs_number;
    EXPECT_TRUE(seen.insert(p.nhs_number).second) << p.nhs_number;
    for (const std::string& old : p.superseded) {
      EXPECT_TRUE(IsSyntheticNhsNumber(old)) << old;
      EXPECT_TRUE(seen.insert(old).second) << old;
    }
  }
}

TEST(SyntheticPopulation, BeyondTheTestRangeNumbersStaySyntheticAndDistinct) {
  // More numbers than the reserved range holds: every one still begins with 9, passes Modulus
  // 11 and is handed out once, and the reserved range's 909,090 all come first.
  const std::vector<std::string> numbers = SyntheticNhsNumbers(kTestRangeNumbers + 50000);
  ASSERT_EQ(numbers.size(), kTestRangeNumbers + 50000);
  std::set<std::string> seen;
  for (size_t i = 0; i < numbers.size(); ++i) {
    ASSERT_TRUE(IsSyntheticNhsNumber(numbers[i])) << numbers[i];
    ASSERT_TRUE(seen.insert(numbers[i]).second) << numbers[i];
    ASSERT_EQ(numbers[i].substr(0, 3), i < kTestRangeNumbers ? "999" : "998") << i;
  }
}

TEST(SyntheticPopulation, PeopleAreNumberedInTheSchemesOrder) {
  const std::vector<Person> people = GeneratePeople(2000, 3);
  const std::vector<std::string> numbers = SyntheticNhsNumbers(2100);
  const std::set<std::string> scheme(numbers.begin(), numbers.end());
  for (const Person& p : people) {
    EXPECT_TRUE(scheme.count(p.nhs_number)) << p.nhs_number;
    for (const std::string& old : p.superseded) EXPECT_TRUE(scheme.count(old)) << old;
  }
}

TEST(SyntheticPopulation, PeopleNotInTheIndexShareNoNameAndBirthDateWithAnyone) {
  const std::vector<Person> people = GeneratePeople(3000, 4);
  std::set<std::string> held;
  for (const Person& p : people) {
    for (const PersonName& n : p.names) {
      held.insert(n.family + "|" + n.given + "|" + FormatCompactDate(p.date_of_birth));
    }
  }
  const std::vector<SyntheticRequest> requests = GenerateRequests(people, 3000, 4);
  std::map<std::string, size_t> kinds;
  for (const SyntheticRequest& q : requests) {
    ++kinds[q.corruption];
    if (q.corruption != "not_in_index") continue;
    EXPECT_TRUE(q.expected_number.empty());
    const auto& f = q.fields;
    EXPECT_EQ(held.count(f[kFamilyName] + "|" + f[kGivenName] + "|" + f[kDateOfBirth]), 0u)
        << f[kUniqueReference];
  }
  EXPECT_GT(kinds["not_in_index"], 50u);
}

TEST(SyntheticPopulation, AnUntoldNameChangeIsStillThePersonUnderANewFamilyName) {
  const std::vector<Person> people = GeneratePeople(3000, 5);
  std::map<std::string, const Person*> by_number;
  for (const Person& p : people) by_number[p.nhs_number] = &p;
  const std::vector<SyntheticRequest> requests = GenerateRequests(people, 3000, 5);
  size_t untold = 0;
  for (const SyntheticRequest& q : requests) {
    if (q.corruption != "name_change_untold") continue;
    ++untold;
    ASSERT_TRUE(by_number.count(q.expected_number)) << q.fields[kUniqueReference];
    const Person& p = *by_number[q.expected_number];
    for (const PersonName& n : p.names) EXPECT_NE(n.family, q.fields[kFamilyName]);
    EXPECT_EQ(q.fields[kGivenName], p.names.front().given);
    EXPECT_EQ(q.fields[kDateOfBirth], FormatCompactDate(p.date_of_birth));
  }
  EXPECT_GT(untold, 20u);
}

// Drawn a chunk at a time, with each person drawn again for the requests: the same bytes as the
// people and requests generated whole.
TEST(SyntheticPopulation, DrawnInChunksGivesTheSamePeopleAndRequests) {
  constexpr size_t kPeople = 3000;
  const std::vector<Person> whole = GeneratePeople(kPeople, 9);
  SyntheticPopulation population(kPeople, 9);
  std::vector<Person> chunk;
  std::string csv = PeopleCsvHeader();
  size_t chunks = 0;
  while (population.Next(7, chunk)) {
    EXPECT_LE(chunk.size(), 8u);
    AppendPeopleCsvRows(chunk, csv);
    chunk.clear();
    ++chunks;
  }
  EXPECT_GT(chunks, kPeople / 8);
  EXPECT_TRUE(csv == PeopleCsvText(whole));
  for (size_t i = 0; i < kPeople; i += 97) {
    EXPECT_EQ(PeopleCsvText({population.At(i)}), PeopleCsvText({whole[i]})) << i;
  }

  const std::vector<SyntheticRequest> requests = GenerateRequests(whole, 2000, 9);
  std::string request_text = RequestFileHeader(2000, "20261123120000");
  std::string expected_text = ExpectedHeader();
  GenerateRequests(population, 2000, 9, [&](const SyntheticRequest& q) {
    AppendRequestRecord(q, request_text);
    AppendExpectedRow(q, expected_text);
  });
  EXPECT_TRUE(request_text == RequestFileText(requests, "20261123120000"));
  EXPECT_TRUE(expected_text == ExpectedText(requests));
  // Twins and people not in the index are among them: the paths that draw more than a person.
  EXPECT_NE(expected_text.find("not_in_index"), std::string::npos);
}

}  // namespace
}  // namespace mhds::trace
