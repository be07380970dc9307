// The current time as seconds since 1970, for commands that stamp what they record.
#pragma once

#include <chrono>
#include <cstdint>

namespace mhds::cli {

inline int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace mhds::cli
