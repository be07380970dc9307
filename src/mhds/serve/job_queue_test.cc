#include "mhds/serve/job_queue.h"

#include <gtest/gtest.h>

#include "mhds/serve/schema.h"
#include "mhds/serve/submissions.h"
#include "mhds/store/testing/store_fixture.h"

namespace mhds::serve {
namespace {

constexpr int64_t kNow = 1'800'000'000;

class JobQueueTest : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    ASSERT_TRUE(MigrateStore(db()).ok());
  }
  int64_t AddSubmission(const std::string& period, bool test = false) {
    Submission s;
    s.org = "RX1";
    s.dataset = "mhsds";
    s.version = "6.0";
    s.period = period;
    s.test = test;
    s.window_kind = "single";
    s.sha256 = std::string(64, 'a');
    s.format = "sqlite";
    s.file_name = s.sha256 + ".sqlite";
    s.uploaded_by = 1;
    s.uploaded_at = kNow;
    auto id = InsertSubmission(db(), s, kNow);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  Result<std::optional<JobLease>> Claim(const std::string& owner, int64_t now) {
    ClaimOptions options;
    options.lease_seconds = 60;
    options.max_attempts = 2;
    return ClaimJob(db(), owner, now, options);
  }
  SubmissionStatus StatusOf(int64_t id) {
    auto s = FindSubmission(db(), id, "RX1", "mhsds");
    EXPECT_TRUE(s.ok() && s->has_value());
    return s.ok() && s->has_value() ? (*s)->status : SubmissionStatus::kFailed;
  }
};

TEST_P(JobQueueTest, EachJobIsClaimedOnceWhileItsLeaseLasts) {
  int64_t first = AddSubmission("2026-10");
  int64_t second = AddSubmission("2026-10");
  auto a = Claim("a", kNow);
  ASSERT_TRUE(a.ok() && a->has_value());
  EXPECT_EQ((*a)->submission_id, first);
  EXPECT_EQ(StatusOf(first), SubmissionStatus::kValidating);
  auto b = Claim("b", kNow);
  ASSERT_TRUE(b.ok() && b->has_value());
  EXPECT_EQ((*b)->submission_id, second);
  auto none = Claim("c", kNow + 59);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST_P(JobQueueTest, AnExpiredLeaseIsTakenOverAndTheOldOwnerCannotFinish) {
  int64_t id = AddSubmission("2026-10");
  auto crashed = Claim("crashed", kNow);
  ASSERT_TRUE(crashed.ok() && crashed->has_value());
  auto heir = Claim("heir", kNow + 61);
  ASSERT_TRUE(heir.ok() && heir->has_value());
  EXPECT_EQ((*heir)->submission_id, id);
  EXPECT_EQ((*heir)->attempts, 2);

  JobOutcome outcome;
  outcome.status = SubmissionStatus::kAccepted;
  outcome.rows_received = 10;
  auto late = FinishJob(db(), **crashed, outcome, kNow + 62);
  ASSERT_TRUE(late.ok());
  EXPECT_FALSE(*late);
  EXPECT_EQ(StatusOf(id), SubmissionStatus::kValidating);
  auto renewed = RenewLease(db(), **crashed, kNow + 500);
  ASSERT_TRUE(renewed.ok());
  EXPECT_FALSE(*renewed);

  auto done = FinishJob(db(), **heir, outcome, kNow + 63);
  ASSERT_TRUE(done.ok());
  EXPECT_TRUE(*done);
  EXPECT_EQ(StatusOf(id), SubmissionStatus::kAccepted);
  auto counts = CountJobs(db());
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->done, 1);
  EXPECT_EQ(counts->pending + counts->running, 0);
}

TEST_P(JobQueueTest, AJobThatNeverFinishesEndsFailedAfterItsAttempts) {
  int64_t id = AddSubmission("2026-10");
  ASSERT_TRUE(Claim("one", kNow).ok());
  ASSERT_TRUE(Claim("two", kNow + 61).ok());
  auto third = Claim("three", kNow + 122);
  ASSERT_TRUE(third.ok());
  EXPECT_FALSE(third->has_value());
  EXPECT_EQ(StatusOf(id), SubmissionStatus::kFailed);
  auto counts = CountJobs(db());
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->failed, 1);
}

TEST_P(JobQueueTest, HistoryMarksTheLatestAcceptedLiveSubmissionAsTheOneThatCounts) {
  JobOutcome accepted;
  accepted.status = SubmissionStatus::kAcceptedWithRejections;
  JobOutcome rejected;
  rejected.status = SubmissionStatus::kRejected;
  int64_t old_live = AddSubmission("2026-10");
  int64_t new_live = AddSubmission("2026-10");
  int64_t test = AddSubmission("2026-10", /*test=*/true);
  int64_t broken = AddSubmission("2026-10");
  int64_t other_month = AddSubmission("2026-09");
  const JobOutcome* outcomes[] = {&accepted, &accepted, &accepted, &rejected, &accepted};
  for (const JobOutcome* outcome : outcomes) {
    auto lease = Claim("w", kNow);
    ASSERT_TRUE(lease.ok() && lease->has_value());
    ASSERT_TRUE(FinishJob(db(), **lease, *outcome, kNow).ok());
  }
  auto history = SubmissionHistory(db(), "RX1", "mhsds");
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 5u);
  for (const Submission& s : *history) {
    SCOPED_TRACE(s.id);
    EXPECT_EQ(s.counts, s.id == new_live || s.id == other_month);
    EXPECT_EQ(s.superseded, s.id == old_live);
  }
  (void)test;
  (void)broken;
  auto month = SubmissionHistory(db(), "RX1", "mhsds", "2026-09");
  ASSERT_TRUE(month.ok());
  ASSERT_EQ(month->size(), 1u);
  EXPECT_FALSE(FindSubmission(db(), new_live, "RY2", "mhsds")->has_value());
  EXPECT_FALSE(FindSubmission(db(), new_live, "RX1", "iapt")->has_value());
}

MHDS_INSTANTIATE_STORE_TEST(JobQueueTest);

}  // namespace
}  // namespace mhds::serve
