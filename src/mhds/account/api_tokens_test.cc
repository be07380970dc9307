// API tokens act for one user on one organisation and data set: on both engines.
#include <gtest/gtest.h>

#include "mhds/account/accounts.h"
#include "mhds/account/testing/accounts_fixture.h"

namespace mhds::account {
namespace {

class ApiTokensTest : public testing::AccountsTest {
 protected:
  void SetUp() override {
    AccountsTest::SetUp();
    if (HasFatalFailure()) return;
    AddUser("RXA", "alice");
    EnsureOrg("RXB");
    GiveRole("alice", "RXA", "mhsds", UserRole::kSubmitter);
    GiveRole("alice", "RXA", "iapt", UserRole::kSubmitter);
    alice_ = SignInAs("alice");
  }
  Denial With(const std::string& token, const std::string& org, const std::string& dataset,
              Action action) {
    auto d = accounts().Authorise(Credential::ApiToken(token), org, dataset, action);
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    return d.ok() ? d->denial : Denial::kNone;
  }
  SignInResult alice_;
};

TEST_P(ApiTokensTest, TokenReachesItsOrganisationAndDataSetOnly) {
  auto token = accounts().CreateApiToken(alice_.principal, "RXA", "mhsds", "nightly upload");
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  EXPECT_TRUE(token->secret.starts_with("mhds_"));
  EXPECT_EQ(token->token.expires_at, now_ + options_.api_token_seconds);
  EXPECT_EQ(With(token->secret, "RXA", "mhsds", Action::kUpload), Denial::kNone);
  EXPECT_EQ(With(token->secret, "RXA", "", Action::kViewStatus), Denial::kNone);
  // Alice may do this with her session, but the token is not for it.
  EXPECT_EQ(With(token->secret, "RXA", "iapt", Action::kUpload), Denial::kNotFound);
  EXPECT_EQ(With(token->secret, "RXB", "mhsds", Action::kUpload), Denial::kNotFound);
  EXPECT_EQ(With(token->secret, "RXA", "mhsds", Action::kAdminister), Denial::kForbidden);
}

TEST_P(ApiTokensTest, TokenNeverReachesBeyondTheUsersCurrentGrants) {
  AddUser("RXA", "sara");
  GiveRole("sara", "RXA", kAllDatasets, UserRole::kSiro);
  auto token = accounts().CreateApiToken(alice_.principal, "RXA", "mhsds", "script");
  ASSERT_TRUE(token.ok());
  auto grants = accounts().ListGrants(SignInAs("sara").principal, "RXA");
  ASSERT_TRUE(grants.ok());
  for (const Grant& g : *grants) {
    if (g.username == "alice" && g.dataset == "mhsds") {
      ASSERT_TRUE(accounts().RevokeGrant(SignInAs("sara").principal, g.id, "").ok());
    }
  }
  EXPECT_EQ(With(token->secret, "RXA", "mhsds", Action::kUpload), Denial::kNotFound);
}

TEST_P(ApiTokensTest, RevokedExpiredAndForgedTokensAreUnauthenticated) {
  auto token = accounts().CreateApiToken(alice_.principal, "RXA", "mhsds", "short", 3600);
  ASSERT_TRUE(token.ok());
  now_ += 3599;
  EXPECT_EQ(With(token->secret, "RXA", "mhsds", Action::kUpload), Denial::kNone);
  now_ += 1;
  EXPECT_EQ(With(token->secret, "RXA", "mhsds", Action::kUpload), Denial::kUnauthenticated);

  auto other = accounts().CreateApiToken(alice_.principal, "RXA", "mhsds", "revoked");
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(accounts().RevokeApiToken(alice_.principal, other->token.id).ok());
  EXPECT_EQ(With(other->secret, "RXA", "mhsds", Action::kUpload), Denial::kUnauthenticated);
  EXPECT_EQ(With("mhds_" + std::string(64, '0'), "RXA", "mhsds", Action::kUpload),
            Denial::kUnauthenticated);
  EXPECT_EQ(With(alice_.session_token, "RXA", "mhsds", Action::kUpload),
            Denial::kUnauthenticated);  // a session id is not a token

  auto listed = accounts().ListApiTokens(alice_.principal);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_TRUE((*listed)[0].revoked);
  EXPECT_FALSE((*listed)[1].revoked);
}

TEST_P(ApiTokensTest, TokensNeedAGrantAndASignedInOwner) {
  EXPECT_EQ(accounts().CreateApiToken(alice_.principal, "RXB", "mhsds", "x").status().code(),
            StatusCode::kNotFound);
  auto token = accounts().CreateApiToken(alice_.principal, "RXA", "mhsds", "x");
  ASSERT_TRUE(token.ok());
  auto as_token = accounts().Authenticate(Credential::ApiToken(token->secret));
  ASSERT_TRUE(as_token.ok() && as_token->has_value());
  EXPECT_EQ((*as_token)->token_org, "RXA");
  EXPECT_EQ(accounts().CreateApiToken(**as_token, "RXA", "mhsds", "y").status().code(),
            StatusCode::kInvalidArgument);
  // Someone else cannot revoke it.
  AddUser("RXB", "bert");
  EXPECT_EQ(accounts().RevokeApiToken(SignInAs("bert").principal, token->token.id).code(),
            StatusCode::kNotFound);
}

TEST_P(ApiTokensTest, TokenIsStoredOnlyAsADigest) {
  auto token = accounts().CreateApiToken(alice_.principal, "RXA", "mhsds", "x");
  ASSERT_TRUE(token.ok());
  auto rows = db().Query("SELECT token_hash FROM api_tokens");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].Text(0).find(token->secret.substr(5)), std::string::npos);
}

MHDS_INSTANTIATE_STORE_TEST(ApiTokensTest);

}  // namespace
}  // namespace mhds::account
