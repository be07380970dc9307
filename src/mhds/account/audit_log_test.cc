// The audit chain: what is recorded, verification, and tamper detection, on both engines.
#include "mhds/account/audit_log.h"

#include <gtest/gtest.h>

#include <thread>

#include "mhds/account/testing/accounts_fixture.h"

namespace mhds::account {
namespace {

class AuditLogTest : public testing::AccountsTest {
 protected:
  std::vector<AuditEntry> All() {
    auto entries = ReadAudit(db());
    EXPECT_TRUE(entries.ok()) << entries.status().ToString();
    return entries.ok() ? *entries : std::vector<AuditEntry>{};
  }
  AuditVerification Verify() {
    auto v = VerifyAuditChain(db());
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? *v : AuditVerification{};
  }
  // What someone with direct write access to the database would do first.
  void DropAppendOnlyTriggers() {
    if (db().engine() == store::Engine::kSqlite) {
      ASSERT_TRUE(db().ExecScript("DROP TRIGGER audit_log_no_update; "
                                  "DROP TRIGGER audit_log_no_delete")
                      .ok());
    } else {
      ASSERT_TRUE(db().ExecScript("DROP TRIGGER audit_log_no_change ON audit_log; "
                                  "DROP TRIGGER audit_log_no_truncate ON audit_log")
                      .ok());
    }
  }
  void RecordSomeEvents() {
    AddUser("RXA", "alice");
    GiveRole("alice", "RXA", "mhsds", UserRole::kSubmitter);
    SignInResult s = SignInAs("alice");
    ASSERT_TRUE(accounts().SignIn("alice", "wrong password!", "123456").ok());
    AuditRecord upload;
    upload.event = audit_event::kUpload;
    upload.at = now_;
    upload.user_id = s.principal.user_id;
    upload.actor = "alice";
    upload.org = "RXA";
    upload.dataset = "mhsds";
    upload.detail = "submission 1";
    ASSERT_TRUE(AppendAudit(db(), upload).ok());
    ASSERT_TRUE(accounts().SignOut(s.session_token).ok());
  }
};

TEST_P(AuditLogTest, EmptyLogVerifies) {
  AuditVerification v = Verify();
  EXPECT_TRUE(v.ok());
  EXPECT_EQ(v.entries_checked, 0);
}

TEST_P(AuditLogTest, RecordsSignInsAuthorisationChangesAndUploadsInOrder) {
  RecordSomeEvents();
  std::vector<std::string> events;
  for (const AuditEntry& e : All()) events.push_back(e.record.event);
  const std::vector<std::string> expected = {audit_event::kOrganisationCreated,
                                             audit_event::kUserCreated,
                                             audit_event::kAccessGranted,
                                             audit_event::kSignIn,
                                             audit_event::kSignInFailed,
                                             audit_event::kUpload,
                                             audit_event::kSignOut};
  EXPECT_EQ(events, expected);
  AuditVerification v = Verify();
  EXPECT_TRUE(v.ok()) << v.reason;
  EXPECT_EQ(v.entries_checked, 7);
}

TEST_P(AuditLogTest, EntriesChainEachToThePrevious) {
  RecordSomeEvents();
  std::vector<AuditEntry> entries = All();
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries[0].prev_hash, std::string(64, '0'));
  for (size_t i = 1; i < entries.size(); ++i) {
    EXPECT_EQ(entries[i].seq, entries[i - 1].seq + 1);
    EXPECT_EQ(entries[i].prev_hash, entries[i - 1].hash);
  }
}

TEST_P(AuditLogTest, NoSecretIsWrittenIntoTheLog) {
  AddUser("RXA", "alice");
  GiveRole("alice", "RXA", "mhsds", UserRole::kSubmitter);
  const std::string code = CodeOf("alice");
  auto signed_in = accounts().SignIn("alice", PasswordOf("alice"), code);
  ASSERT_TRUE(signed_in.ok() && signed_in->ok());
  ASSERT_TRUE(accounts().SignIn("alice-password!", "typed into the wrong box", "1").ok());
  auto token = accounts().CreateApiToken(signed_in->principal, "RXA", "mhsds", "script");
  ASSERT_TRUE(token.ok());
  for (const AuditEntry& e : All()) {
    for (const std::string& field : {e.record.actor, e.record.detail, e.record.org}) {
      EXPECT_EQ(field.find(PasswordOf("alice")), std::string::npos) << field;
      EXPECT_EQ(field.find("typed into"), std::string::npos) << field;
      EXPECT_EQ(field.find(code), std::string::npos) << field;
      EXPECT_EQ(field.find(signed_in->session_token), std::string::npos) << field;
      EXPECT_EQ(field.find(token->secret.substr(5)), std::string::npos) << field;
    }
  }
}

TEST_P(AuditLogTest, ServiceConnectionsCannotChangeOrDeleteEntries) {
  RecordSomeEvents();
  EXPECT_FALSE(db().Exec("UPDATE audit_log SET detail = ? WHERE seq = ?", {"x", 2}).ok());
  EXPECT_FALSE(db().Exec("DELETE FROM audit_log WHERE seq = ?", {2}).ok());
  EXPECT_TRUE(Verify().ok());
}

TEST_P(AuditLogTest, ChangedEntryIsFoundAsTheFirstBrokenOne) {
  RecordSomeEvents();
  DropAppendOnlyTriggers();
  ASSERT_TRUE(db().Exec("UPDATE audit_log SET detail = ? WHERE seq = ?", {"nothing here", 4}).ok());
  AuditVerification v = Verify();
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.first_broken, 4);
  EXPECT_EQ(v.entries_checked, 4);
  EXPECT_NE(v.reason.find("content"), std::string::npos) << v.reason;
}

TEST_P(AuditLogTest, ChangedEntryWithRecomputedHashBreaksTheNextLink) {
  RecordSomeEvents();
  DropAppendOnlyTriggers();
  // A forger who recomputes entry 3's hash still cannot make entry 4 point at it.
  ASSERT_TRUE(db().Exec("UPDATE audit_log SET actor = ?, hash = ? WHERE seq = ?",
                        {"mallory", std::string(64, 'a'), 3})
                  .ok());
  AuditVerification v = Verify();
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.first_broken, 3);
}

TEST_P(AuditLogTest, DeletedEntryIsFound) {
  RecordSomeEvents();
  DropAppendOnlyTriggers();
  ASSERT_TRUE(db().Exec("DELETE FROM audit_log WHERE seq = ?", {5}).ok());
  AuditVerification v = Verify();
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.first_broken, 5);
  EXPECT_NE(v.reason.find("missing"), std::string::npos) << v.reason;
}

TEST_P(AuditLogTest, ConcurrentAppendersKeepOneChain) {
  constexpr int kThreads = 4;
  constexpr int kEach = 20;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto conn = store::Connect(url());
      if (!conn.ok()) {
        ++failures;
        return;
      }
      for (int i = 0; i < kEach; ++i) {
        AuditRecord r;
        r.event = audit_event::kReportView;
        r.at = 1;
        r.detail = "thread " + std::to_string(t) + " view " + std::to_string(i);
        if (!AppendAudit(**conn, r).ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  AuditVerification v = Verify();
  EXPECT_TRUE(v.ok()) << v.reason;
  EXPECT_EQ(v.entries_checked, kThreads * kEach);
}

TEST_P(AuditLogTest, EntryAppendedInsideARolledBackTransactionVanishesWithIt) {
  {
    auto tx = db().Begin();
    ASSERT_TRUE(tx.ok());
    AuditRecord r;
    r.event = audit_event::kDownload;
    r.at = 1;
    ASSERT_TRUE(AppendAudit(db(), r).ok());
  }
  EXPECT_TRUE(All().empty());
  EXPECT_TRUE(Verify().ok());
}

MHDS_INSTANTIATE_STORE_TEST(AuditLogTest);

}  // namespace
}  // namespace mhds::account
