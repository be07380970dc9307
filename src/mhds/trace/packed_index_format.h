// The fixed parts of the packed index file (packed_index.h describes the layout): shared by its
// writer and its reader, used by nothing else.
#pragma once

#include <cstdint>
#include <string_view>

namespace mhds::trace::packed {

inline constexpr std::string_view kMagic{"MHDSPIX\0", 8};
inline constexpr uint32_t kFormat = 1;
inline constexpr uint32_t kByteOrderMark = 0x01020304;
inline constexpr uint64_t kHeaderSize = 16;
inline constexpr uint64_t kAlignment = 8;

// The sections, in file order.
enum Section : int {
  kPersonBytes,
  kPersonOffsets,    // uint64_t[people + 1]
  kNumbers,          // NumberEntry[]
  kBirthEntries,     // DateEntry[dates + 1]
  kBirthIds,         // uint32_t[]
  kPostcodeEntries,  // TermEntry[postcodes + 1]; value: start of the postcode's ids
  kPostcodeKeys,
  kPostcodeIds,    // uint32_t[]
  kFamilyEntries,  // TermEntry[names + 1]; value: people who held the name
  kFamilyKeys,
  kGivenEntries,
  kGivenKeys,
  kSectionCount
};

struct NumberEntry {
  char number[10];
  uint8_t superseded;  // 1: an earlier number of person `id`
  uint8_t reserved;
  uint32_t id;
};
static_assert(sizeof(NumberEntry) == 16);

struct DateEntry {
  int32_t date;
  uint32_t start;  // first of the date's ids; the next entry's start ends them
};
static_assert(sizeof(DateEntry) == 8);

struct TermEntry {
  uint32_t key_offset;  // the key's bytes run to the next entry's key_offset
  uint32_t value;
};
static_assert(sizeof(TermEntry) == 8);

struct SectionBounds {
  uint64_t offset;
  uint64_t size;
};

struct Footer {
  uint64_t people;
  SectionBounds sections[kSectionCount];
  char magic[8];
};

}  // namespace mhds::trace::packed
