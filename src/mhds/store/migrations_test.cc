#include "mhds/store/migrations.h"

#include <gtest/gtest.h>

#include <thread>

#include "mhds/store/testing/store_fixture.h"

namespace mhds::store {
namespace {

constexpr Migration kV1[] = {
    {1, "notes", "CREATE TABLE notes (id {{id}}, body TEXT NOT NULL)"},
};
constexpr Migration kV2[] = {
    {1, "notes", "CREATE TABLE notes (id {{id}}, body TEXT NOT NULL)"},
    {2, "note authors",
     "ALTER TABLE notes ADD COLUMN author TEXT; CREATE INDEX notes_author ON "
     "notes (author)"},
};

class MigrationsTest : public testing::StoreTest {
 protected:
  int64_t Count(const std::string& sql) {
    auto row = db().QueryRow(sql);
    EXPECT_TRUE(row.ok()) << row.status().ToString();
    return row.ok() && row->has_value() ? (*row)->Int(0) : -1;
  }
};

TEST_P(MigrationsTest, FreshStoreHasVersionZero) {
  auto version = SchemaVersion(db(), "notes");
  ASSERT_TRUE(version.ok()) << version.status().ToString();
  EXPECT_EQ(*version, 0);
}

TEST_P(MigrationsTest, AppliesInOrderAndRecordsEachVersion) {
  ASSERT_TRUE(Migrate(db(), "notes", kV2).ok());
  auto version = SchemaVersion(db(), "notes");
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM schema_migrations WHERE component = 'notes'"), 2);
  EXPECT_TRUE(db().Exec("INSERT INTO notes (body, author) VALUES (?, ?)", {"x", "y"}).ok());
}

TEST_P(MigrationsTest, RunningAgainChangesNothing) {
  ASSERT_TRUE(Migrate(db(), "notes", kV2).ok());
  ASSERT_TRUE(db().Exec("INSERT INTO notes (body) VALUES (?)", {"kept"}).ok());
  Status again = Migrate(db(), "notes", kV2);
  ASSERT_TRUE(again.ok()) << again.ToString();
  EXPECT_EQ(Count("SELECT COUNT(*) FROM schema_migrations"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM notes"), 1);
}

TEST_P(MigrationsTest, UpgradeAppliesOnlyTheNewVersions) {
  ASSERT_TRUE(Migrate(db(), "notes", kV1).ok());
  ASSERT_TRUE(db().Exec("INSERT INTO notes (body) VALUES (?)", {"from v1"}).ok());
  ASSERT_EQ(*SchemaVersion(db(), "notes"), 1);
  ASSERT_TRUE(Migrate(db(), "notes", kV2).ok());
  EXPECT_EQ(*SchemaVersion(db(), "notes"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM notes WHERE author IS NULL"), 1);
}

TEST_P(MigrationsTest, ComponentsHaveTheirOwnVersions) {
  constexpr Migration kOther[] = {{1, "other", "CREATE TABLE other_things (id {{id}})"}};
  ASSERT_TRUE(Migrate(db(), "notes", kV2).ok());
  ASSERT_TRUE(Migrate(db(), "other", kOther).ok());
  EXPECT_EQ(*SchemaVersion(db(), "notes"), 2);
  EXPECT_EQ(*SchemaVersion(db(), "other"), 1);
}

TEST_P(MigrationsTest, StoreNewerThanTheProgramIsRefused) {
  ASSERT_TRUE(Migrate(db(), "notes", kV2).ok());
  Status older = Migrate(db(), "notes", kV1);
  ASSERT_FALSE(older.ok());
  EXPECT_EQ(older.code(), StatusCode::kDataError);
  EXPECT_NE(older.message().find("version 2"), std::string::npos) << older.message();
}

TEST_P(MigrationsTest, FailedMigrationLeavesNoTraceAndKeepsTheVersion) {
  constexpr Migration kBroken[] = {
      {1, "notes", "CREATE TABLE notes (id {{id}}, body TEXT NOT NULL)"},
      {2, "half done", "CREATE TABLE extra (id BIGINT); CREATE TABLE notes (oops BIGINT)"},
  };
  ASSERT_TRUE(Migrate(db(), "notes", kV1).ok());
  Status status = Migrate(db(), "notes", kBroken);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("migration 2 (half done)"), std::string::npos)
      << status.message();
  EXPECT_EQ(*SchemaVersion(db(), "notes"), 1);
  // The first statement of the failed migration was rolled back with it.
  EXPECT_FALSE(db().Query("SELECT COUNT(*) FROM extra").ok());
}

TEST_P(MigrationsTest, BadlyNumberedListIsAProgrammingError) {
  constexpr Migration kGap[] = {{1, "a", "SELECT 1"}, {3, "c", "SELECT 1"}};
  Status status = Migrate(db(), "gap", kGap);
  EXPECT_EQ(status.code(), StatusCode::kInternal);
}

TEST_P(MigrationsTest, PerEngineVariantIsUsedOnPostgres) {
  constexpr Migration kVariant[] = {
      {1, "variant", "CREATE TABLE which (engine TEXT); INSERT INTO which VALUES ('sqlite')",
       "CREATE TABLE which (engine TEXT); INSERT INTO which VALUES ('postgresql')"},
  };
  ASSERT_TRUE(Migrate(db(), "variant", kVariant).ok());
  auto row = db().QueryRow("SELECT engine FROM which");
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_EQ((*row)->Text(0), EngineName(db().engine()));
}

TEST_P(MigrationsTest, ConcurrentMigratorsApplyEachVersionOnce) {
  constexpr int kThreads = 4;
  std::vector<Status> results(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      auto conn = Connect(url());
      if (!conn.ok()) {
        results[i] = conn.status();
        return;
      }
      results[i] = Migrate(**conn, "notes", kV2);
    });
  }
  for (auto& t : threads) t.join();
  for (const Status& s : results) EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Count("SELECT COUNT(*) FROM schema_migrations WHERE component = 'notes'"), 2);
}

MHDS_INSTANTIATE_STORE_TEST(MigrationsTest);

}  // namespace
}  // namespace mhds::store
