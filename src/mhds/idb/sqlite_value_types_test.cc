#include "mhds/idb/sqlite_value_types.h"

#include <gtest/gtest.h>

#include <optional>
#include <string_view>

namespace mhds::idb {
namespace {

TEST(CanonicalInteger, AcceptsOnlyTextThatReadsBackTheSame) {
  struct Case {
    std::string_view text;
    std::optional<int64_t> expected;
  };
  const Case cases[] = {
      {"0", 0},
      {"7", 7},
      {"12", 12},
      {"-3", -3},
      {"9223372036854775807", INT64_MAX},
      {"-9223372036854775808", INT64_MIN},
      {"", std::nullopt},
      {"-", std::nullopt},
      {"-0", std::nullopt},
      {"01", std::nullopt},
      {"007", std::nullopt},
      {"+3", std::nullopt},
      {" 3", std::nullopt},
      {"3 ", std::nullopt},
      {"1.0", std::nullopt},
      {"3e2", std::nullopt},
      {"0x10", std::nullopt},
      {"9223372036854775808", std::nullopt},
      {"12a", std::nullopt},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(CanonicalInteger(c.text), c.expected) << "'" << c.text << "'";
  }
}

TEST(ColumnKindFor, NumbersAreAnyEverythingElseText) {
  spec::Item item;
  EXPECT_EQ(ColumnKindFor(nullptr), SqliteColumnKind::kText);
  item.type = spec::ValueType::kInteger;
  EXPECT_EQ(ColumnKindFor(&item), SqliteColumnKind::kNumber);
  item.type = spec::ValueType::kDecimal;
  EXPECT_EQ(ColumnKindFor(&item), SqliteColumnKind::kNumber);
  for (const spec::ValueType type :
       {spec::ValueType::kText, spec::ValueType::kDate, spec::ValueType::kTime,
        spec::ValueType::kNhsNumber, spec::ValueType::kSnomed, spec::ValueType::kPostcode}) {
    item.type = type;
    EXPECT_EQ(ColumnKindFor(&item), SqliteColumnKind::kText) << spec::ValueTypeName(type);
  }
  EXPECT_EQ(DeclaredType(SqliteColumnKind::kText), "TEXT");
  EXPECT_EQ(DeclaredType(SqliteColumnKind::kNumber), "ANY");
}

}  // namespace
}  // namespace mhds::idb
