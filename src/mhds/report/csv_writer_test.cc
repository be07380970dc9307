// CSV cells and rows: RFC 4180 quoting and the formula-injection guard, table-driven.
#include "mhds/report/csv_writer.h"

#include <gtest/gtest.h>

namespace mhds::report {
namespace {

struct CellCase {
  std::string_view text;
  std::string_view cell;
};

TEST(CsvTextCell, QuotesOnlyWhatRfc4180RequiresAndNeutralisesFormulas) {
  const CellCase cases[] = {
      {"plain", "plain"},
      {"", ""},
      {"a,b", "\"a,b\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"two\nlines", "\"two\nlines\""},
      {"cr\rhere", "\"cr\rhere\""},
      {"=SUM(A1)", "'=SUM(A1)"},
      {"+1", "'+1"},
      {"-2", "'-2"},
      {"@x", "'@x"},
      {"\tcmd", "'\tcmd"},
      {"\rcmd", "\"'\rcmd\""},
      {"=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""},
      {"a=b", "a=b"},
      {"1-2", "1-2"},
      {"'quoted'", "'quoted'"},
  };
  for (const CellCase& c : cases) {
    EXPECT_EQ(CsvTextCell(c.text), c.cell) << "text: " << c.text;
  }
}

TEST(CsvWriter, WritesNumbersRawAndRowsEndedByCrlf) {
  CsvWriter csv;
  csv.Text("id").Text("value").EndRow();
  csv.Number(7).Text("-3").Blank().NumberOrBlank(0).NumberOrBlank(12).EndRow();
  EXPECT_EQ(csv.text(), "id,value\r\n7,'-3,,,12\r\n");
}

TEST(CsvWriter, StartsEachRowWithoutASeparator) {
  CsvWriter csv;
  csv.Blank().EndRow();
  csv.Text("x").EndRow();
  EXPECT_EQ(csv.Take(), "\r\nx\r\n");
}

}  // namespace
}  // namespace mhds::report
