// ParseTimeOfDay: the hh:mm:ss parse behind ParseTime (calendar.h), in a header so that the
// record checks, which read a time on most care contacts, inline it instead of calling it.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

namespace mhds {

// Parses hh:mm:ss (exactly 8 characters, 00:00:00 to 23:59:59) to seconds since midnight;
// nullopt otherwise. The same as ParseTime.
[[gnu::always_inline]] inline std::optional<int64_t> ParseTimeOfDay(std::string_view s) {
  if (s.size() != 8) return std::nullopt;
  // The eight bytes XORed with "00:00:00": a digit becomes 0 to 9 and a matching ':' becomes 0.
  // Adding 0x76 sets a byte's high bit when it is 10 or more; a carry out of a byte happens only
  // when that byte fails anyway.
  constexpr uint64_t kPattern =
      std::bit_cast<uint64_t>(std::array<char, 8>{'0', '0', ':', '0', '0', ':', '0', '0'});
  constexpr uint64_t kSeparators =
      std::bit_cast<uint64_t>(std::array<unsigned char, 8>{0, 0, 0xff, 0, 0, 0xff, 0, 0});
  uint64_t x;
  std::memcpy(&x, s.data(), sizeof x);
  x ^= kPattern;
  if ((((x + 0x7676767676767676ULL) | x) & 0x8080808080808080ULL) != 0 || (x & kSeparators) != 0)
    return std::nullopt;
  // Each byte now holds its digit's value, byte i of the text in bits 8i to 8i+7. Ten times
  // each byte plus the next puts each pair's value (at most 99: no carry) in its first byte.
  static_assert(std::endian::native == std::endian::little);
  const uint64_t pairs = x * 10 + (x >> 8);
  const auto h = static_cast<int>(pairs & 0xff), m = static_cast<int>((pairs >> 24) & 0xff),
             sec = static_cast<int>((pairs >> 48) & 0xff);
  if (h > 23 || m > 59 || sec > 59) return std::nullopt;
  return h * 3600 + m * 60 + sec;
}

}  // namespace mhds
