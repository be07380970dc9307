// Organisations and users, set up by an operator: on both engines.
#include "mhds/account/accounts.h"

#include <gtest/gtest.h>

#include "mhds/account/testing/accounts_fixture.h"
#include "mhds/store/migrations.h"

namespace mhds::account {
namespace {

class AccountsSetupTest : public testing::AccountsTest {};

TEST_P(AccountsSetupTest, MigratingAgainChangesNothing) {
  auto before = store::SchemaVersion(db(), "account");
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(*before, 2);
  AddUser("RXA", "alice");
  ASSERT_TRUE(Accounts::Migrate(db()).ok());
  EXPECT_EQ(*store::SchemaVersion(db(), "account"), 2);
  EXPECT_TRUE(accounts().FindUser("alice").ok());
}

TEST_P(AccountsSetupTest, OrganisationsAreKeyedByUpperCaseOdsCode) {
  auto org = accounts().CreateOrganisation(" rx1 ", "Example Provider NHS Trust",
                                           {OrgRole::kProvider, OrgRole::kSubmitter});
  ASSERT_TRUE(org.ok()) << org.status().ToString();
  EXPECT_EQ(org->ods_code, "RX1");
  auto found = accounts().FindOrganisation("rx1");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->name, "Example Provider NHS Trust");
  EXPECT_EQ(found->roles, (std::vector<OrgRole>{OrgRole::kProvider, OrgRole::kSubmitter}));
  auto duplicate = accounts().CreateOrganisation("RX1", "Again", {OrgRole::kProvider});
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(duplicate.status().message().find("already exists"), std::string::npos);
}

TEST_P(AccountsSetupTest, OrganisationInputIsChecked) {
  EXPECT_FALSE(accounts().CreateOrganisation("R1", "Too short", {OrgRole::kProvider}).ok());
  EXPECT_FALSE(accounts().CreateOrganisation("RX-1", "Punctuation", {OrgRole::kProvider}).ok());
  EXPECT_FALSE(accounts().CreateOrganisation("RX2", "", {OrgRole::kProvider}).ok());
  EXPECT_FALSE(accounts().CreateOrganisation("RX3", "No role", {}).ok());
  EXPECT_EQ(accounts().FindOrganisation("RX9").status().code(), StatusCode::kNotFound);
}

TEST_P(AccountsSetupTest, NewUserGetsAnOtpauthUriForTheirKey) {
  EnsureOrg("RXA");
  NewUserSpec spec;
  spec.org_ods = "rxa";
  spec.username = "Alice.Smith@example.nhs.uk";
  spec.display_name = "Alice Smith";
  spec.password = "long enough password";
  auto user = accounts().CreateUser(spec);
  ASSERT_TRUE(user.ok()) << user.status().ToString();
  EXPECT_EQ(user->user.username, "alice.smith@example.nhs.uk");
  EXPECT_EQ(user->user.org_ods, "RXA");
  EXPECT_TRUE(user->totp_uri.starts_with("otpauth://totp/mhds:alice.smith@example.nhs.uk?"));
  EXPECT_NE(user->totp_uri.find("secret=" + user->totp_key_base32), std::string::npos);
  auto key = Base32Decode(user->totp_key_base32);
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(key->size(), 20u);
  auto signed_in = accounts().SignIn(spec.username, spec.password, TotpCode(*key, now_));
  ASSERT_TRUE(signed_in.ok());
  EXPECT_TRUE(signed_in->ok());
}

TEST_P(AccountsSetupTest, UserInputIsChecked) {
  EnsureOrg("RXA");
  NewUserSpec spec;
  spec.org_ods = "RXA";
  spec.username = "bob";
  spec.display_name = "Bob";
  spec.password = "short";
  EXPECT_EQ(accounts().CreateUser(spec).status().code(), StatusCode::kInvalidArgument);
  spec.password = "long enough password";
  spec.username = "b o b";
  EXPECT_EQ(accounts().CreateUser(spec).status().code(), StatusCode::kInvalidArgument);
  spec.username = "bob";
  spec.org_ods = "NOPE1";
  EXPECT_EQ(accounts().CreateUser(spec).status().code(), StatusCode::kNotFound);
  spec.org_ods = "RXA";
  ASSERT_TRUE(accounts().CreateUser(spec).ok());
  auto again = accounts().CreateUser(spec);
  EXPECT_EQ(again.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(again.status().message().find("already exists"), std::string::npos);
}

TEST_P(AccountsSetupTest, PasswordIsStoredOnlyAsAnArgon2idHash) {
  AddUser("RXA", "alice");
  auto row = db().QueryRow("SELECT password_hash FROM users WHERE username = ?", {"alice"});
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_TRUE((*row)->Text(0).starts_with("$argon2id$"));
  EXPECT_EQ((*row)->Text(0).find(PasswordOf("alice")), std::string::npos);
}

MHDS_INSTANTIATE_STORE_TEST(AccountsSetupTest);

TEST(Roles, NamesRoundTrip) {
  for (OrgRole r : {OrgRole::kProvider, OrgRole::kSubmitter, OrgRole::kCommissioner}) {
    EXPECT_EQ(ParseOrgRole(OrgRoleName(r)), r);
  }
  for (UserRole r :
       {UserRole::kSubmitter, UserRole::kViewer, UserRole::kSiro, UserRole::kOperator}) {
    EXPECT_EQ(ParseUserRole(UserRoleName(r)), r);
  }
  for (Action a : {Action::kUpload, Action::kViewStatus, Action::kViewReport, Action::kDownload,
                   Action::kManageAccess, Action::kAdminister}) {
    EXPECT_EQ(ParseAction(ActionName(a)), a);
  }
  EXPECT_FALSE(ParseUserRole("admin").has_value());
}

}  // namespace
}  // namespace mhds::account
