// The one authorisation step of every endpoint about an organisation's data set: authenticate the
// request's credential and ask account::Accounts::Authorise, turning every refusal into the HTTP
// status and text to answer with.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

#include "mhds/account/accounts.h"
#include "mhds/serve/service.h"

namespace mhds::serve {

struct AccessCheck {
  int http_status = 0;  // 0 when allowed
  std::string error;
  account::Principal principal;
  bool allowed() const { return http_status == 0; }
};

// `dataset` may be empty for "any data set of the organisation".
AccessCheck CheckAccess(Service& service, store::Database& db, const httplib::Request& req,
                        std::string_view org, std::string_view dataset, account::Action action);

// Only that the request is signed in (pages and answers about the user themself).
AccessCheck CheckSignedIn(Service& service, store::Database& db, const httplib::Request& req);

}  // namespace mhds::serve
