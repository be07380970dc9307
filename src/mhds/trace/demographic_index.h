// DemographicIndex: the people a trace searches, with the lookups the trace ladder needs: by NHS
// Number (current and superseded), by date of birth, by postcode (any held, current or earlier)
// and the term frequencies of family names, given names and postcodes. Either held in memory
// (built from people, or read whole from the SQLite index of index_store.h) or a packed index
// file mapped into memory and read only where a lookup looks (packed_index.h); both answer every
// lookup alike. Read-only once made, so one index may serve any number of threads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
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

class PackedIndex;

// One person of the index: a pointer into an index held in memory, or the person decoded from a
// packed index. Use it like a pointer; it stays valid while the index does.
class PersonRecord {
 public:
  explicit PersonRecord(const Person* held) : held_(held) {}
  explicit PersonRecord(Person decoded) : decoded_(std::move(decoded)) {}
  const Person& operator*() const { return held_ != nullptr ? *held_ : *decoded_; }
  const Person* operator->() const { return &**this; }

 private:
  const Person* held_ = nullptr;
  std::optional<Person> decoded_;
};

class DemographicIndex {
 public:
  // Indexes `people`. kDataError if two people share a number (current or superseded) or a
  // person has no name.
  static Result<DemographicIndex> Build(std::vector<Person> people);

  // Opens the index file at `path`: a packed index (packed_index.h) is mapped, not read; a
  // SQLite index (index_store.h) is read whole and indexed in memory.
  static Result<DemographicIndex> Open(const std::filesystem::path& path);

  size_t size() const;
  // True for a packed index, read where the lookups look.
  bool packed() const { return packed_ != nullptr; }
  // Everyone, in NHS Number order, keys filled (what WriteIndex stores). Empty for a packed index.
  const std::vector<Person>& people() const { return people_; }
  // REQUIRES: id < size(). A person of a damaged packed index reads as a person with no number,
  // dates or address and one blank name, whom no request matches.
  PersonRecord person(PersonId id) const;
  // The same person as person(id), for the many candidates of a trace: for an index in memory the
  // one held; for a packed index decoded into `scratch`, whose strings and vectors keep their
  // memory from one call to the next instead of being allocated afresh. The reference is valid
  // until `scratch` is next used.
  const Person& PersonInto(PersonId id, Person& scratch) const;

  struct NumberHit {
    PersonId id = 0;
    bool superseded = false;  // the number is an earlier one of this person
  };
  std::optional<NumberHit> FindNumber(std::string_view nhs_number) const;

  // Hints, for a packed index, that these people will be read soon (see PackedIndex); nothing
  // for an index in memory. No effect on any answer.
  void PrefetchOffsets(std::span<const PersonId> ids) const;
  void PrefetchPerson(PersonId id) const;

  // People born on `date`; people who held the normalised `postcode` at any time. Each list is in
  // NHS Number order, without repeats.
  std::span<const PersonId> BornOn(CompactDate date) const;
  std::span<const PersonId> EverAt(std::string_view postcode) const;

  // How many people hold (or held) the normalised family name, given name or postcode.
  uint32_t FamilyNameCount(std::string_view family_key) const;
  uint32_t GivenNameCount(std::string_view given_key) const;
  uint32_t PostcodeCount(std::string_view postcode) const;

 private:
  std::shared_ptr<const PackedIndex> packed_;  // set: every lookup goes to the file
  std::vector<Person> people_;
  std::unordered_map<std::string, NumberHit> by_number_;
  std::unordered_map<CompactDate, std::vector<PersonId>> by_birth_date_;
  std::unordered_map<std::string, std::vector<PersonId>> by_postcode_;
  std::unordered_map<std::string, uint32_t> family_counts_;
  std::unordered_map<std::string, uint32_t> given_counts_;
};

}  // namespace mhds::trace
