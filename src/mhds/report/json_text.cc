#include "mhds/report/json_text.h"

#include <array>
#include <charconv>
#include <nlohmann/json.hpp>

namespace mhds::report {
namespace {

// True for the bytes written as themselves: printable ASCII other than the quote and backslash.
constexpr bool IsPlain(unsigned char c) { return c >= 0x20 && c < 0x7F && c != '"' && c != '\\'; }

// IsPlain as a table, for the scan of whole values (one load a byte).
constexpr auto kPlain = [] {
  std::array<bool, 256> plain{};
  for (int c = 0; c < 256; ++c) plain[c] = IsPlain(static_cast<unsigned char>(c));
  return plain;
}();

}  // namespace

void AppendJsonString(std::string& out, std::string_view text) {
  // Nearly every value needs no escape: copy it whole.
  size_t plain = 0;
  while (plain < text.size() && kPlain[static_cast<unsigned char>(text[plain])]) ++plain;
  if (plain == text.size()) {
    out.push_back('"');
    out.append(text);
    out.push_back('"');
    return;
  }
  for (unsigned char c : text) {
    // Anything beyond plain ASCII and the short escapes: let the library decide, so UTF-8
    // handling (and the replacement of invalid bytes) stays exactly the library's.
    if (!IsPlain(c) && c != '"' && c != '\\' && c != '\n' && c != '\r' && c != '\t') {
      out += nlohmann::json(std::string(text))
                 .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      return;
    }
  }
  out.push_back('"');
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (IsPlain(c)) continue;
    out.append(text.substr(start, i - start));
    out.push_back('\\');
    out.push_back(c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : static_cast<char>(c));
    start = i + 1;
  }
  out.append(text.substr(start));
  out.push_back('"');
}

void AppendJsonNumber(std::string& out, uint64_t n) {
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, n);
  (void)ec;  // 24 bytes always hold a uint64_t
  out.append(buffer, end);
}

}  // namespace mhds::report
