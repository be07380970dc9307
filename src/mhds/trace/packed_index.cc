#include "mhds/trace/packed_index.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "mhds/trace/packed_index_format.h"
#include "mhds/trace/person_codec.h"

namespace mhds::trace {
namespace {

using packed::DateEntry;
using packed::NumberEntry;
using packed::TermEntry;

std::string OsError(int error) { return std::generic_category().message(error); }

// GCC models __builtin_prefetch as touching no memory, so to its analysis a function that only
// prefetches has no effect ("pure"), and where the caller is compiled in the same translation unit
// (a unity build of the whole library) it drops the call: the ladder read no candidate ahead and
// traced 35 to 40% slower at ten million people (docs/tracing.md, "Speed"). An empty volatile asm
// is an effect the compiler must keep, and emits no instruction.
inline void KeepPrefetches() { asm volatile(""); }

}  // namespace

bool LooksLikePackedIndex(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char head[8] = {};
  const ssize_t got = ::read(fd, head, sizeof head);
  ::close(fd);
  return got == static_cast<ssize_t>(sizeof head) &&
         std::string_view(head, sizeof head) == packed::kMagic;
}

Result<std::shared_ptr<const PackedIndex>> PackedIndex::Open(const std::filesystem::path& path) {
  const std::string name = path.string();
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    if (error == ENOENT) return Status::NotFound(name + ": no such index");
    return Status::IoError(name + ": cannot open the index: " + OsError(error));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::DataError(name + ": not a packed index (not a regular file)");
  }
  const auto length = static_cast<size_t>(st.st_size);
  auto not_packed = [&](const std::string& why) {
    return Status::DataError(name + ": not a packed mhds trace index (" + why +
                             "); build one with `mhds trace index build`");
  };
  if (length < packed::kHeaderSize + sizeof(packed::Footer)) {
    ::close(fd);
    return not_packed("too short");
  }
  void* mapped = ::mmap(nullptr, length, PROT_READ, MAP_SHARED, fd, 0);
  const int map_error = errno;
  ::close(fd);
  if (mapped == MAP_FAILED) {
    return Status::IoError(name + ": cannot map the index into memory: " + OsError(map_error));
  }
  // Lookups touch a few pages each, scattered: read-ahead would only waste memory.
  ::madvise(mapped, length, MADV_RANDOM);
  std::shared_ptr<PackedIndex> index(new PackedIndex());
  index->base_ = static_cast<const char*>(mapped);
  index->length_ = length;

  uint32_t head[2];
  std::memcpy(head, index->base_ + packed::kMagic.size(), sizeof head);
  packed::Footer footer;
  std::memcpy(&footer, index->base_ + length - sizeof footer, sizeof footer);
  if (std::string_view(index->base_, packed::kMagic.size()) != packed::kMagic ||
      std::string_view(footer.magic, sizeof footer.magic) != packed::kMagic) {
    return not_packed("no packed-index marker at its start and end");
  }
  if (head[1] != packed::kByteOrderMark) return not_packed("written with another byte order");
  if (head[0] != packed::kFormat) {
    return not_packed("format " + std::to_string(head[0]) + ", this mhds reads format " +
                      std::to_string(packed::kFormat));
  }
  const uint64_t body_end = length - sizeof footer;
  for (int s = 0; s < packed::kSectionCount; ++s) {
    const packed::SectionBounds b = footer.sections[s];
    if (b.offset < packed::kHeaderSize || b.offset % packed::kAlignment != 0 ||
        b.offset > body_end || b.size > body_end - b.offset) {
      return not_packed("section " + std::to_string(s) + " lies outside the file");
    }
    index->sections_.push_back({b.offset, b.size});
  }
  index->people_ = footer.people;
  if (index->Array<uint64_t>(packed::kPersonOffsets).size() != footer.people ||
      index->Array<DateEntry>(packed::kBirthEntries).empty() ||
      index->Array<TermEntry>(packed::kPostcodeEntries).empty() ||
      index->Array<TermEntry>(packed::kFamilyEntries).empty() ||
      index->Array<TermEntry>(packed::kGivenEntries).empty()) {
    return not_packed("its tables do not agree with its count of people");
  }
  return std::shared_ptr<const PackedIndex>(std::move(index));
}

PackedIndex::~PackedIndex() {
  if (base_ != nullptr) ::munmap(const_cast<char*>(base_), length_);
}

std::string_view PackedIndex::Bytes(int section) const {
  const Section& s = sections_[section];
  return std::string_view(base_ + s.offset, s.size);
}

template <typename T>
std::span<const T> PackedIndex::Array(int section) const {
  const std::string_view bytes = Bytes(section);
  // Sections start 8-aligned in a page-aligned mapping, so the cast is to aligned memory.
  return std::span<const T>(reinterpret_cast<const T*>(bytes.data()), bytes.size() / sizeof(T));
}

bool PackedIndex::ReadPerson(uint32_t id, Person& person) const {
  const auto offsets = Array<uint64_t>(packed::kPersonOffsets);
  const std::string_view bytes = Bytes(packed::kPersonBytes);
  if (id >= people_ || offsets[id] >= bytes.size()) return false;
  std::string_view record = bytes.substr(offsets[id]);
  uint64_t length = 0;
  if (!GetLength(record, length) || length > record.size()) return false;
  return DecodePerson(record.substr(0, length), person);
}

void PackedIndex::PrefetchOffsets(std::span<const uint32_t> ids) const {
  const auto offsets = Array<uint64_t>(packed::kPersonOffsets);
  for (const uint32_t id : ids) {
    if (id < offsets.size()) __builtin_prefetch(&offsets[id]);
  }
  KeepPrefetches();
}

void PackedIndex::PrefetchPerson(uint32_t id) const {
  const auto offsets = Array<uint64_t>(packed::kPersonOffsets);
  const std::string_view bytes = Bytes(packed::kPersonBytes);
  if (id >= offsets.size() || offsets[id] >= bytes.size()) return;
  // A record is a few hundred bytes: its first three cache lines hold most people whole.
  const char* record = bytes.data() + offsets[id];
  const size_t left = bytes.size() - offsets[id];
  for (size_t at = 0; at < 192 && at < left; at += 64) __builtin_prefetch(record + at);
  KeepPrefetches();
}

std::optional<PackedIndex::NumberHit> PackedIndex::FindNumber(std::string_view nhs_number) const {
  NumberEntry key{};
  if (nhs_number.size() != sizeof key.number) return std::nullopt;
  std::memcpy(key.number, nhs_number.data(), sizeof key.number);
  const auto numbers = Array<NumberEntry>(packed::kNumbers);
  const auto it = std::lower_bound(numbers.begin(), numbers.end(), key,
                                   [](const NumberEntry& a, const NumberEntry& b) {
                                     return std::memcmp(a.number, b.number, sizeof a.number) < 0;
                                   });
  if (it == numbers.end() || std::memcmp(it->number, key.number, sizeof key.number) != 0 ||
      it->id >= people_) {
    return std::nullopt;
  }
  return NumberHit{it->id, it->superseded != 0};
}

std::span<const uint32_t> PackedIndex::BornOn(CompactDate date) const {
  const auto entries = Array<DateEntry>(packed::kBirthEntries);
  const auto ids = Array<uint32_t>(packed::kBirthIds);
  // The last entry only ends the ids of the one before it.
  const auto it = std::lower_bound(entries.begin(), entries.end() - 1, date,
                                   [](const DateEntry& e, CompactDate d) { return e.date < d; });
  if (it == entries.end() - 1 || it->date != date) return {};
  const uint32_t start = it->start;
  const uint32_t end = (it + 1)->start;
  if (start > end || end > ids.size()) return {};
  return ids.subspan(start, end - start);
}

std::optional<std::pair<uint32_t, uint32_t>> PackedIndex::FindTerm(int entries_section,
                                                                   int keys_section,
                                                                   std::string_view key) const {
  const auto entries = Array<TermEntry>(entries_section);
  const std::string_view keys = Bytes(keys_section);
  auto key_of = [&](const TermEntry* e) -> std::string_view {
    const uint32_t begin = e->key_offset;
    const uint32_t end = (e + 1)->key_offset;
    if (begin > end || end > keys.size()) return {};
    return keys.substr(begin, end - begin);
  };
  const TermEntry* first = entries.data();
  const TermEntry* last = entries.data() + entries.size() - 1;  // the end entry
  const TermEntry* it = std::lower_bound(
      first, last, key, [&](const TermEntry& e, std::string_view k) { return key_of(&e) < k; });
  if (it == last || key_of(it) != key) return std::nullopt;
  return std::pair<uint32_t, uint32_t>{it->value, (it + 1)->value};
}

std::span<const uint32_t> PackedIndex::EverAt(std::string_view postcode) const {
  const auto found = FindTerm(packed::kPostcodeEntries, packed::kPostcodeKeys, postcode);
  const auto ids = Array<uint32_t>(packed::kPostcodeIds);
  if (!found || found->first > found->second || found->second > ids.size()) return {};
  return ids.subspan(found->first, found->second - found->first);
}

uint32_t PackedIndex::FamilyNameCount(std::string_view family_key) const {
  const auto found = FindTerm(packed::kFamilyEntries, packed::kFamilyKeys, family_key);
  return found ? found->first : 0;
}

uint32_t PackedIndex::GivenNameCount(std::string_view given_key) const {
  const auto found = FindTerm(packed::kGivenEntries, packed::kGivenKeys, given_key);
  return found ? found->first : 0;
}

}  // namespace mhds::trace
