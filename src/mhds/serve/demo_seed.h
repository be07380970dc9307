// The demo organisation and person of `mhds serve --demo`: on a store with no organisation yet,
// creates organisation RX1 (the provider of the bundled sample submission) and a user who may
// submit every data set for it, and returns the sign-in details once. A store that already has
// organisations is left alone.
#pragma once

#include <optional>
#include <string>

#include "mhds/account/accounts.h"
#include "mhds/base/result.h"
#include "mhds/store/database.h"

namespace mhds::serve {

struct DemoOptions {
  std::string org = "RX1";
  std::string org_name = "Demo Mental Health NHS Trust";
  std::string username = "demo";
  std::optional<std::string> password;  // random when empty
  std::optional<std::string> totp_key;  // raw key bytes; random when empty
};

struct DemoAccount {
  std::string org;
  std::string username;
  std::string password;
  std::string totp_base32;
  std::string totp_uri;  // otpauth://...
};

// nullopt when the store already has an organisation.
Result<std::optional<DemoAccount>> SeedDemo(account::Accounts& accounts,
                                            const DemoOptions& options = {});

}  // namespace mhds::serve
