#include "mhds/extract/opt_outs.h"

#include <gtest/gtest.h>

#include "mhds/extract/xml_text.h"

namespace mhds::extract {
namespace {

TEST(OptOuts, ReadsNumbersWithSpacesCommentsAndBlankLines) {
  auto list = ParseOptOuts("# national data opt-outs\n9990000018\r\n\n999 000 0026\n", "list");
  ASSERT_TRUE(list.ok()) << list.status().message();
  EXPECT_EQ(list->nhs_numbers.size(), 2u);
  EXPECT_TRUE(list->contains("9990000018"));
  EXPECT_TRUE(list->contains("9990000026"));
  EXPECT_FALSE(list->contains("9990000034"));
  EXPECT_EQ(list->sha256.size(), 64u);
}

TEST(OptOuts, ReportsFileLineAndColumnOfABadEntry) {
  auto list = ParseOptOuts("9990000018\n99900X0026\n", "optouts.txt");
  ASSERT_FALSE(list.ok());
  EXPECT_NE(list.status().message().find("optouts.txt:2:6:"), std::string::npos)
      << list.status().message();
  auto short_number = ParseOptOuts("12345\n", "optouts.txt");
  ASSERT_FALSE(short_number.ok());
  EXPECT_NE(short_number.status().message().find("optouts.txt:1:1: expected an NHS Number"),
            std::string::npos);
}

TEST(XmlText, EscapesMarkupAndReplacesBytesXmlCannotHold) {
  std::string out;
  AppendXmlText(out, "a<b>&\"c'");
  EXPECT_EQ(out, "a&lt;b&gt;&amp;&quot;c&apos;");
  out.clear();
  AppendXmlText(out, std::string("x\x01y\xC3\xA9z\xFF", 7));
  EXPECT_EQ(out, "x\xEF\xBF\xBDy\xC3\xA9z\xEF\xBF\xBD");
  out.clear();
  AppendXmlText(out, "\xC0\xAF");  // an overlong '/'
  EXPECT_EQ(out, "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(XmlText, AcceptsOnlyNamesThatCanBeElements) {
  EXPECT_TRUE(IsXmlName("UniqServReqID"));
  EXPECT_TRUE(IsXmlName("Person_ID"));
  EXPECT_FALSE(IsXmlName("1st"));
  EXPECT_FALSE(IsXmlName("a b"));
  EXPECT_FALSE(IsXmlName(""));
}

}  // namespace
}  // namespace mhds::extract
