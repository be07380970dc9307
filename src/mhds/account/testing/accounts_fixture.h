// AccountsTest: a fixture for tests that need people and organisations, on both engines (see
// store/testing/store_fixture.h). It migrates a fresh store, runs Accounts on a clock the test
// moves by hand (now_), hashes passwords at the library's minimum cost, and gives every user a
// known TOTP key so a test can compute their current code.
//
//   class MyTest : public mhds::account::testing::AccountsTest {};
//   TEST_P(MyTest, X) { AddUser("RXA", "alice"); auto p = SignInAs("alice"); ... }
//   MHDS_INSTANTIATE_STORE_TEST(MyTest);
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "mhds/account/accounts.h"
#include "mhds/account/totp.h"
#include "mhds/store/testing/store_fixture.h"

namespace mhds::account::testing {

class AccountsTest : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    Status migrated = Accounts::Migrate(db());
    ASSERT_TRUE(migrated.ok()) << migrated.ToString();
    options_.clock = [this] { return now_; };
    options_.password_cost = PasswordCost::kTest;
    accounts_ = std::make_unique<Accounts>(db(), options_);
  }

  Accounts& accounts() { return *accounts_; }
  // Rebuilds the Accounts after a test changes options_.
  void ApplyOptions() { accounts_ = std::make_unique<Accounts>(db(), options_); }

  static std::string PasswordOf(const std::string& username) { return username + "-password!"; }
  std::string CodeOf(const std::string& username) { return TotpCode(keys_[username], now_); }

  // Creates the organisation when it does not exist yet (as a provider).
  void EnsureOrg(const std::string& ods) {
    if (accounts().FindOrganisation(ods).ok()) return;
    auto org = accounts().CreateOrganisation(ods, "Organisation " + ods, {OrgRole::kProvider});
    ASSERT_TRUE(org.ok()) << org.status().ToString();
  }

  User AddUser(const std::string& ods, const std::string& username, bool is_operator = false) {
    EnsureOrg(ods);
    NewUserSpec spec;
    spec.org_ods = ods;
    spec.username = username;
    spec.display_name = "User " + username;
    spec.password = PasswordOf(username);
    spec.is_operator = is_operator;
    spec.totp_key = "key of " + username + " 0123456789";
    keys_[username] = *spec.totp_key;
    auto user = accounts().CreateUser(spec);
    EXPECT_TRUE(user.ok()) << user.status().ToString();
    return user.ok() ? user->user : User{};
  }

  void GiveRole(const std::string& username, const std::string& ods, const std::string& dataset,
                UserRole role) {
    auto grant = accounts().GrantRole(username, ods, dataset, role, "test");
    ASSERT_TRUE(grant.ok()) << grant.status().ToString();
  }

  // Signs in with the right password and code, a fresh TOTP step each time (codes are single
  // use). Returns the result; `ok()` is checked.
  SignInResult SignInAs(const std::string& username) {
    now_ += kTotpStepSeconds;
    auto result = accounts().SignIn(username, PasswordOf(username), CodeOf(username), "test");
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    if (!result.ok()) return {};
    EXPECT_TRUE(result->ok()) << username << " could not sign in";
    return *result;
  }

  int64_t now_ = 1'800'000'000;  // 2027-01-15, a time the test owns
  AccountOptions options_;

 private:
  std::unique_ptr<Accounts> accounts_;
  std::map<std::string, std::string> keys_;
};

}  // namespace mhds::account::testing
