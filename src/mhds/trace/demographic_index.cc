#include "mhds/trace/demographic_index.h"

#include <algorithm>
#include <unordered_set>

#include "mhds/base/status_macros.h"
#include "mhds/trace/index_store.h"
#include "mhds/trace/name_keys.h"
#include "mhds/trace/packed_index.h"

namespace mhds::trace {
namespace {

// Current (open-ended) entries first, then the most recently ended; ties by start, latest first.
template <typename T>
void SortHistory(std::vector<T>& history) {
  std::stable_sort(history.begin(), history.end(), [](const T& a, const T& b) {
    const CompactDate a_to = a.valid_to == 0 ? 99999999 : a.valid_to;
    const CompactDate b_to = b.valid_to == 0 ? 99999999 : b.valid_to;
    if (a_to != b_to) return a_to > b_to;
    return a.valid_from > b.valid_from;
  });
}

}  // namespace

void FillKeys(Person& person) {
  for (PersonName& name : person.names) {
    name.family_key = NormaliseName(name.family);
    name.given_key = NormaliseName(name.given);
    name.family_soundex = Soundex(name.family_key);
    name.given_soundex = Soundex(name.given_key);
  }
  for (PersonAddress& address : person.addresses) {
    address.postcode = NormalisePostcode(address.postcode);
    address.outcode = std::string(Outcode(address.postcode));
  }
  SortHistory(person.names);
  SortHistory(person.addresses);
}

Result<DemographicIndex> DemographicIndex::Build(std::vector<Person> people) {
  for (Person& p : people) FillKeys(p);
  std::sort(people.begin(), people.end(),
            [](const Person& a, const Person& b) { return a.nhs_number < b.nhs_number; });
  DemographicIndex index;
  index.people_ = std::move(people);
  for (PersonId id = 0; id < index.people_.size(); ++id) {
    const Person& p = index.people_[id];
    if (p.names.empty()) {
      return Status::DataError("person " + std::to_string(id + 1) + " of the index has no name");
    }
    if (!index.by_number_.emplace(p.nhs_number, NumberHit{id, false}).second) {
      return Status::DataError("person " + std::to_string(id + 1) +
                               " of the index repeats an NHS Number");
    }
    for (const std::string& old : p.superseded) {
      if (!index.by_number_.emplace(old, NumberHit{id, true}).second) {
        return Status::DataError("person " + std::to_string(id + 1) +
                                 " of the index has a superseded number held by someone else");
      }
    }
    index.by_birth_date_[p.date_of_birth].push_back(id);
    // Each key counts a person once, however often it recurs in the history.
    std::unordered_set<std::string_view> seen;
    for (const PersonAddress& a : p.addresses) {
      if (!a.postcode.empty() && seen.insert(a.postcode).second) {
        index.by_postcode_[a.postcode].push_back(id);
      }
    }
    seen.clear();
    for (const PersonName& n : p.names) {
      if (seen.insert(n.family_key).second) ++index.family_counts_[n.family_key];
    }
    seen.clear();
    for (const PersonName& n : p.names) {
      if (seen.insert(n.given_key).second) ++index.given_counts_[n.given_key];
    }
  }
  return index;
}

Result<DemographicIndex> DemographicIndex::Open(const std::filesystem::path& path) {
  if (LooksLikePackedIndex(path)) {
    MHDS_ASSIGN_OR_RETURN(std::shared_ptr<const PackedIndex> packed, PackedIndex::Open(path));
    DemographicIndex index;
    index.packed_ = std::move(packed);
    return index;
  }
  MHDS_ASSIGN_OR_RETURN(std::vector<Person> people, ReadIndex(path));
  Result<DemographicIndex> index = Build(std::move(people));
  if (!index.ok()) return index.status().WithContext(path.string());
  return index;
}

size_t DemographicIndex::size() const { return packed_ ? packed_->size() : people_.size(); }

PersonRecord DemographicIndex::person(PersonId id) const {
  if (!packed_) return PersonRecord(&people_[id]);
  Person p;
  if (!packed_->ReadPerson(id, p)) {
    p = Person();
    p.names.emplace_back();
  }
  return PersonRecord(std::move(p));
}

const Person& DemographicIndex::PersonInto(PersonId id, Person& scratch) const {
  if (!packed_) return people_[id];
  if (!packed_->ReadPerson(id, scratch)) {
    scratch = Person();
    scratch.names.emplace_back();
  }
  return scratch;
}

void DemographicIndex::PrefetchOffsets(std::span<const PersonId> ids) const {
  if (packed_) packed_->PrefetchOffsets(ids);
}

void DemographicIndex::PrefetchPerson(PersonId id) const {
  if (packed_) packed_->PrefetchPerson(id);
}

std::optional<DemographicIndex::NumberHit> DemographicIndex::FindNumber(
    std::string_view nhs_number) const {
  if (packed_) {
    const auto hit = packed_->FindNumber(nhs_number);
    if (!hit) return std::nullopt;
    return NumberHit{hit->id, hit->superseded};
  }
  const auto it = by_number_.find(std::string(nhs_number));
  if (it == by_number_.end()) return std::nullopt;
  return it->second;
}

std::span<const PersonId> DemographicIndex::BornOn(CompactDate date) const {
  if (packed_) return packed_->BornOn(date);
  const auto it = by_birth_date_.find(date);
  if (it == by_birth_date_.end()) return {};
  return it->second;
}

std::span<const PersonId> DemographicIndex::EverAt(std::string_view postcode) const {
  if (packed_) return packed_->EverAt(postcode);
  const auto it = by_postcode_.find(std::string(postcode));
  if (it == by_postcode_.end()) return {};
  return it->second;
}

uint32_t DemographicIndex::FamilyNameCount(std::string_view family_key) const {
  if (packed_) return packed_->FamilyNameCount(family_key);
  const auto it = family_counts_.find(std::string(family_key));
  return it == family_counts_.end() ? 0 : it->second;
}

uint32_t DemographicIndex::GivenNameCount(std::string_view given_key) const {
  if (packed_) return packed_->GivenNameCount(given_key);
  const auto it = given_counts_.find(std::string(given_key));
  return it == given_counts_.end() ? 0 : it->second;
}

uint32_t DemographicIndex::PostcodeCount(std::string_view postcode) const {
  return static_cast<uint32_t>(EverAt(postcode).size());
}

}  // namespace mhds::trace
