#include "mhds/store/value.h"

#include <charconv>

namespace mhds::store {

std::optional<int64_t> Value::AsInt() const {
  if (const auto* i = std::get_if<int64_t>(&data_)) return *i;
  if (const auto* s = std::get_if<std::string>(&data_)) {
    int64_t v = 0;
    const char* end = s->data() + s->size();
    auto [ptr, ec] = std::from_chars(s->data(), end, v);
    if (ec == std::errc() && ptr == end && !s->empty()) return v;
  }
  return std::nullopt;
}

std::optional<std::string> Value::AsText() const {
  if (const auto* s = std::get_if<std::string>(&data_)) return *s;
  if (const auto* i = std::get_if<int64_t>(&data_)) return std::to_string(*i);
  return std::nullopt;
}

}  // namespace mhds::store
