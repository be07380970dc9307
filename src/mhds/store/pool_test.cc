#include "mhds/store/pool.h"

#include <gtest/gtest.h>

#include <thread>

#include "mhds/store/testing/store_fixture.h"

namespace mhds::store {
namespace {

class PoolTest : public testing::StoreTest {};

TEST_P(PoolTest, ThreadsShareAFewConnections) {
  ASSERT_TRUE(db().ExecScript("CREATE TABLE hits (thread BIGINT, n BIGINT)").ok());
  auto pool = Pool::Open(url(), 2, ConnectOptions{});
  ASSERT_TRUE(pool.ok()) << pool.status().ToString();
  EXPECT_EQ((*pool)->engine(), GetParam());
  constexpr int kThreads = 4;
  constexpr int kPerThread = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto lease = (*pool)->Acquire();
        if (!lease.ok() ||
            !(*lease)->Exec("INSERT INTO hits (thread, n) VALUES (?, ?)", {t, i}).ok()) {
          ++failures;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto count = db().QueryRow("SELECT COUNT(*) FROM hits");
  ASSERT_TRUE(count.ok());
  EXPECT_EQ((*count)->Int(0), kThreads * kPerThread);
}

TEST_P(PoolTest, IdleConnectionIsHandedOutAgain) {
  auto pool = Pool::Open(url(), 1, ConnectOptions{});
  ASSERT_TRUE(pool.ok());
  Database* first = nullptr;
  {
    auto lease = (*pool)->Acquire();
    ASSERT_TRUE(lease.ok());
    first = &**lease;
  }
  {
    auto lease = (*pool)->Acquire();
    ASSERT_TRUE(lease.ok());
    EXPECT_EQ(&**lease, first);  // an idle connection is handed out again
  }
}

MHDS_INSTANTIATE_STORE_TEST(PoolTest);

TEST(Pool, BadUrlFailsAtOpen) {
  auto pool = Pool::Open("nosuch:x", 2, ConnectOptions{});
  ASSERT_FALSE(pool.ok());
  EXPECT_EQ(pool.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mhds::store
