// A user asks, the SIRO approves, refuses or revokes: on both engines.
#include <gtest/gtest.h>

#include "mhds/account/accounts.h"
#include "mhds/account/testing/accounts_fixture.h"

namespace mhds::account {
namespace {

class AccessRequestsTest : public testing::AccountsTest {
 protected:
  void SetUp() override {
    AccountsTest::SetUp();
    if (HasFatalFailure()) return;
    AddUser("RXA", "alice");  // asks for access
    AddUser("RXA", "sara");   // SIRO of RXA
    AddUser("RXB", "bert");   // SIRO of RXB
    GiveRole("sara", "RXA", kAllDatasets, UserRole::kSiro);
    GiveRole("bert", "RXB", kAllDatasets, UserRole::kSiro);
    alice_ = SignInAs("alice");
    sara_ = SignInAs("sara");
    bert_ = SignInAs("bert");
  }
  bool AliceMay(Action action, const std::string& dataset = "mhsds") {
    auto d =
        accounts().Authorise(Credential::Session(alice_.session_token), "RXA", dataset, action);
    EXPECT_TRUE(d.ok());
    return d.ok() && d->allowed();
  }

  SignInResult alice_, sara_, bert_;
};

TEST_P(AccessRequestsTest, ApprovedRequestGrantsAndRevocationTakesItAway) {
  EXPECT_FALSE(AliceMay(Action::kUpload));
  auto request = accounts().RequestAccess(alice_.principal, "RXA", "mhsds", UserRole::kSubmitter,
                                          "monthly MHSDS submissions");
  ASSERT_TRUE(request.ok()) << request.status().ToString();
  EXPECT_EQ(request->state, RequestState::kPending);
  EXPECT_FALSE(AliceMay(Action::kUpload));  // asking is not having

  auto pending = accounts().ListAccessRequests(sara_.principal, "RXA", true);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].username, "alice");
  EXPECT_EQ((*pending)[0].purpose, "monthly MHSDS submissions");

  auto decided = accounts().DecideAccessRequest(sara_.principal, request->id, true, "ok");
  ASSERT_TRUE(decided.ok()) << decided.status().ToString();
  EXPECT_EQ(decided->state, RequestState::kApproved);
  EXPECT_EQ(decided->decided_by, "sara");
  EXPECT_TRUE(AliceMay(Action::kUpload));
  EXPECT_FALSE(AliceMay(Action::kUpload, "iapt"));

  auto grants = accounts().ListGrants(sara_.principal, "RXA");
  ASSERT_TRUE(grants.ok());
  int64_t alice_grant = 0;
  for (const Grant& g : *grants) {
    if (g.username == "alice") alice_grant = g.id;
  }
  ASSERT_NE(alice_grant, 0);
  ASSERT_TRUE(accounts().RevokeGrant(sara_.principal, alice_grant, "left the team").ok());
  EXPECT_FALSE(AliceMay(Action::kUpload));
  EXPECT_EQ(accounts().RevokeGrant(sara_.principal, alice_grant, "again").code(),
            StatusCode::kInvalidArgument);
}

TEST_P(AccessRequestsTest, RefusedRequestGrantsNothingAndCannotBeDecidedAgain) {
  auto request =
      accounts().RequestAccess(alice_.principal, "RXA", "iapt", UserRole::kViewer, "reports");
  ASSERT_TRUE(request.ok());
  auto refused = accounts().DecideAccessRequest(sara_.principal, request->id, false, "no need");
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->state, RequestState::kRefused);
  EXPECT_FALSE(AliceMay(Action::kViewReport, "iapt"));
  auto again = accounts().DecideAccessRequest(sara_.principal, request->id, true, "");
  EXPECT_EQ(again.status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(AliceMay(Action::kViewReport, "iapt"));
  auto mine = accounts().MyAccessRequests(alice_.principal);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].decision_note, "no need");
}

TEST_P(AccessRequestsTest, AnotherOrganisationsSiroSeesAndDecidesNothing) {
  auto request =
      accounts().RequestAccess(alice_.principal, "RXA", "mhsds", UserRole::kViewer, "reports");
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(accounts().ListAccessRequests(bert_.principal, "RXA", false).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(accounts().ListGrants(bert_.principal, "RXA").status().code(), StatusCode::kNotFound);
  auto decided = accounts().DecideAccessRequest(bert_.principal, request->id, true, "");
  EXPECT_EQ(decided.status().code(), StatusCode::kNotFound);
  // Unknown ids answer the same way.
  EXPECT_EQ(decided.status().message(),
            accounts().DecideAccessRequest(bert_.principal, 999999, true, "").status().message());
  EXPECT_FALSE(AliceMay(Action::kViewReport));
  // Bert's own organisation lists none of it.
  auto bert_list = accounts().ListAccessRequests(bert_.principal, "RXB", false);
  ASSERT_TRUE(bert_list.ok());
  EXPECT_TRUE(bert_list->empty());
}

TEST_P(AccessRequestsTest, NobodyDecidesTheirOwnRequestOrAsksForAStrangersData) {
  auto own = accounts().RequestAccess(sara_.principal, "RXA", "mhsds", UserRole::kSubmitter,
                                      "also submit");
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(accounts().DecideAccessRequest(sara_.principal, own->id, true, "").status().code(),
            StatusCode::kInvalidArgument);
  auto stranger =
      accounts().RequestAccess(alice_.principal, "RXB", "mhsds", UserRole::kViewer, "curious");
  EXPECT_EQ(stranger.status().code(), StatusCode::kNotFound);
  auto missing =
      accounts().RequestAccess(alice_.principal, "ZZZ99", "mhsds", UserRole::kViewer, "curious");
  EXPECT_EQ(missing.status().message(), stranger.status().message());
}

TEST_P(AccessRequestsTest, RequestsMustBeWellFormedAndNotRepeated) {
  EXPECT_EQ(accounts()
                .RequestAccess(alice_.principal, "RXA", "mhsds", UserRole::kSiro, "power")
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(accounts()
                .RequestAccess(alice_.principal, "RXA", "mhsds", UserRole::kViewer, "")
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  ASSERT_TRUE(
      accounts().RequestAccess(alice_.principal, "RXA", "mhsds", UserRole::kViewer, "x").ok());
  EXPECT_EQ(accounts()
                .RequestAccess(alice_.principal, "RXA", "mhsds", UserRole::kViewer, "x")
                .status()
                .code(),
            StatusCode::kInvalidArgument);
}

TEST_P(AccessRequestsTest, AgentOrganisationsUsersMayAskForTheirProvidersData) {
  auto agent = accounts().CreateOrganisation("AGT01", "A system supplier", {OrgRole::kSubmitter});
  ASSERT_TRUE(agent.ok());
  ASSERT_TRUE(accounts().AddAgency("AGT01", "RXB").ok());
  AddUser("AGT01", "ada");
  SignInResult ada = SignInAs("ada");
  auto orgs = accounts().RequestableOrganisations(ada.principal);
  ASSERT_TRUE(orgs.ok());
  ASSERT_EQ(orgs->size(), 2u);
  EXPECT_EQ((*orgs)[0].ods_code, "AGT01");
  EXPECT_EQ((*orgs)[1].ods_code, "RXB");
  auto request = accounts().RequestAccess(ada.principal, "RXB", "mhsds", UserRole::kSubmitter,
                                          "we submit for RXB");
  ASSERT_TRUE(request.ok()) << request.status().ToString();
  ASSERT_TRUE(accounts().DecideAccessRequest(bert_.principal, request->id, true, "").ok());
  auto d =
      accounts().Authorise(Credential::Session(ada.session_token), "RXB", "mhsds", Action::kUpload);
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->allowed());
  // Not for RXA, which AGT01 does not submit for.
  EXPECT_EQ(accounts()
                .RequestAccess(ada.principal, "RXA", "mhsds", UserRole::kSubmitter, "x")
                .status()
                .code(),
            StatusCode::kNotFound);
}

TEST_P(AccessRequestsTest, SiroForOneDataSetDecidesOnlyThatDataSet) {
  AddUser("RXA", "dora");
  GiveRole("dora", "RXA", "iapt", UserRole::kSiro);
  SignInResult dora = SignInAs("dora");
  auto mhsds = accounts().RequestAccess(alice_.principal, "RXA", "mhsds", UserRole::kViewer, "x");
  auto iapt = accounts().RequestAccess(alice_.principal, "RXA", "iapt", UserRole::kViewer, "y");
  ASSERT_TRUE(mhsds.ok() && iapt.ok());
  auto listed = accounts().ListAccessRequests(dora.principal, "RXA", true);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].dataset, "iapt");
  EXPECT_EQ(accounts().DecideAccessRequest(dora.principal, mhsds->id, true, "").status().code(),
            StatusCode::kNotFound);
  EXPECT_TRUE(accounts().DecideAccessRequest(dora.principal, iapt->id, true, "").ok());
}

MHDS_INSTANTIATE_STORE_TEST(AccessRequestsTest);

}  // namespace
}  // namespace mhds::account
