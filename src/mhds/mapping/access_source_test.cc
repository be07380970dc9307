// Building from a table of an Access file, read in place by io's Access reader.
#include <gtest/gtest.h>

#include "mhds/idb/table_sink.h"
#include "mhds/io/testing/read_all.h"
#include "mhds/io/testing/temp_dir.h"
#include "mhds/mapping/builder.h"
#include "mhds/mapping/source_reader.h"

namespace mhds::mapping {
namespace {

using io::testing::ReadAll;
using io::testing::TempDir;

// A third-party Access file (see the README there); absent outside the shared workspace.
const std::string kNorthwind = MHDS_SOURCE_DIR "/../shared/testdata/access/nwind.mdb";

TEST(AccessSource, FeedsATableAndItsDateTimeColumnsGiveDates) {
  if (!std::filesystem::exists(kNorthwind)) GTEST_SKIP() << "no " << kNorthwind;
  TempDir dir;
  // Access Date/Time columns read "CCYY-MM-DD hh:mm:ss"; the table name matches ignoring case.
  const std::string mapping = dir.Write("m.toml", R"(spec = "mhsds/6.0"
period = "2026-10"
[sources.nw]
access = ")" + kNorthwind + R"("
table = "orders"
[tables.MHS201CareContact]
source = "nw"
[tables.MHS201CareContact.items]
CareContactID = "OrderID"
ServiceRequestID = "CustomerID"
CareContDate = { column = "OrderDate", date = "YYYY-MM-DD hh:mm:ss" }
)");
  auto loaded = LoadMapping(mapping, std::string(MHDS_SOURCE_DIR) + "/specs");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  const std::string out = dir.path() + "/idb/";
  auto sink = idb::OpenSink(out, &loaded->spec, false);
  ASSERT_TRUE(sink.ok()) << sink.status().message();
  auto built = Build(*loaded, **sink, {});
  ASSERT_TRUE(built.ok()) << built.status().message();
  EXPECT_EQ(built->failed_values, 0u);
  ASSERT_TRUE((*sink)->Commit().ok());

  // The same rows as reading the Access table directly.
  auto access = io::OpenSource(kNorthwind);
  ASSERT_TRUE(access.ok());
  auto orders = ReadAll((*access)->Open("Orders"));
  auto source = io::OpenSource(out);
  ASSERT_TRUE(source.ok());
  auto contacts = ReadAll((*source)->Open("MHS201CareContact"));
  ASSERT_TRUE(contacts.status.ok()) << contacts.status.message();
  ASSERT_EQ(contacts.rows.size(), orders.rows.size());
  ASSERT_FALSE(contacts.rows.empty());
  const int date = loaded->spec.tables[loaded->spec.FindTable("MHS201")].FindItem("CareContDate");
  const int id = loaded->spec.tables[loaded->spec.FindTable("MHS201")].FindItem("CareContactID");
  EXPECT_EQ(contacts.rows[0][date], "1994-11-16");  // OrderDate 1994-11-16 00:00:00
  EXPECT_EQ(contacts.rows[0][id], orders.rows[0][0]);
}

TEST(AccessSource, SaysWhenTheFileIsMissing) {
  Source source;
  source.name = "old";
  source.kind = SourceKind::kAccess;
  source.location = "/nonexistent/pas.mdb";
  source.table = "Patients";
  auto opened = OpenSourceReader(source);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace mhds::mapping
