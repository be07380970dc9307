#include "mhds/serve/access_check.h"

#include "mhds/serve/request_auth.h"
#include "mhds/serve/responses.h"

namespace mhds::serve {
namespace {

AccessCheck Refusal(int status, std::string error) {
  AccessCheck check;
  check.http_status = status;
  check.error = std::move(error);
  return check;
}

constexpr char kSignInText[] = "sign in or present an API token";
constexpr char kStoreDownText[] = "the store is unavailable; try again shortly";

}  // namespace

AccessCheck CheckAccess(Service& service, store::Database& db, const httplib::Request& req,
                        std::string_view org, std::string_view dataset, account::Action action) {
  auto credential = CredentialOf(req);
  if (!credential) return Refusal(401, kSignInText);
  account::Accounts accounts = service.AccountsOn(db);
  auto decision = accounts.Authorise(*credential, org, dataset, action);
  if (!decision.ok()) {
    service.Log("authorise: " + decision.status().message());
    return Refusal(503, kStoreDownText);
  }
  if (!decision->allowed()) {
    int status = HttpStatusFor(decision->denial);
    return Refusal(status, status == 404 ? kNotFoundText : decision->reason);
  }
  AccessCheck check;
  check.principal = decision->principal;
  return check;
}

AccessCheck CheckSignedIn(Service& service, store::Database& db, const httplib::Request& req) {
  auto credential = CredentialOf(req);
  if (!credential) return Refusal(401, kSignInText);
  auto principal = service.AccountsOn(db).Authenticate(*credential);
  if (!principal.ok()) {
    service.Log("authenticate: " + principal.status().message());
    return Refusal(503, kStoreDownText);
  }
  if (!principal->has_value()) return Refusal(401, kSignInText);
  AccessCheck check;
  check.principal = **principal;
  return check;
}

}  // namespace mhds::serve
