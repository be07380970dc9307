// The authorisation matrix: every role x action x own/other organisation, on both engines.
#include <gtest/gtest.h>

#include "mhds/account/accounts.h"
#include "mhds/account/internal/account_rows.h"
#include "mhds/account/testing/accounts_fixture.h"

namespace mhds::account {
namespace {

constexpr Action kAllActions[] = {Action::kUpload,   Action::kViewStatus,   Action::kViewReport,
                                  Action::kDownload, Action::kManageAccess, Action::kAdminister};

class AuthoriseTest : public testing::AccountsTest {
 protected:
  Decision Check(const std::string& session, const std::string& org, const std::string& dataset,
                 Action action) {
    auto d = accounts().Authorise(Credential::Session(session), org, dataset, action);
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    return d.ok() ? *d : Decision{};
  }
};

TEST_P(AuthoriseTest, EveryRoleAndActionOnOwnAndOtherOrganisation) {
  EnsureOrg("RXA");
  EnsureOrg("RXB");
  const UserRole roles[] = {UserRole::kSubmitter, UserRole::kViewer, UserRole::kSiro};
  for (UserRole role : roles) {
    const std::string name = std::string(UserRoleName(role)) + "_a";
    AddUser("RXA", name);
    GiveRole(name, "RXA", "mhsds", role);
    const std::string session = SignInAs(name).session_token;
    for (Action action : kAllActions) {
      SCOPED_TRACE(name + " " + std::string(ActionName(action)));
      Decision own = Check(session, "RXA", "mhsds", action);
      if (action == Action::kAdminister) {
        EXPECT_EQ(own.denial, Denial::kForbidden);
      } else if (RolePermits(role, action)) {
        EXPECT_TRUE(own.allowed()) << own.reason;
        EXPECT_EQ(own.principal.username, name);
      } else {
        EXPECT_EQ(own.denial, Denial::kForbidden);
      }
      // Another organisation's data set, and another data set of their own organisation: as if
      // neither existed.
      Decision other = Check(session, "RXB", "mhsds", action);
      Decision other_dataset = Check(session, "RXA", "iapt", action);
      if (action == Action::kAdminister) {
        EXPECT_EQ(other.denial, Denial::kForbidden);
      } else {
        EXPECT_EQ(other.denial, Denial::kNotFound);
        EXPECT_EQ(other.reason, internal::kNotFoundReason);
        EXPECT_EQ(other_dataset.denial, Denial::kNotFound);
      }
    }
  }
}

TEST_P(AuthoriseTest, OperatorAdministersButSeesNoSubmissionData) {
  AddUser("RXA", "olive", /*is_operator=*/true);
  EnsureOrg("RXB");
  const std::string session = SignInAs("olive").session_token;
  for (const char* org : {"RXA", "RXB"}) {
    for (Action action : kAllActions) {
      SCOPED_TRACE(std::string(org) + " " + std::string(ActionName(action)));
      Decision d = Check(session, org, "mhsds", action);
      if (action == Action::kAdminister) {
        EXPECT_TRUE(d.allowed());
      } else {
        EXPECT_EQ(d.denial, Denial::kNotFound);
      }
    }
  }
}

TEST_P(AuthoriseTest, UnknownOrganisationLooksExactlyLikeAnotherOnesOrganisation) {
  AddUser("RXA", "alice");
  GiveRole("alice", "RXA", "mhsds", UserRole::kSubmitter);
  EnsureOrg("RXB");
  const std::string session = SignInAs("alice").session_token;
  Decision exists = Check(session, "RXB", "mhsds", Action::kViewStatus);
  Decision missing = Check(session, "ZZZ99", "mhsds", Action::kViewStatus);
  Decision bad_dataset = Check(session, "RXA", "nosuch", Action::kViewStatus);
  EXPECT_EQ(exists.denial, Denial::kNotFound);
  EXPECT_EQ(missing.denial, exists.denial);
  EXPECT_EQ(missing.reason, exists.reason);
  EXPECT_EQ(bad_dataset.denial, exists.denial);
  EXPECT_EQ(bad_dataset.reason, exists.reason);
}

TEST_P(AuthoriseTest, AllDatasetsGrantCoversEachDataSet) {
  AddUser("RXA", "sam");
  GiveRole("sam", "RXA", kAllDatasets, UserRole::kViewer);
  const std::string session = SignInAs("sam").session_token;
  EXPECT_TRUE(Check(session, "RXA", "mhsds", Action::kViewReport).allowed());
  EXPECT_TRUE(Check(session, "RXA", "iapt", Action::kViewReport).allowed());
  EXPECT_EQ(Check(session, "RXA", "iapt", Action::kUpload).denial, Denial::kForbidden);
}

TEST_P(AuthoriseTest, EmptyDatasetAsksAboutAnyDataSetAndDatasetsPermittedNamesThem) {
  AddUser("RXA", "alice");
  GiveRole("alice", "RXA", "iapt", UserRole::kSubmitter);
  const SignInResult s = SignInAs("alice");
  EXPECT_TRUE(Check(s.session_token, "rxa", "", Action::kViewStatus).allowed());
  auto datasets = accounts().DatasetsPermitted(s.principal, "RXA", Action::kUpload);
  ASSERT_TRUE(datasets.ok());
  EXPECT_EQ(*datasets, std::vector<std::string>{"iapt"});
  auto none = accounts().DatasetsPermitted(s.principal, "RXB", Action::kUpload);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_P(AuthoriseTest, NoSessionIsUnauthenticated) {
  EnsureOrg("RXA");
  Decision d = Check("", "RXA", "mhsds", Action::kViewStatus);
  EXPECT_EQ(d.denial, Denial::kUnauthenticated);
  Decision forged = Check(std::string(64, 'f'), "RXA", "mhsds", Action::kViewStatus);
  EXPECT_EQ(forged.denial, Denial::kUnauthenticated);
}

TEST_P(AuthoriseTest, GrantsOfListsOnlyTheUsersOwnActiveGrants) {
  AddUser("RXA", "alice");
  AddUser("RXA", "bob");
  GiveRole("alice", "RXA", "mhsds", UserRole::kSubmitter);
  GiveRole("bob", "RXA", "iapt", UserRole::kViewer);
  auto grants = accounts().GrantsOf(SignInAs("alice").principal);
  ASSERT_TRUE(grants.ok());
  ASSERT_EQ(grants->size(), 1u);
  EXPECT_EQ((*grants)[0].username, "alice");
  EXPECT_EQ((*grants)[0].dataset, "mhsds");
  EXPECT_EQ((*grants)[0].role, UserRole::kSubmitter);
}

TEST_P(AuthoriseTest, GrantRoleIsIdempotentAndRefusesOperatorAndUnknownDataSets) {
  AddUser("RXA", "alice");
  auto first = accounts().GrantRole("alice", "RXA", "mhsds", UserRole::kSiro, "cli");
  auto second = accounts().GrantRole("alice", "RXA", "mhsds", UserRole::kSiro, "cli");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->id, second->id);
  EXPECT_EQ(
      accounts().GrantRole("alice", "RXA", "mhsds", UserRole::kOperator, "cli").status().code(),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(
      accounts().GrantRole("alice", "RXA", "nosuch", UserRole::kViewer, "cli").status().code(),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(
      accounts().GrantRole("nobody", "RXA", "mhsds", UserRole::kViewer, "cli").status().code(),
      StatusCode::kNotFound);
}

MHDS_INSTANTIATE_STORE_TEST(AuthoriseTest);

}  // namespace
}  // namespace mhds::account
