#include "mhds/base/csv_document.h"

#include <gtest/gtest.h>

namespace mhds {
namespace {

TEST(CsvDocument, ReadsQuotedFieldsBomAndCrlf) {
  auto doc = CsvDocument::Parse(
      "\xEF\xBB\xBF"
      "a,b\r\n\"x,1\",\"say \"\"hi\"\"\"\r\n\r\nplain,\"two\nlines\"\n",
      "t.csv");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->header(), (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(doc->rows().size(), 2u);
  EXPECT_EQ(doc->rows()[0].fields[0], "x,1");
  EXPECT_EQ(doc->rows()[0].fields[1], "say \"hi\"");
  EXPECT_EQ(doc->rows()[0].line, 2u);
  EXPECT_EQ(doc->rows()[1].fields[1], "two\nlines");
  EXPECT_EQ(doc->rows()[1].line, 4u);
  EXPECT_EQ(doc->ColumnIndex("B"), 1);
}

TEST(CsvDocument, ReadsLongValuesWholeAndCountsLinesInsideQuotes) {
  const std::string long_value(5000, 'v');
  auto doc = CsvDocument::Parse("a,b\n" + long_value + ",\"x\n\ny\"\nlast,row", "t.csv");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  ASSERT_EQ(doc->rows().size(), 2u);
  EXPECT_EQ(doc->rows()[0].fields[0], long_value);
  EXPECT_EQ(doc->rows()[0].fields[1], "x\n\ny");
  EXPECT_EQ(doc->rows()[1].line, 5u);          // after the two line feeds inside the quotes
  EXPECT_EQ(doc->rows()[1].fields[1], "row");  // a last line without a line end

  auto bad = CsvDocument::Parse("a,b\n\"p\nq\",r\"s\n", "t.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("t.csv:3:5: quote inside an unquoted field"),
            std::string::npos)
      << bad.status().message();
}

TEST(CsvDocument, ReportsPositionOfEachKindOfFault) {
  struct Case {
    const char* text;
    const char* expected;
  } cases[] = {
      {"a,b\n1,\"open\n", "t.csv:2:3: quoted field is never closed"},
      {"a,b\n1,x\"y\n", "t.csv:2:4: quote inside an unquoted field"},
      {"a,b\n1,\"x\"y\n", "t.csv:2:6: unexpected character after a closing quote"},
      {"a,b\n1,2,3\n", "t.csv:2:1: row has 3 fields, expected 2"},
      {"", "t.csv: empty file"},
  };
  for (const Case& c : cases) {
    auto doc = CsvDocument::Parse(c.text, "t.csv");
    ASSERT_FALSE(doc.ok()) << c.text;
    EXPECT_NE(doc.status().message().find(c.expected), std::string::npos)
        << c.text << " gave " << doc.status().message();
  }
}

}  // namespace
}  // namespace mhds
