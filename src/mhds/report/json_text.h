// Hand-written JSON for the one part of the report that can run to millions of entries: the
// findings. Output is byte-for-byte what nlohmann::json's compact dump gives for the same values
// (json_text_test.cc holds the two side by side), without building a document per finding.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mhds::report {

// Appends `text` as a JSON string, quotes included. Printable ASCII and the common escapes are
// written here; text with other bytes (UTF-8, control characters, invalid sequences) goes through
// nlohmann::json, which replaces invalid UTF-8 with U+FFFD.
void AppendJsonString(std::string& out, std::string_view text);

// Appends an unsigned integer in decimal.
void AppendJsonNumber(std::string& out, uint64_t n);

}  // namespace mhds::report
