// HTML escaping of the five special characters.
#include "mhds/report/html_escape.h"

#include <gtest/gtest.h>

namespace mhds::report {
namespace {

TEST(HtmlEscape, ReplacesTheFiveSpecialCharacters) {
  EXPECT_EQ(HtmlEscape("<script>alert('x' & \"y\")</script>"),
            "&lt;script&gt;alert(&#39;x&#39; &amp; &quot;y&quot;)&lt;/script&gt;");
}

TEST(HtmlEscape, LeavesOtherTextAlone) {
  EXPECT_EQ(HtmlEscape(""), "");
  EXPECT_EQ(HtmlEscape("SR4 caf\xc3\xa9 = 1;"), "SR4 caf\xc3\xa9 = 1;");
}

TEST(HtmlEscape, EscapesAnAlreadyEscapedEntityAgain) { EXPECT_EQ(HtmlEscape("&lt;"), "&amp;lt;"); }

TEST(AppendHtmlEscaped, AppendsToWhatIsThere) {
  std::string out = "<b>";
  AppendHtmlEscaped(out, "<i>");
  EXPECT_EQ(out, "<b>&lt;i&gt;");
}

}  // namespace
}  // namespace mhds::report
