// The governance steps, ledger and register on both engines.
#include "mhds/govern/governance.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "mhds/govern/ledger.h"
#include "mhds/govern/preconditions.h"
#include "mhds/govern/release_manifest.h"
#include "mhds/govern/release_register.h"
#include "mhds/govern/roles.h"
#include "mhds/store/testing/store_fixture.h"

namespace mhds::govern {
namespace {

const std::string kSource = MHDS_SOURCE_DIR;
const std::string kRef = "DARS-NIC-100001-AB1CD";
const std::string kMhsds = "Mental Health Services Data Set (MHSDS)";

nlohmann::json Fixture(const std::string& name) {
  std::ifstream in(kSource + "/src/mhds/govern/testdata/" + name);
  return nlohmann::json::parse(in);
}

int64_t Day(int y, int m, int d) {
  constexpr int64_t kSecondsPerDay = 86400;
  struct tm t = {};
  t.tm_year = y - 1900;
  t.tm_mon = m - 1;
  t.tm_mday = d;
  return static_cast<int64_t>(timegm(&t)) / kSecondsPerDay * kSecondsPerDay;
}

class GovernanceTest : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    auto w = Workflow::Load(kSource + "/specs/governance", PreconditionNames());
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    workflow_ = std::make_unique<Workflow>(std::move(w).value());
    ASSERT_TRUE(Governance::Migrate(db()).ok());
    gov_ = std::make_unique<Governance>(db(), *workflow_);
  }
  Actor As(const char* name, const char* role, int64_t at) { return Actor{name, role, at, 0}; }

  // Enquiry to ACTIVE with one panel condition met.
  void ToActive() {
    for (const char* org : {"org_university.json", "org_trust.json"}) {
      ASSERT_TRUE(
          gov_->AddOrganisation(Fixture(org), As("ops", "case_officer", Day(2026, 6, 1))).ok());
    }
    ASSERT_TRUE(
        gov_->Apply(Fixture("application_v1.json"), As("ann", "applicant", Day(2026, 6, 2)), {})
            .ok());
    for (auto [action, role] : {std::pair{"assess", "case_officer"},
                                {"proceed", "case_officer"},
                                {"submit", "applicant"},
                                {"refer_to_panel", "case_officer"}}) {
      auto to = gov_->Act(kRef, action, As("x", role, Day(2026, 6, 10)), "", {});
      ASSERT_TRUE(to.ok()) << action << ": " << to.status().ToString();
    }
    auto ids = gov_->Review(kRef, {"AGD", "2026-07-01", "recommended_with_conditions", {"Notice"}},
                            As("pat", "panel", Day(2026, 7, 1)), {});
    ASSERT_TRUE(ids.ok()) << ids.status().ToString();
    ASSERT_TRUE(gov_->Decide(kRef, "approve", As("sue", "approver", Day(2026, 7, 2)), "ok").ok());
    ASSERT_TRUE(gov_->MeetCondition((*ids)[0], As("ann", "applicant", Day(2026, 7, 3)), "").ok());
    Status agreed = gov_->Agree(kRef, {"2026-09-01", "2027-08-31", "sue", "ann", ""},
                                As("carl", "case_officer", Day(2026, 8, 1)), {});
    ASSERT_TRUE(agreed.ok()) << agreed.ToString();
  }

  std::unique_ptr<Workflow> workflow_;
  std::unique_ptr<Governance> gov_;
};

TEST_P(GovernanceTest, ReleaseWithoutOptOutsIsRefusedWhenTheyApplyAndLeavesNothing) {
  ToActive();
  ReleaseInput r;
  r.dataset = kMhsds;
  r.file_reference = "FILE0000001";
  r.month = "2026-10";
  r.channel = "SEFT";
  Status refused = gov_->Release(kRef, r, As("dan", "dissemination", Day(2026, 10, 5)));
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("opt_outs_handled: the national data opt-out applies"),
            std::string::npos)
      << refused.message();
  auto rows = db().Query("SELECT COUNT(*) FROM gov_releases");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0].Int(0), 0);
  auto state = CurrentState(db(), kRef);
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->value_or(""), "ACTIVE");
}

TEST_P(GovernanceTest, ReleaseBeforeTheAgreementStartsIsRefused) {
  ToActive();
  ReleaseInput r{kMhsds, "FILE0000001", "2026-08", "SEFT", true, 10, 9, "", {}};
  Status refused = gov_->Release(kRef, r, As("dan", "dissemination", Day(2026, 8, 15)));
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("active_agreement: the agreement runs 2026-09-01 to "
                                   "2027-08-31 and is not active on 2026-08-15"),
            std::string::npos)
      << refused.message();
}

TEST_P(GovernanceTest, LedgerAndFactsAreAppendOnly) {
  ToActive();
  for (const char* sql :
       {"UPDATE gov_ledger SET actor = 'eve'", "DELETE FROM gov_ledger",
        "UPDATE gov_versions SET objective = 'other'", "DELETE FROM gov_agreements"}) {
    auto changed = db().Exec(sql);
    ASSERT_FALSE(changed.ok()) << sql;
    EXPECT_NE(changed.status().message().find("append-only"), std::string::npos)
        << changed.status().message();
  }
}

TEST_P(GovernanceTest, VerifyFindsTheTamperedEntry) {
  ToActive();
  auto intact = VerifyLedger(db());
  ASSERT_TRUE(intact.ok());
  EXPECT_TRUE(intact->ok());
  EXPECT_EQ(intact->entries_checked, 8);
  // Someone with the rights to lift the guard edits entry 3.
  if (db().engine() == store::Engine::kSqlite) {
    ASSERT_TRUE(db().ExecScript("DROP TRIGGER gov_ledger_no_update").ok());
  } else {
    ASSERT_TRUE(db().ExecScript("ALTER TABLE gov_ledger DISABLE TRIGGER USER").ok());
  }
  ASSERT_TRUE(db().Exec("UPDATE gov_ledger SET role = 'approver' WHERE seq = 3").ok());
  auto broken = VerifyLedger(db());
  ASSERT_TRUE(broken.ok());
  ASSERT_FALSE(broken->ok());
  EXPECT_EQ(*broken->first_broken, 3);
  EXPECT_EQ(broken->entries_checked, 3);
}

TEST_P(GovernanceTest, RegisterFlagsSameMonthFilesWithAndWithoutOptOuts) {
  ToActive();
  ReleaseInput r{kMhsds, "FILE0000001", "2026-10", "SEFT", true, 10, 9, "", {}};
  ASSERT_TRUE(gov_->Release(kRef, r, As("dan", "dissemination", Day(2026, 10, 5))).ok());
  // A second file of the same month without opt-outs, as an older process might have sent it.
  ASSERT_TRUE(db().Exec("INSERT INTO gov_releases (application_id, agreement_id, file_reference, "
                        "dataset, month, type_of_data, sensitivity, legal_basis, frequency, "
                        "opt_outs_applied, channel, released_by, recorded_at) SELECT "
                        "application_id, agreement_id, 'FILE0000002', dataset, month, "
                        "type_of_data, sensitivity, legal_basis, frequency, 0, channel, "
                        "released_by, recorded_at FROM gov_releases")
                  .ok());
  auto reg = BuildRegister(db(), *workflow_, "2026-10");
  ASSERT_TRUE(reg.ok()) << reg.status().ToString();
  ASSERT_EQ(reg->flags.size(), 1u);
  EXPECT_EQ(reg->flags[0].with_opt_outs, std::vector<std::string>{"FILE0000001"});
  EXPECT_EQ(reg->flags[0].without_opt_outs, std::vector<std::string>{"FILE0000002"});
  EXPECT_EQ(reg->sheets[2].rows.size(), 2u);
  auto earlier = BuildRegister(db(), *workflow_, "2026-09");
  ASSERT_TRUE(earlier.ok());
  EXPECT_TRUE(earlier->sheets[2].rows.empty());
  EXPECT_EQ(earlier->sheets[0].rows.size(), 1u);
}

TEST_P(GovernanceTest, RegisterRefusesUnknownVocabulary) {
  ToActive();
  ASSERT_TRUE(db().Exec("INSERT INTO gov_requested_datasets (version_id, dataset, type_of_data, "
                        "sensitivity, frequency, legal_basis, common_law_duty, items_json) "
                        "SELECT version_id, 'Mystery', 'Somewhat identifiable', sensitivity, "
                        "frequency, legal_basis, common_law_duty, '[]' FROM "
                        "gov_requested_datasets LIMIT 1")
                  .ok());
  auto reg = BuildRegister(db(), *workflow_, "2026-10");
  ASSERT_FALSE(reg.ok());
  EXPECT_EQ(reg.status().code(), StatusCode::kDataError);
  EXPECT_NE(reg.status().message().find("Type of Data 'Somewhat identifiable'"), std::string::npos)
      << reg.status().message();
}

TEST_P(GovernanceTest, OutputNeedsTwoDifferentCheckersOtherThanTheReleaser) {
  ToActive();
  const Actor releaser = As("dan", "dissemination", Day(2026, 11, 1));
  ASSERT_TRUE(gov_->CheckOutput(kRef, "t1.csv", "approve", As("dan", "checker", 0)).ok());
  ASSERT_TRUE(gov_->CheckOutput(kRef, "t1.csv", "approve", As("cat", "checker", 0)).ok());
  Status refused = gov_->ReleaseOutput(kRef, "t1.csv", releaser);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("two different checkers other than dan (has 1)"),
            std::string::npos)
      << refused.message();
  ASSERT_TRUE(gov_->CheckOutput(kRef, "t1.csv", "approve", As("cid", "checker", 0)).ok());
  EXPECT_TRUE(gov_->ReleaseOutput(kRef, "t1.csv", releaser).ok());
}

TEST_P(GovernanceTest, ARejectedApplicationIsReopenedAndReviewedAgain) {
  for (const char* org : {"org_university.json", "org_trust.json"}) {
    ASSERT_TRUE(
        gov_->AddOrganisation(Fixture(org), As("ops", "case_officer", Day(2026, 6, 1))).ok());
  }
  ASSERT_TRUE(
      gov_->Apply(Fixture("application_v1.json"), As("ann", "applicant", Day(2026, 6, 2)), {})
          .ok());
  for (auto [action, role] : {std::pair{"assess", "case_officer"},
                              {"proceed", "case_officer"},
                              {"submit", "applicant"},
                              {"refer_to_panel", "case_officer"}}) {
    ASSERT_TRUE(gov_->Act(kRef, action, As("x", role, Day(2026, 6, 10)), "", {}).ok()) << action;
  }
  ASSERT_TRUE(gov_->Review(kRef, {"AGD", "2026-07-01", "not_recommended", {}},
                           As("pat", "panel", Day(2026, 7, 1)), {})
                  .ok());
  ASSERT_EQ(*CurrentState(db(), kRef), std::optional<std::string>("REJECTED"));
  // Reopening needs a reason and the case officer.
  auto no_reason = gov_->Act(kRef, "reopen", As("carl", "case_officer", Day(2026, 7, 5)), "", {});
  ASSERT_FALSE(no_reason.ok());
  EXPECT_NE(no_reason.status().message().find("reason_given"), std::string::npos);
  auto by_applicant =
      gov_->Act(kRef, "reopen", As("ann", "applicant", Day(2026, 7, 5)), "appeal", {});
  ASSERT_FALSE(by_applicant.ok());
  auto reopened =
      gov_->Act(kRef, "reopen", As("carl", "case_officer", Day(2026, 7, 5)), "appeal upheld", {});
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_EQ(*reopened, "APPLICATION_DRAFT");
  auto v2 =
      gov_->Apply(Fixture("application_v1.json"), As("ann", "applicant", Day(2026, 7, 6)), {});
  ASSERT_TRUE(v2.ok()) << v2.status().ToString();
  EXPECT_EQ(*v2, "0.2");
  auto submitted = gov_->Act(kRef, "submit", As("ann", "applicant", Day(2026, 7, 7)), "", {});
  ASSERT_TRUE(submitted.ok()) << submitted.status().ToString();
  EXPECT_EQ(*submitted, "CASE_OFFICER_REVIEW");
  auto v = VerifyLedger(db());
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok()) << v->reason;
}

TEST_P(GovernanceTest, LedgerRecordsTheUserIdOfAServiceActorAndDetectsItsChange) {
  ASSERT_TRUE(
      gov_->AddOrganisation(Fixture("org_university.json"), As("ops", "case_officer", 0)).ok());
  Actor ann{"ann", "applicant", Day(2026, 6, 2), 42};
  ASSERT_TRUE(gov_->Apply(Fixture("application_v1.json"), ann, {}).ok());
  ASSERT_TRUE(gov_->Act(kRef, "assess", As("carl", "case_officer", Day(2026, 6, 3)), "", {}).ok());
  auto entries = ReadLedger(db(), kRef);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].record.actor_user_id, 42);
  EXPECT_EQ((*entries)[1].record.actor_user_id, 0);  // the CLI's way: no user id
  ASSERT_TRUE(VerifyLedger(db())->ok());
  if (db().engine() == store::Engine::kSqlite) {
    ASSERT_TRUE(db().ExecScript("DROP TRIGGER gov_ledger_no_update").ok());
  } else {
    ASSERT_TRUE(db().ExecScript("ALTER TABLE gov_ledger DISABLE TRIGGER USER").ok());
  }
  ASSERT_TRUE(db().Exec("UPDATE gov_ledger SET actor_user_id = 7 WHERE seq = 1").ok());
  auto broken = VerifyLedger(db());
  ASSERT_TRUE(broken.ok());
  ASSERT_FALSE(broken->ok());
  EXPECT_EQ(*broken->first_broken, 1);
}

TEST_P(GovernanceTest, RolesAreGrantedAndRevokedAsAppendOnlyRows) {
  const Actor op{"operator", "operator", 100, 0};
  Status no_org = SetRole(db(), *workflow_, 5, "ann", "applicant", "", true, op);
  ASSERT_FALSE(no_org.ok());
  EXPECT_NE(no_org.message().find("ODS code"), std::string::npos);
  EXPECT_FALSE(SetRole(db(), *workflow_, 5, "ann", "panel", "8HV48", true, op).ok());
  EXPECT_FALSE(SetRole(db(), *workflow_, 5, "ann", "wizard", "", true, op).ok());
  ASSERT_TRUE(SetRole(db(), *workflow_, 5, "ann", "applicant", "8HV48", true, op).ok());
  ASSERT_TRUE(SetRole(db(), *workflow_, 5, "ann", "checker", "", true, op).ok());
  EXPECT_FALSE(SetRole(db(), *workflow_, 5, "ann", "checker", "", true, op).ok());
  auto roles = RolesOf(db(), 5);
  ASSERT_TRUE(roles.ok());
  ASSERT_EQ(roles->size(), 2u);
  EXPECT_TRUE(Holds(*roles, "applicant", "8HV48"));
  EXPECT_FALSE(Holds(*roles, "applicant", "RX1"));
  EXPECT_TRUE(Holds(*roles, "checker", ""));
  ASSERT_TRUE(SetRole(db(), *workflow_, 5, "ann", "checker", "", false, op).ok());
  EXPECT_FALSE(SetRole(db(), *workflow_, 5, "ann", "checker", "", false, op).ok());
  roles = RolesOf(db(), 5);
  ASSERT_TRUE(roles.ok());
  EXPECT_FALSE(Holds(*roles, "checker", ""));
  EXPECT_TRUE(RolesOf(db(), 6)->empty());
  EXPECT_FALSE(db().Exec("DELETE FROM gov_role_grants").ok());
}

TEST_P(GovernanceTest, AReleaseFromAnExtractManifestRecordsItsFilesHashesAndCounts) {
  ToActive();
  nlohmann::json manifest = {
      {"format", "mhds-extract-manifest/1"},
      {"opt_outs", {{"applied", true}, {"people_removed", 1}}},
      {"rows_before_opt_outs", 12},
      {"rows_written", 10},
      {"files",
       {{{"name", "MHS001MPI.csv"}, {"bytes", 100}, {"sha256", std::string(64, 'a')}},
        {{"name", "MHS101Referral.csv"}, {"bytes", 200}, {"sha256", std::string(64, 'b')}}}}};
  ReleaseInput r{kMhsds, "FILE0000003", "2026-10", "SEFT", false, {}, {}, "", {}};
  ASSERT_TRUE(ReleaseFromManifest(manifest, "manifest.json", r).ok());
  EXPECT_TRUE(r.opt_outs_applied);
  ASSERT_TRUE(gov_->Release(kRef, r, As("dan", "dissemination", Day(2026, 10, 5))).ok());
  auto files = db().Query("SELECT name, bytes, sha256 FROM gov_release_files ORDER BY id");
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ((*files)[1].Text(0), "MHS101Referral.csv");
  EXPECT_EQ((*files)[1].Int(1), 200);
  auto counts = db().QueryRow(
      "SELECT records_before, records_after, opt_outs_applied FROM "
      "gov_releases WHERE file_reference = 'FILE0000003'");
  ASSERT_TRUE(counts.ok() && counts->has_value());
  EXPECT_EQ((*counts)->Int(0), 12);
  EXPECT_EQ((*counts)->Int(1), 10);
  EXPECT_EQ((*counts)->Int(2), 1);
  auto ledger = ReadLedger(db(), kRef);
  ASSERT_TRUE(ledger.ok());
  EXPECT_EQ(ledger->back().record.documents,
            (std::vector<std::string>{std::string(64, 'a'), std::string(64, 'b')}));
  // The register lists the files and their hashes (not the counts) beside the published sheets.
  auto reg = BuildRegister(db(), *workflow_, "2026-10");
  ASSERT_TRUE(reg.ok()) << reg.status().ToString();
  ASSERT_EQ(reg->sheets.size(), 4u);
  EXPECT_EQ(reg->sheets[3].name, "ReleaseFiles");
  ASSERT_EQ(reg->sheets[3].rows.size(), 2u);
  EXPECT_EQ(reg->sheets[3].rows[0], (std::vector<std::string>{"FILE0000003", "MHS001MPI.csv", "100",
                                                              std::string(64, 'a')}));
  EXPECT_EQ(RegisterJson(*reg)["ReleaseFiles"][1]["File Name"], "MHS101Referral.csv");
  // A manifest of another format, or a file without a hash, is refused by name.
  nlohmann::json bad = manifest;
  bad["files"][1].erase("sha256");
  Status refused = ReleaseFromManifest(bad, "m.json", r);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("m.json: entry 2 of 'files'"), std::string::npos)
      << refused.message();
  bad = manifest;
  bad["format"] = "other/1";
  EXPECT_FALSE(ReleaseFromManifest(bad, "m.json", r).ok());
}

MHDS_INSTANTIATE_STORE_TEST(GovernanceTest);

}  // namespace
}  // namespace mhds::govern
