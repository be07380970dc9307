// Writes the packed index (packed_index.h): the people first, streamed as they are encoded, then
// the lookup tables, built in memory (a few bytes a person), then the footer that locates them.
#include <algorithm>
#include <cstring>
#include <map>

#include "mhds/base/status_macros.h"
#include "mhds/report/atomic_file.h"
#include "mhds/trace/packed_index.h"
#include "mhds/trace/packed_index_format.h"
#include "mhds/trace/packed_section_writer.h"
#include "mhds/trace/person_codec.h"

namespace mhds::trace {
namespace {

using packed::DateEntry;
using packed::NumberEntry;
using packed::SectionWriter;
using packed::TermEntry;

// Sorted (key, id) pairs as a term table: entries with each key's first id, the keys' bytes and
// the ids. Returns the largest block and how many exceed `cap`.
void PutBlocks(SectionWriter& out, std::vector<std::pair<std::string_view, uint32_t>>& pairs,
               packed::Section entries_section, packed::Section keys_section,
               packed::Section ids_section, size_t cap, size_t& distinct, size_t& largest,
               size_t& over_cap) {
  std::sort(pairs.begin(), pairs.end());
  std::vector<TermEntry> entries;
  std::string keys;
  std::vector<uint32_t> ids;
  ids.reserve(pairs.size());
  for (size_t i = 0; i < pairs.size();) {
    size_t j = i;
    entries.push_back({static_cast<uint32_t>(keys.size()), static_cast<uint32_t>(ids.size())});
    keys.append(pairs[i].first);
    for (; j < pairs.size() && pairs[j].first == pairs[i].first; ++j)
      ids.push_back(pairs[j].second);
    largest = std::max(largest, j - i);
    if (j - i > cap) ++over_cap;
    i = j;
  }
  distinct = entries.size();
  entries.push_back({static_cast<uint32_t>(keys.size()), static_cast<uint32_t>(ids.size())});
  out.Put(entries_section, entries);
  out.Begin(keys_section);
  out.Append(keys);
  out.End(keys_section);
  out.Put(ids_section, ids);
}

// How many people held each key: sorted keys with their counts.
void PutCounts(SectionWriter& out, std::vector<std::string_view>& keys_held,
               packed::Section entries_section, packed::Section keys_section, size_t& distinct) {
  std::sort(keys_held.begin(), keys_held.end());
  std::vector<TermEntry> entries;
  std::string keys;
  for (size_t i = 0; i < keys_held.size();) {
    size_t j = i;
    while (j < keys_held.size() && keys_held[j] == keys_held[i]) ++j;
    entries.push_back({static_cast<uint32_t>(keys.size()), static_cast<uint32_t>(j - i)});
    keys.append(keys_held[i]);
    i = j;
  }
  distinct = entries.size();
  entries.push_back({static_cast<uint32_t>(keys.size()), 0});
  out.Put(entries_section, entries);
  out.Begin(keys_section);
  out.Append(keys);
  out.End(keys_section);
}

// Each key once per person, however often it recurs in the history.
template <typename Range, typename Key>
void AddDistinct(const Range& history, Key key, uint32_t id,
                 std::vector<std::pair<std::string_view, uint32_t>>& pairs) {
  for (size_t i = 0; i < history.size(); ++i) {
    const std::string_view k = key(history[i]);
    if (k.empty()) continue;
    bool seen = false;
    for (size_t e = 0; e < i && !seen; ++e) seen = key(history[e]) == k;
    if (!seen) pairs.emplace_back(k, id);
  }
}

}  // namespace

Result<PackedIndexStats> WritePackedIndex(const std::filesystem::path& path,
                                          const std::vector<Person>& people, size_t block_cap) {
  PackedIndexStats stats;
  stats.people = people.size();
  if (people.size() >= UINT32_MAX) return Status::DataError("too many people for one index");
  std::vector<NumberEntry> numbers;
  auto add_number = [&](const std::string& number, uint32_t id, bool superseded) {
    NumberEntry e{};
    std::memcpy(e.number, number.data(), std::min(number.size(), sizeof e.number));
    e.superseded = superseded ? 1 : 0;
    e.id = id;
    numbers.push_back(e);
  };
  for (uint32_t id = 0; id < people.size(); ++id) {
    const Person& p = people[id];
    if (p.names.empty()) {
      return Status::DataError("person " + std::to_string(id + 1) + " of the index has no name");
    }
    if (id > 0 && people[id - 1].nhs_number >= p.nhs_number) {
      return Status::DataError("person " + std::to_string(id + 1) +
                               " of the index repeats an NHS Number or is out of order");
    }
    add_number(p.nhs_number, id, false);
    for (const std::string& old : p.superseded) add_number(old, id, true);
  }
  std::sort(numbers.begin(), numbers.end(), [](const NumberEntry& a, const NumberEntry& b) {
    return std::memcmp(a.number, b.number, sizeof a.number) < 0;
  });
  for (size_t i = 1; i < numbers.size(); ++i) {
    if (std::memcmp(numbers[i - 1].number, numbers[i].number, sizeof numbers[i].number) == 0) {
      return Status::DataError("person " + std::to_string(numbers[i].id + 1) +
                               " of the index has a number held by someone else");
    }
  }
  stats.numbers = numbers.size();

  MHDS_ASSIGN_OR_RETURN(report::AtomicFileWriter file, report::AtomicFileWriter::Create(path));
  SectionWriter out(file);
  out.Append(packed::kMagic);
  const uint32_t head[2] = {packed::kFormat, packed::kByteOrderMark};
  out.Append(std::string_view(reinterpret_cast<const char*>(head), sizeof head));

  // People born on one day are written side by side (the file's order of people is not their
  // order of ids), so that the largest block a trace reads, everyone born on the date sent, lies
  // in a few neighbouring pages rather than scattered over the file.
  std::vector<std::pair<CompactDate, uint32_t>> born;
  born.reserve(people.size());
  for (uint32_t id = 0; id < people.size(); ++id) born.emplace_back(people[id].date_of_birth, id);
  std::sort(born.begin(), born.end());

  std::vector<uint64_t> offsets(people.size());
  out.Begin(packed::kPersonBytes);
  std::string buffer, length;
  for (const auto& [date, id] : born) {
    offsets[id] = out.position() - out.footer().sections[packed::kPersonBytes].offset;
    buffer.clear();
    EncodePerson(people[id], buffer);
    length.clear();
    PutLength(buffer.size(), length);
    out.Append(length);
    out.Append(buffer);
  }
  out.End(packed::kPersonBytes);
  out.Put(packed::kPersonOffsets, offsets);
  offsets = {};
  out.Put(packed::kNumbers, numbers);
  numbers = {};

  {
    std::vector<DateEntry> entries;
    std::vector<uint32_t> ids;
    ids.reserve(born.size());
    for (size_t i = 0; i < born.size();) {
      size_t j = i;
      entries.push_back({born[i].first, static_cast<uint32_t>(ids.size())});
      for (; j < born.size() && born[j].first == born[i].first; ++j) ids.push_back(born[j].second);
      stats.largest_birth_date_block = std::max(stats.largest_birth_date_block, j - i);
      if (j - i > block_cap) ++stats.birth_dates_over_cap;
      i = j;
    }
    stats.birth_dates = entries.size();
    entries.push_back({0, static_cast<uint32_t>(ids.size())});
    out.Put(packed::kBirthEntries, entries);
    out.Put(packed::kBirthIds, ids);
  }
  {
    std::vector<std::pair<std::string_view, uint32_t>> held;
    for (uint32_t id = 0; id < people.size(); ++id) {
      AddDistinct(
          people[id].addresses,
          [](const PersonAddress& a) -> std::string_view { return a.postcode; }, id, held);
    }
    PutBlocks(out, held, packed::kPostcodeEntries, packed::kPostcodeKeys, packed::kPostcodeIds,
              block_cap, stats.postcodes, stats.largest_postcode_block, stats.postcodes_over_cap);
  }
  for (const bool family : {true, false}) {
    std::vector<std::pair<std::string_view, uint32_t>> held;
    for (uint32_t id = 0; id < people.size(); ++id) {
      AddDistinct(
          people[id].names,
          [family](const PersonName& n) -> std::string_view {
            return family ? n.family_key : n.given_key;
          },
          id, held);
    }
    std::vector<std::string_view> keys;
    keys.reserve(held.size());
    for (const auto& [key, id] : held) keys.push_back(key);
    held = {};
    PutCounts(out, keys, family ? packed::kFamilyEntries : packed::kGivenEntries,
              family ? packed::kFamilyKeys : packed::kGivenKeys,
              family ? stats.family_names : stats.given_names);
  }

  out.Align();
  packed::Footer& footer = out.footer();
  footer.people = people.size();
  std::memcpy(footer.magic, packed::kMagic.data(), sizeof footer.magic);
  out.Append(std::string_view(reinterpret_cast<const char*>(&footer), sizeof footer));
  stats.bytes = out.position();
  MHDS_RETURN_IF_ERROR(file.Commit());
  return stats;
}

}  // namespace mhds::trace
