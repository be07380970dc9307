// StoreTest: a GoogleTest fixture parameterised by engine, so one test body runs against SQLite
// and against PostgreSQL. Each test gets a fresh, empty store: a new SQLite file in its own
// temporary folder, or a new database on a throwaway PostgreSQL cluster started once per test
// process. If PostgreSQL cannot start, the PostgreSQL cases FAIL with the reason (never skip).
//
// MHDS_TEST_POSTGRES_URL, when set, names a running server instead (a URL to a database there, as
// a user allowed to CREATE DATABASE): each PostgreSQL case then creates its own database on it and
// drops it afterwards, and no test process starts a cluster of its own. For CI runs, where
// ctest's one process per test would otherwise start one cluster per test.
//
//   class MyTest : public mhds::store::testing::StoreTest {};
//   TEST_P(MyTest, DoesSomething) { store::Database& db = this->db(); ... url() ... }
//   MHDS_INSTANTIATE_STORE_TEST(MyTest);
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <system_error>

#include "mhds/store/store.h"
#include "mhds/store/testing/postgres_cluster.h"

namespace mhds::store::testing {

// The cluster shared by every PostgreSQL case of one test process; the Status says why there is
// none. Stopped at process exit.
inline Result<PostgresCluster*> SharedPostgresCluster() {
  static Result<std::unique_ptr<PostgresCluster>> cluster = PostgresCluster::Start();
  if (!cluster.ok()) return cluster.status();
  return cluster->get();
}

class StoreTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    if (GetParam() == Engine::kSqlite) {
      std::string pattern = ::testing::TempDir() + "mhds_store_XXXXXX";
      ASSERT_NE(mkdtemp(pattern.data()), nullptr) << "mkdtemp failed for " << pattern;
      dir_ = pattern;
      url_ = "sqlite:" + dir_ + "/store.db";
    } else {
      const char* shared = std::getenv("MHDS_TEST_POSTGRES_URL");
      if (shared != nullptr && *shared != '\0') {
        admin_url_ = shared;
      } else {
        auto cluster = SharedPostgresCluster();
        ASSERT_TRUE(cluster.ok()) << "PostgreSQL could not start: " << cluster.status().ToString();
        admin_url_ = (*cluster)->Url("postgres");
      }
      static std::atomic<int> next{0};
      // Unique across the processes that may share one server.
      database_ = "mhds_t" + std::to_string(getpid()) + "_" + std::to_string(next++);
      auto url = CreateTestDatabase(admin_url_, database_);
      ASSERT_TRUE(url.ok()) << url.status().ToString();
      url_ = *url;
    }
    auto db = Connect(url_);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
  }
  void TearDown() override {
    db_.reset();
    if (!database_.empty()) {
      Status dropped = DropTestDatabase(admin_url_, database_);
      EXPECT_TRUE(dropped.ok()) << dropped.ToString();
    }
    if (!dir_.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(dir_, ignored);
    }
  }

  // The store URL of this test's store (to open more connections to it).
  const std::string& url() const { return url_; }
  Database& db() { return *db_; }

 private:
  std::string dir_;
  std::string admin_url_;  // PostgreSQL: where test databases are created and dropped
  std::string database_;
  std::string url_;
  std::unique_ptr<Database> db_;
};

inline std::string EngineTestName(const ::testing::TestParamInfo<Engine>& info) {
  return std::string(EngineName(info.param));
}

}  // namespace mhds::store::testing

namespace mhds::store {
// Lets GoogleTest (and ctest's test list) print "sqlite" or "postgresql" for a parameter.
inline void PrintTo(Engine engine, std::ostream* os) { *os << EngineName(engine); }
}  // namespace mhds::store

#define MHDS_INSTANTIATE_STORE_TEST(fixture)                                               \
  INSTANTIATE_TEST_SUITE_P(                                                                \
      Engines, fixture,                                                                    \
      ::testing::Values(::mhds::store::Engine::kSqlite, ::mhds::store::Engine::kPostgres), \
      ::mhds::store::testing::EngineTestName)
