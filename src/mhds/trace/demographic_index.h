// DemographicIndex: the people a trace searches, held in memory with the lookups the trace ladder
// needs: by NHS Number (current and superseded), by date of birth, by postcode (any held, current
// or earlier) and the term frequencies of family names, given names and postcodes. Built once
// from the on-disk index (index_store.h) or from people in memory (tests); read-only afterwards,
// so one index may serve any number of threads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/trace/person.h"

namespace mhds::trace {

// Derives the matching keys of a person's names and addresses (normalised names, Soundex,
// normalised postcode, outward code) and orders the histories current first.
void FillKeys(Person& person);

using PersonId = uint32_t;  // position in the index, in NHS Number order

class DemographicIndex {
 public:
  // Indexes `people`. kDataError if two people share a number (current or superseded) or a
  // person has no name.
  static Result<DemographicIndex> Build(std::vector<Person> people);

  // Reads and indexes the index file at `path` (see index_store.h).
  static Result<DemographicIndex> Open(const std::filesystem::path& path);

  size_t size() const { return people_.size(); }
  // Everyone, in NHS Number order, keys filled (what WriteIndex stores).
  const std::vector<Person>& people() const { return people_; }
  const Person& person(PersonId id) const { return people_[id]; }

  struct NumberHit {
    PersonId id = 0;
    bool superseded = false;  // the number is an earlier one of this person
  };
  std::optional<NumberHit> FindNumber(std::string_view nhs_number) const;

  // People born on `date`; people who held the normalised `postcode` at any time. Each list is in
  // NHS Number order, without repeats.
  const std::vector<PersonId>& BornOn(CompactDate date) const;
  const std::vector<PersonId>& EverAt(std::string_view postcode) const;

  // How many people hold (or held) the normalised family name, given name or postcode.
  uint32_t FamilyNameCount(std::string_view family_key) const;
  uint32_t GivenNameCount(std::string_view given_key) const;
  uint32_t PostcodeCount(std::string_view postcode) const;

 private:
  std::vector<Person> people_;
  std::unordered_map<std::string, NumberHit> by_number_;
  std::unordered_map<CompactDate, std::vector<PersonId>> by_birth_date_;
  std::unordered_map<std::string, std::vector<PersonId>> by_postcode_;
  std::unordered_map<std::string, uint32_t> family_counts_;
  std::unordered_map<std::string, uint32_t> given_counts_;
};

}  // namespace mhds::trace
