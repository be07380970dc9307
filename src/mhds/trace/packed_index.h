// The packed demographic index: one file that `mhds trace` maps into memory and reads only where
// a trace looks, so that an index of ten million people does not have to fit in memory.
//
// Layout (format 1; docs/tracing.md, "The packed index"), integers in the writer's byte order
// (checked on opening), every section starting on an 8-byte boundary:
//   header    "MHDSPIX" NUL, uint32 format, uint32 0x01020304 (byte-order mark)
//   people    each person as a varint length and the person encoded by person_codec.h, people
//             born on one day side by side; then uint64 offsets[people] of each person's record
//             in NHS Number order (a PersonId is the position in that order)
//   numbers   NumberEntry per current and superseded number, sorted by number
//   birth     DateEntry per date of birth (sorted, plus an end entry) and the PersonIds born on
//             each date, in NHS Number order
//   postcode  TermEntry per normalised postcode ever held (sorted, plus an end entry), the keys'
//             bytes, and the PersonIds who held each, in NHS Number order
//   family,   TermEntry per normalised family (given) name ever held with the number of people
//   given     who held it, and the keys' bytes
//   footer    uint64 people, Section[kSectionCount] {offset, size}, "MHDSPIX" NUL
// Lookups are binary searches over the sorted entries; nothing is read at opening beyond the
// header and the footer.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/trace/person.h"

namespace mhds::trace {

struct PackedIndexStats {
  size_t people = 0;
  size_t numbers = 0;  // current and superseded
  size_t birth_dates = 0;
  size_t largest_birth_date_block = 0;
  size_t birth_dates_over_cap = 0;  // dates of more people than the cap
  size_t postcodes = 0;
  size_t largest_postcode_block = 0;
  size_t postcodes_over_cap = 0;
  size_t family_names = 0;
  size_t given_names = 0;
  uint64_t bytes = 0;  // the file's size
};

// Writes `people` (keys filled and histories ordered by FillKeys, sorted by NHS Number) as a
// packed index at `path`, atomically (mode 0600). Blocks larger than `block_cap` are counted in
// the stats (they are still written: the cap applies when tracing, see TraceOptions). kDataError
// if a person has no name or two people share a number; kIoError naming the path if it cannot be
// written.
Result<PackedIndexStats> WritePackedIndex(const std::filesystem::path& path,
                                          const std::vector<Person>& people, size_t block_cap);

struct PackedBuildOptions {
  // Blocks larger than this are counted in the stats, as for WritePackedIndex.
  size_t block_cap = 1000;
  // About how much memory the build's sorts may hold at once; what does not fit is sorted in runs
  // on disk and merged. The process needs about 100 MB more (measured at a million people).
  size_t memory_bytes = size_t{256} << 20;
};

// Reads the index CSV at `people_csv` (checked as ReadPeopleCsv checks it) and writes its people
// as a packed index at `path`: the same bytes as ReadPeopleCsv, FillKeys, ordering by NHS Number
// and WritePackedIndex, but with memory near `options.memory_bytes` whatever the number of people.
// Temporary files go to a folder PATH.build-XXXXXX beside `path`, removed when the build ends
// (left behind only if the process is killed); nothing appears at `path` unless the build
// succeeds. kNotFound or kDataError for the CSV as ReadPeopleCsv; kIoError if a file cannot be
// written.
Result<PackedIndexStats> BuildPackedIndex(const std::string& people_csv,
                                          const std::filesystem::path& path,
                                          const PackedBuildOptions& options);

// True if the file at `path` starts like a packed index (whatever its health).
bool LooksLikePackedIndex(const std::filesystem::path& path);

// A packed index opened read-only and mapped into memory. Thread-safe: every method is const and
// the mapping never changes. A damaged file found only when a lookup reaches the damage gives
// empty lookups and an unreadable person (see Person), never a crash.
class PackedIndex {
 public:
  // Maps the file and checks its header, footer and section bounds. kNotFound if there is no
  // file; kDataError naming the path if it is not a packed index of a format this build reads.
  static Result<std::shared_ptr<const PackedIndex>> Open(const std::filesystem::path& path);

  ~PackedIndex();
  PackedIndex(const PackedIndex&) = delete;
  PackedIndex& operator=(const PackedIndex&) = delete;

  size_t size() const { return people_; }

  // Decodes person `id` into `person`. False (and `person` unusable) if `id` is out of range or
  // its bytes are damaged.
  bool ReadPerson(uint32_t id, Person& person) const;

  struct NumberHit {
    uint32_t id = 0;
    bool superseded = false;
  };
  std::optional<NumberHit> FindNumber(std::string_view nhs_number) const;

  // Hints that the people `ids` (or person `id`) will be read soon, so that the memory reads of
  // many people overlap instead of waiting one after another. No effect on any answer.
  void PrefetchOffsets(std::span<const uint32_t> ids) const;
  void PrefetchPerson(uint32_t id) const;
  std::span<const uint32_t> BornOn(CompactDate date) const;
  std::span<const uint32_t> EverAt(std::string_view postcode) const;
  uint32_t FamilyNameCount(std::string_view family_key) const;
  uint32_t GivenNameCount(std::string_view given_key) const;

 private:
  PackedIndex() = default;

  std::string_view Bytes(int section) const;
  template <typename T>
  std::span<const T> Array(int section) const;
  // The count (or start of the ids) of `key` in a term table, and the next entry's; nullopt if
  // the key is not there.
  std::optional<std::pair<uint32_t, uint32_t>> FindTerm(int entries, int keys,
                                                        std::string_view key) const;

  const char* base_ = nullptr;
  size_t length_ = 0;
  size_t people_ = 0;
  struct Section {
    uint64_t offset = 0;
    uint64_t size = 0;
  };
  std::vector<Section> sections_;
};

}  // namespace mhds::trace
