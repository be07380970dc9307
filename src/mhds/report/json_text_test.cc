#include "mhds/report/json_text.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>

namespace mhds::report {
namespace {

std::string Library(std::string_view text) {
  return nlohmann::json(std::string(text))
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string Ours(std::string_view text) {
  std::string out;
  AppendJsonString(out, text);
  return out;
}

TEST(JsonTextTest, WritesWhatTheLibraryWrites) {
  const std::string cases[] = {"",
                               "plain",
                               "with \"quotes\" and \\ backslash",
                               "line\nbreak\r\n\ttab",
                               std::string("nul\0inside", 10),
                               "\x01\x1f\x7f",
                               "caf\xc3\xa9 \xe2\x82\xac",
                               "bad \xff byte",
                               "cut \xe2\x82",
                               "=HYPERLINK(\"x\")"};
  for (const std::string& text : cases) EXPECT_EQ(Ours(text), Library(text)) << text;
}

TEST(JsonTextTest, AgreesWithTheLibraryOnRandomBytes) {
  std::mt19937 random(7);
  std::uniform_int_distribution<int> length(0, 12), byte(0, 255), pick(0, 3);
  const char common[] = "aZ9 \"\\\n";
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    for (int n = length(random); n > 0; --n) {
      // Mostly bytes from the fast path, so that mixed strings are common too.
      text.push_back(pick(random) == 0 ? static_cast<char>(byte(random))
                                       : common[byte(random) % (sizeof common - 1)]);
    }
    ASSERT_EQ(Ours(text), Library(text)) << i;
  }
}

TEST(JsonTextTest, Numbers) {
  std::string out;
  AppendJsonNumber(out, 0);
  out.push_back(',');
  AppendJsonNumber(out, UINT64_MAX);
  EXPECT_EQ(out, "0,18446744073709551615");
}

}  // namespace
}  // namespace mhds::report
