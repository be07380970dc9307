#include "mhds/serve/demo_seed.h"

#include "mhds/account/secrets.h"
#include "mhds/base/status_macros.h"

namespace mhds::serve {

Result<std::optional<DemoAccount>> SeedDemo(account::Accounts& accounts,
                                            const DemoOptions& options) {
  MHDS_ASSIGN_OR_RETURN(auto organisations, accounts.ListOrganisations());
  if (!organisations.empty()) return std::optional<DemoAccount>();
  MHDS_RETURN_IF_ERROR(
      accounts.CreateOrganisation(options.org, options.org_name, {account::OrgRole::kProvider})
          .status());
  account::NewUserSpec spec;
  spec.org_ods = options.org;
  spec.username = options.username;
  spec.display_name = "Demo submitter";
  spec.password = options.password.value_or(account::RandomHex(12));
  spec.totp_key = options.totp_key;
  MHDS_ASSIGN_OR_RETURN(auto user, accounts.CreateUser(spec));
  MHDS_RETURN_IF_ERROR(accounts
                           .GrantRole(options.username, options.org, account::kAllDatasets,
                                      account::UserRole::kSubmitter, "demo")
                           .status());
  DemoAccount demo;
  demo.org = options.org;
  demo.username = user.user.username;
  demo.password = spec.password;
  demo.totp_base32 = user.totp_key_base32;
  demo.totp_uri = user.totp_uri;
  return std::optional<DemoAccount>(std::move(demo));
}

}  // namespace mhds::serve
