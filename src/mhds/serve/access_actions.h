// What the JSON API and the web pages about access share: the check that a request comes from a
// person signed in with a session (API tokens neither manage access nor make tokens), the HTTP
// answer to an account::Accounts error, and the checks that a request or grant named in a path
// belongs to the organisation of that path.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "mhds/account/accounts.h"
#include "mhds/serve/access_check.h"
#include "mhds/serve/service.h"

namespace mhds::serve {

// Signed in with a session cookie: 401 when not signed in, 403 for an API token. When `changes`,
// also the CSRF token (header, or `form_csrf` from a form): 403 without it.
AccessCheck CheckSessionFor(Service& service, store::Database& db, const httplib::Request& req,
                            bool changes, std::string_view form_csrf = {});

// The answer to a failed account::Accounts call: 404 "not found" (kNotFoundText) for anything
// the person may not see, 400 with the message for a refused input, 503 (logged) otherwise.
AccessCheck RefusalOf(Service& service, const Status& status);

// Whether request `id` is one of `org`'s that the principal decides (SIRO), or grant `id` one of
// its grants they may revoke. False is answered as 404.
Result<bool> DecidesRequestOf(account::Accounts& accounts, const account::Principal& siro,
                              std::string_view org, int64_t id);
Result<bool> ManagesGrantOf(account::Accounts& accounts, const account::Principal& siro,
                            std::string_view org, int64_t id);

// The organisations whose access the principal decides (their SIRO grants), sorted.
Result<std::vector<std::string>> SiroOrganisations(account::Accounts& accounts,
                                                   const account::Principal& principal);

}  // namespace mhds::serve
