// Sign-in with password and TOTP, lockout, sessions: on both engines.
#include <gtest/gtest.h>

#include "mhds/account/accounts.h"
#include "mhds/account/testing/accounts_fixture.h"

namespace mhds::account {
namespace {

class SignInTest : public testing::AccountsTest {
 protected:
  void SetUp() override {
    AccountsTest::SetUp();
    if (HasFatalFailure()) return;
    AddUser("RXA", "alice");
  }
  SignInFailure Attempt(const std::string& password, const std::string& code,
                        const std::string& user = "alice") {
    auto r = accounts().SignIn(user, password, code);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->failure : SignInFailure::kNone;
  }
};

TEST_P(SignInTest, RightPasswordAndCodeOpenASession) {
  auto r = accounts().SignIn("Alice", PasswordOf("alice"), CodeOf("alice"), "127.0.0.1");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->ok());
  EXPECT_EQ(r->session_token.size(), 64u);
  EXPECT_EQ(r->expires_at, now_ + options_.session_seconds);
  EXPECT_EQ(r->principal.username, "alice");
  EXPECT_EQ(r->principal.org_ods, "RXA");
  auto who = accounts().Authenticate(Credential::Session(r->session_token));
  ASSERT_TRUE(who.ok());
  ASSERT_TRUE(who->has_value());
  EXPECT_EQ((*who)->user_id, r->principal.user_id);
  EXPECT_EQ((*who)->session_id, r->principal.session_id);
}

TEST_P(SignInTest, WrongPasswordWrongCodeAndUnknownUserFailAlike) {
  const std::string code = CodeOf("alice");
  EXPECT_EQ(Attempt("wrong password!!", code), SignInFailure::kWrongCredentials);
  EXPECT_EQ(Attempt(PasswordOf("alice"), "000000"), SignInFailure::kWrongCredentials);
  EXPECT_EQ(Attempt(PasswordOf("alice"), ""), SignInFailure::kWrongCredentials);
  EXPECT_EQ(Attempt(PasswordOf("alice"), code, "nobody"), SignInFailure::kWrongCredentials);
}

TEST_P(SignInTest, CodeWorksOneStepLateButNotTwo) {
  const std::string code = CodeOf("alice");
  now_ += 2 * kTotpStepSeconds;
  EXPECT_EQ(Attempt(PasswordOf("alice"), code), SignInFailure::kWrongCredentials);
  now_ -= kTotpStepSeconds;
  EXPECT_EQ(Attempt(PasswordOf("alice"), code), SignInFailure::kNone);
}

TEST_P(SignInTest, CodeIsAcceptedOnlyOnce) {
  const std::string code = CodeOf("alice");
  EXPECT_EQ(Attempt(PasswordOf("alice"), code), SignInFailure::kNone);
  EXPECT_EQ(Attempt(PasswordOf("alice"), code), SignInFailure::kWrongCredentials);
  now_ += kTotpStepSeconds;
  EXPECT_EQ(Attempt(PasswordOf("alice"), CodeOf("alice")), SignInFailure::kNone);
}

TEST_P(SignInTest, RepeatedFailuresLockTheAccountForTheLockoutTime) {
  options_.max_failed_sign_ins = 3;
  options_.lockout_seconds = 600;
  ApplyOptions();
  EXPECT_EQ(Attempt("bad password 1", CodeOf("alice")), SignInFailure::kWrongCredentials);
  EXPECT_EQ(Attempt("bad password 2", CodeOf("alice")), SignInFailure::kWrongCredentials);
  auto third = accounts().SignIn("alice", "bad password 3", CodeOf("alice"));
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->failure, SignInFailure::kLocked);
  EXPECT_EQ(third->locked_until, now_ + 600);
  // Locked: even the right password and code are refused, until the lockout ends.
  now_ += 599;
  EXPECT_EQ(Attempt(PasswordOf("alice"), CodeOf("alice")), SignInFailure::kLocked);
  now_ += 1;
  EXPECT_EQ(Attempt(PasswordOf("alice"), CodeOf("alice")), SignInFailure::kNone);
}

TEST_P(SignInTest, SuccessResetsTheFailureCount) {
  options_.max_failed_sign_ins = 3;
  ApplyOptions();
  EXPECT_EQ(Attempt("bad password 1", CodeOf("alice")), SignInFailure::kWrongCredentials);
  EXPECT_EQ(Attempt("bad password 2", CodeOf("alice")), SignInFailure::kWrongCredentials);
  EXPECT_EQ(Attempt(PasswordOf("alice"), CodeOf("alice")), SignInFailure::kNone);
  now_ += kTotpStepSeconds;
  EXPECT_EQ(Attempt("bad password 3", CodeOf("alice")), SignInFailure::kWrongCredentials);
  EXPECT_EQ(Attempt("bad password 4", CodeOf("alice")), SignInFailure::kWrongCredentials);
  EXPECT_EQ(Attempt(PasswordOf("alice"), CodeOf("alice")), SignInFailure::kNone);
}

TEST_P(SignInTest, OperatorUnlockEndsALockout) {
  options_.max_failed_sign_ins = 1;
  ApplyOptions();
  EXPECT_EQ(Attempt("bad password 1", CodeOf("alice")), SignInFailure::kLocked);
  ASSERT_TRUE(accounts().Unlock("alice").ok());
  EXPECT_EQ(Attempt(PasswordOf("alice"), CodeOf("alice")), SignInFailure::kNone);
}

TEST_P(SignInTest, SessionExpiresAfterItsLifetime) {
  SignInResult r = SignInAs("alice");
  auto valid = accounts().Authenticate(Credential::Session(r.session_token));
  ASSERT_TRUE(valid.ok());
  EXPECT_TRUE(valid->has_value());
  now_ = r.expires_at - 1;
  EXPECT_TRUE(accounts().Authenticate(Credential::Session(r.session_token))->has_value());
  now_ = r.expires_at;
  EXPECT_FALSE(accounts().Authenticate(Credential::Session(r.session_token))->has_value());
}

TEST_P(SignInTest, SignOutAndRevocationEndSessions) {
  SignInResult first = SignInAs("alice");
  SignInResult second = SignInAs("alice");
  ASSERT_TRUE(accounts().SignOut(first.session_token).ok());
  EXPECT_FALSE(accounts().Authenticate(Credential::Session(first.session_token))->has_value());
  EXPECT_TRUE(accounts().Authenticate(Credential::Session(second.session_token))->has_value());
  ASSERT_TRUE(accounts().RevokeAllSessions(second.principal.user_id).ok());
  EXPECT_FALSE(accounts().Authenticate(Credential::Session(second.session_token))->has_value());
  EXPECT_TRUE(accounts().SignOut("not a token").ok());
}

TEST_P(SignInTest, DisablingAUserEndsTheirSessionsAndSignIns) {
  SignInResult r = SignInAs("alice");
  ASSERT_TRUE(accounts().SetDisabled("alice", true).ok());
  EXPECT_FALSE(accounts().Authenticate(Credential::Session(r.session_token))->has_value());
  now_ += kTotpStepSeconds;
  EXPECT_EQ(Attempt(PasswordOf("alice"), CodeOf("alice")), SignInFailure::kWrongCredentials);
  ASSERT_TRUE(accounts().SetDisabled("alice", false).ok());
  now_ += kTotpStepSeconds;
  EXPECT_EQ(Attempt(PasswordOf("alice"), CodeOf("alice")), SignInFailure::kNone);
}

TEST_P(SignInTest, SessionIsStoredOnlyAsADigest) {
  SignInResult r = SignInAs("alice");
  auto rows = db().Query("SELECT token_hash FROM sessions");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_NE((*rows)[0].Text(0), r.session_token);
  EXPECT_EQ((*rows)[0].Text(0).size(), 64u);
}

TEST_P(SignInTest, MalformedSessionTokensAreSimplyNotValid) {
  for (const char* token : {"", "x", "' OR 1=1 --", "mhds_abc"}) {
    auto who = accounts().Authenticate(Credential::Session(token));
    ASSERT_TRUE(who.ok());
    EXPECT_FALSE(who->has_value()) << token;
  }
  std::string long_token(64, 'a');
  EXPECT_FALSE(accounts().Authenticate(Credential::Session(long_token))->has_value());
}

TEST_P(SignInTest, NewPasswordAndResetKeyEndOldSessionsAndCodes) {
  SignInResult r = SignInAs("alice");
  ASSERT_TRUE(accounts().SetPassword("alice", "a brand new password").ok());
  EXPECT_FALSE(accounts().Authenticate(Credential::Session(r.session_token))->has_value());
  now_ += kTotpStepSeconds;
  EXPECT_EQ(Attempt(PasswordOf("alice"), CodeOf("alice")), SignInFailure::kWrongCredentials);
  EXPECT_EQ(Attempt("a brand new password", CodeOf("alice")), SignInFailure::kNone);
  auto reset = accounts().ResetTotpKey("alice");
  ASSERT_TRUE(reset.ok());
  auto key = Base32Decode(reset->totp_key_base32);
  ASSERT_TRUE(key.has_value());
  now_ += kTotpStepSeconds;
  EXPECT_EQ(Attempt("a brand new password", CodeOf("alice")), SignInFailure::kWrongCredentials);
  EXPECT_EQ(Attempt("a brand new password", TotpCode(*key, now_)), SignInFailure::kNone);
}

MHDS_INSTANTIATE_STORE_TEST(SignInTest);

}  // namespace
}  // namespace mhds::account
