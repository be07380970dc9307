#include "mhds/serve/access_actions.h"

#include <algorithm>

#include "mhds/serve/request_auth.h"
#include "mhds/serve/responses.h"

namespace mhds::serve {
namespace {

AccessCheck AccessRefusal(int status, std::string error) {
  AccessCheck check;
  check.http_status = status;
  check.error = std::move(error);
  return check;
}

}  // namespace

AccessCheck CheckSessionFor(Service& service, store::Database& db, const httplib::Request& req,
                            bool changes, std::string_view form_csrf) {
  AccessCheck check = CheckSignedIn(service, db, req);
  if (!check.allowed()) return check;
  if (check.principal.token_id != 0) {
    return AccessRefusal(403, "sign in to manage access and API tokens; an API token cannot");
  }
  auto credential = CredentialOf(req);
  if (changes && (!credential || !CsrfOk(req, *credential, form_csrf))) {
    return AccessRefusal(403, "missing or wrong CSRF token");
  }
  return check;
}

AccessCheck RefusalOf(Service& service, const Status& status) {
  switch (status.code()) {
    case StatusCode::kNotFound:
      return AccessRefusal(404, kNotFoundText);
    case StatusCode::kInvalidArgument:
      return AccessRefusal(400, status.message());
    default:
      service.Log("accounts: " + status.message());
      return AccessRefusal(503, "the store is unavailable; try again shortly");
  }
}

Result<bool> DecidesRequestOf(account::Accounts& accounts, const account::Principal& siro,
                              std::string_view org, int64_t id) {
  auto requests = accounts.ListAccessRequests(siro, org, /*pending_only=*/false);
  if (!requests.ok()) {
    if (requests.status().code() == StatusCode::kNotFound) return false;
    return requests.status();
  }
  return std::any_of(requests->begin(), requests->end(),
                     [id](const account::AccessRequest& r) { return r.id == id; });
}

Result<bool> ManagesGrantOf(account::Accounts& accounts, const account::Principal& siro,
                            std::string_view org, int64_t id) {
  auto grants = accounts.ListGrants(siro, org);
  if (!grants.ok()) {
    if (grants.status().code() == StatusCode::kNotFound) return false;
    return grants.status();
  }
  return std::any_of(grants->begin(), grants->end(),
                     [id](const account::Grant& g) { return g.id == id; });
}

Result<std::vector<std::string>> SiroOrganisations(account::Accounts& accounts,
                                                   const account::Principal& principal) {
  auto grants = accounts.GrantsOf(principal);
  if (!grants.ok()) return grants.status();
  std::vector<std::string> orgs;
  for (const account::Grant& g : *grants) {
    if (g.role == account::UserRole::kSiro &&
        std::find(orgs.begin(), orgs.end(), g.org_ods) == orgs.end()) {
      orgs.push_back(g.org_ods);
    }
  }
  std::sort(orgs.begin(), orgs.end());
  return orgs;
}

}  // namespace mhds::serve
