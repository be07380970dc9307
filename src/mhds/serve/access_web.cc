// The web pages about access: /access (a person's grants and requests, and the form to ask),
// /access/orgs/{org} (the SIRO's decisions and revocations), /admin/access (the operator's
// view) and /tokens (API tokens). Forms post back and are answered with a redirect (303) to the
// page, or with the page and what was refused.
#include <optional>

#include "mhds/account/csrf.h"
#include "mhds/account/roles.h"
#include "mhds/base/calendar.h"
#include "mhds/serve/access_actions.h"
#include "mhds/serve/access_pages.h"
#include "mhds/serve/handler_support.h"
#include "mhds/serve/request_auth.h"
#include "mhds/serve/responses.h"
#include "mhds/serve/routes.h"

namespace mhds::serve {
namespace {

constexpr char kWebOrgPath[] = R"(/access/orgs/([A-Za-z0-9]{1,12}))";
constexpr char kWebIdPart[] = R"((\d{1,18}))";
constexpr char kBusyText[] = "The service is busy; try again shortly.";

// A form body (small); nullopt, answered 413, when too large.
std::optional<std::map<std::string, std::string>> FormBody(Service& service,
                                                           const httplib::ContentReader& reader,
                                                           httplib::Response& res) {
  auto body = ReadSmallBody(reader, service.options().max_form_bytes);
  if (!body) {
    SendHtml(res, 413, ErrorPage({}, 413, "The form was too large."));
    return std::nullopt;
  }
  return ParseForm(*body);
}

// Renders /access with `notice` and `status`.
void ShowMyAccess(Service& service, store::Database& db, const httplib::Request& req,
                  httplib::Response& res, const account::Principal& who, int status,
                  std::string notice) {
  account::Accounts accounts = service.AccountsOn(db);
  MyAccessView view;
  auto grants = accounts.GrantsOf(who);
  auto requests = accounts.MyAccessRequests(who);
  auto orgs = accounts.RequestableOrganisations(who);
  auto siro = SiroOrganisations(accounts, who);
  if (!grants.ok() || !requests.ok() || !orgs.ok() || !siro.ok()) {
    return SendHtml(res, 503, ErrorPage(PageViewerFor(req, who), 503, kBusyText));
  }
  view.grants = std::move(grants).value();
  view.requests = std::move(requests).value();
  view.requestable = std::move(orgs).value();
  view.siro_orgs = std::move(siro).value();
  view.datasets = service.options().accounts.datasets;
  view.is_operator = who.is_operator;
  view.notice = std::move(notice);
  SendHtml(res, status, MyAccessPage(PageViewerFor(req, who), view));
}

void MyAccessHome(Service& service, const httplib::Request& req, httplib::Response& res) {
  auto db = LeaseOr503(service, res, AnswerAs::kPage);
  if (!db) return;
  AccessCheck check = CheckSessionFor(service, **db, req, /*changes=*/false);
  if (!check.allowed()) return RefusePage(res, check);
  ShowMyAccess(service, **db, req, res, check.principal, 200, "");
}

void AskForAccessForm(Service& service, const httplib::Request& req, httplib::Response& res,
                      const httplib::ContentReader& reader) {
  auto form = FormBody(service, reader, res);
  if (!form) return;
  auto db = LeaseOr503(service, res, AnswerAs::kPage);
  if (!db) return;
  AccessCheck check = CheckSessionFor(service, **db, req, /*changes=*/true, (*form)[kCsrfField]);
  if (!check.allowed()) return RefusePage(res, check);
  auto role = account::ParseUserRole((*form)["role"]);
  if (!role) {
    return ShowMyAccess(service, **db, req, res, check.principal, 400,
                        "Choose the role submitter or viewer.");
  }
  auto request = service.AccountsOn(**db).RequestAccess(
      check.principal, (*form)["org"], (*form)["dataset"], *role, (*form)["purpose"]);
  if (!request.ok()) {
    AccessCheck refusal = RefusalOf(service, request.status());
    return ShowMyAccess(
        service, **db, req, res, check.principal, refusal.http_status,
        refusal.http_status == 404 ? "No such organisation or data set." : refusal.error);
  }
  SeeOther(res, "/access");
}

// /access/orgs/{org} for its SIRO, /admin/access (org empty) for operators.
void ShowOrgAccess(Service& service, store::Database& db, const httplib::Request& req,
                   httplib::Response& res, const account::Principal& who, const std::string& org,
                   int status, std::string notice) {
  account::Accounts accounts = service.AccountsOn(db);
  OrgAccessView view;
  view.org = org;
  view.notice = std::move(notice);
  PageViewer viewer = PageViewerFor(req, who);
  if (org.empty()) {
    auto requests = accounts.AllAccessRequests(who, "", /*pending_only=*/false);
    auto grants = accounts.AllGrants(who, "");
    if (!requests.ok() || !grants.ok()) {
      AccessCheck refusal =
          RefusalOf(service, !requests.ok() ? requests.status() : grants.status());
      return RefusePage(res, refusal, viewer);
    }
    view.requests = std::move(requests).value();
    view.grants = std::move(grants).value();
  } else {
    auto requests = accounts.ListAccessRequests(who, org, /*pending_only=*/false);
    auto grants = accounts.ListGrants(who, org);
    if (!requests.ok() || !grants.ok()) {
      AccessCheck refusal =
          RefusalOf(service, !requests.ok() ? requests.status() : grants.status());
      return RefusePage(res, refusal, viewer);
    }
    view.requests = std::move(requests).value();
    view.grants = std::move(grants).value();
    view.can_decide = true;
  }
  SendHtml(res, status, OrgAccessPage(viewer, view));
}

void OrgAccessHome(Service& service, const httplib::Request& req, httplib::Response& res) {
  auto db = LeaseOr503(service, res, AnswerAs::kPage);
  if (!db) return;
  AccessCheck check = CheckSessionFor(service, **db, req, /*changes=*/false);
  if (!check.allowed()) return RefusePage(res, check);
  ShowOrgAccess(service, **db, req, res, check.principal, req.matches[1], 200, "");
}

void PlatformAccessHome(Service& service, const httplib::Request& req, httplib::Response& res) {
  auto db = LeaseOr503(service, res, AnswerAs::kPage);
  if (!db) return;
  AccessCheck check = CheckSessionFor(service, **db, req, /*changes=*/false);
  if (!check.allowed()) return RefusePage(res, check);
  if (!check.principal.is_operator) {
    return SendHtml(res, 403,
                    ErrorPage(PageViewerFor(req, check.principal), 403,
                              "This page is for platform operators."));
  }
  ShowOrgAccess(service, **db, req, res, check.principal, "", 200, "");
}

// POST /access/orgs/{org}/requests/{id} (decision=approve|refuse, note) and
// POST /access/orgs/{org}/grants/{id}/revoke (note).
void OrgAccessChange(Service& service, const httplib::Request& req, httplib::Response& res,
                     const httplib::ContentReader& reader, bool revoke) {
  std::string org = req.matches[1];
  int64_t id = std::stoll(req.matches[2]);
  auto form = FormBody(service, reader, res);
  if (!form) return;
  auto db = LeaseOr503(service, res, AnswerAs::kPage);
  if (!db) return;
  AccessCheck check = CheckSessionFor(service, **db, req, /*changes=*/true, (*form)[kCsrfField]);
  if (!check.allowed()) return RefusePage(res, check);
  account::Accounts accounts = service.AccountsOn(**db);
  PageViewer viewer = PageViewerFor(req, check.principal);
  auto belongs = revoke ? ManagesGrantOf(accounts, check.principal, org, id)
                        : DecidesRequestOf(accounts, check.principal, org, id);
  if (!belongs.ok()) return RefusePage(res, RefusalOf(service, belongs.status()), viewer);
  if (!*belongs) return SendHtml(res, 404, ErrorPage(viewer, 404, kNotFoundText));
  Status done;
  if (revoke) {
    done = accounts.RevokeGrant(check.principal, id, (*form)["note"]);
  } else {
    const std::string& decision = (*form)["decision"];
    if (decision != "approve" && decision != "refuse") {
      return ShowOrgAccess(service, **db, req, res, check.principal, org, 400,
                           "Choose Approve or Refuse.");
    }
    done = accounts.DecideAccessRequest(check.principal, id, decision == "approve", (*form)["note"])
               .status();
  }
  if (!done.ok()) {
    AccessCheck refusal = RefusalOf(service, done);
    if (refusal.http_status != 400) return RefusePage(res, refusal, viewer);
    return ShowOrgAccess(service, **db, req, res, check.principal, org, 400, refusal.error);
  }
  SeeOther(res, OrgAccessPath(org));
}

void ShowTokens(Service& service, store::Database& db, const httplib::Request& req,
                httplib::Response& res, const account::Principal& who, int status,
                std::string notice, std::optional<account::NewApiToken> created = std::nullopt) {
  account::Accounts accounts = service.AccountsOn(db);
  auto tokens = accounts.ListApiTokens(who);
  auto grants = accounts.GrantsOf(who);
  if (!tokens.ok() || !grants.ok()) {
    return SendHtml(res, 503, ErrorPage(PageViewerFor(req, who), 503, kBusyText));
  }
  TokensView view;
  view.tokens = std::move(tokens).value();
  for (const account::Grant& g : *grants) {
    std::vector<std::string> datasets = {g.dataset};
    if (g.dataset == account::kAllDatasets) datasets = service.options().accounts.datasets;
    for (const std::string& d : datasets) {
      bool seen = false;
      for (const TokenScope& s : view.scopes) seen = seen || (s.org == g.org_ods && s.dataset == d);
      if (!seen) view.scopes.push_back({g.org_ods, d});
    }
  }
  view.created = std::move(created);
  view.notice = std::move(notice);
  SendHtml(res, status, TokensPage(PageViewerFor(req, who), view));
}

void TokensHome(Service& service, const httplib::Request& req, httplib::Response& res) {
  auto db = LeaseOr503(service, res, AnswerAs::kPage);
  if (!db) return;
  AccessCheck check = CheckSessionFor(service, **db, req, /*changes=*/false);
  if (!check.allowed()) return RefusePage(res, check);
  ShowTokens(service, **db, req, res, check.principal, 200, "");
}

void CreateTokenForm(Service& service, const httplib::Request& req, httplib::Response& res,
                     const httplib::ContentReader& reader) {
  auto form = FormBody(service, reader, res);
  if (!form) return;
  auto db = LeaseOr503(service, res, AnswerAs::kPage);
  if (!db) return;
  AccessCheck check = CheckSessionFor(service, **db, req, /*changes=*/true, (*form)[kCsrfField]);
  if (!check.allowed()) return RefusePage(res, check);
  const std::string& scope = (*form)["scope"];
  size_t slash = scope.find('/');
  int64_t days = 0;
  const std::string& days_text = (*form)["days"];
  bool days_ok = !days_text.empty() && days_text.size() <= 3 &&
                 days_text.find_first_not_of("0123456789") == std::string::npos;
  if (days_ok) days = std::stoll(days_text);
  if (!days_ok || days < 1 || days > 366) {
    return ShowTokens(service, **db, req, res, check.principal, 400,
                      "Give the number of days, from 1 to 366, until the token expires.");
  }
  if (slash == std::string::npos) {
    return ShowTokens(service, **db, req, res, check.principal, 400,
                      "Choose the organisation and data set.");
  }
  auto token = service.AccountsOn(**db).CreateApiToken(check.principal, scope.substr(0, slash),
                                                       scope.substr(slash + 1), (*form)["label"],
                                                       days * kSecondsPerDay);
  if (!token.ok()) {
    AccessCheck refusal = RefusalOf(service, token.status());
    return ShowTokens(
        service, **db, req, res, check.principal, refusal.http_status,
        refusal.http_status == 404 ? "No such organisation or data set." : refusal.error);
  }
  // The secret is shown once, on this answer: not after a redirect.
  ShowTokens(service, **db, req, res, check.principal, 201, "", std::move(token).value());
}

void RevokeTokenForm(Service& service, const httplib::Request& req, httplib::Response& res,
                     const httplib::ContentReader& reader) {
  auto form = FormBody(service, reader, res);
  if (!form) return;
  auto db = LeaseOr503(service, res, AnswerAs::kPage);
  if (!db) return;
  AccessCheck check = CheckSessionFor(service, **db, req, /*changes=*/true, (*form)[kCsrfField]);
  if (!check.allowed()) return RefusePage(res, check);
  Status revoked =
      service.AccountsOn(**db).RevokeApiToken(check.principal, std::stoll(req.matches[1]));
  if (!revoked.ok()) {
    return RefusePage(res, RefusalOf(service, revoked), PageViewerFor(req, check.principal));
  }
  SeeOther(res, "/tokens");
}

}  // namespace

void RegisterAccessWebRoutes(httplib::Server& server, Service& service) {
  Service* svc = &service;
  using Req = const httplib::Request&;
  using Res = httplib::Response&;
  using Reader = const httplib::ContentReader&;
  const std::string org = kWebOrgPath;
  const std::string id = kWebIdPart;
  server.Get("/access", [svc](Req req, Res res) { MyAccessHome(*svc, req, res); });
  server.Post("/access",
              [svc](Req req, Res res, Reader r) { AskForAccessForm(*svc, req, res, r); });
  server.Get(org, [svc](Req req, Res res) { OrgAccessHome(*svc, req, res); });
  server.Post(org + "/requests/" + id,
              [svc](Req req, Res res, Reader r) { OrgAccessChange(*svc, req, res, r, false); });
  server.Post(org + "/grants/" + id + "/revoke",
              [svc](Req req, Res res, Reader r) { OrgAccessChange(*svc, req, res, r, true); });
  server.Get("/admin/access", [svc](Req req, Res res) { PlatformAccessHome(*svc, req, res); });
  server.Get("/tokens", [svc](Req req, Res res) { TokensHome(*svc, req, res); });
  server.Post("/tokens", [svc](Req req, Res res, Reader r) { CreateTokenForm(*svc, req, res, r); });
  server.Post("/tokens/" + id + "/revoke",
              [svc](Req req, Res res, Reader r) { RevokeTokenForm(*svc, req, res, r); });
}

}  // namespace mhds::serve
