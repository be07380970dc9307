// The JSON API about access (docs/api.md): a person's access requests and API tokens, an
// organisation's requests and grants for its SIRO, and the operator's platform-wide view.
#include <optional>

#include "mhds/account/roles.h"
#include "mhds/base/calendar.h"
#include "mhds/serve/access_actions.h"
#include "mhds/serve/handler_support.h"
#include "mhds/serve/responses.h"
#include "mhds/serve/routes.h"

namespace mhds::serve {
namespace {

constexpr char kApiOrgPath[] = R"(/api/v1/orgs/([A-Za-z0-9]{1,12}))";
constexpr char kApiIdPart[] = R"((\d{1,18}))";
constexpr char kStoreBusy[] = "the store is unavailable; try again shortly";

std::string TimeJson(int64_t unix_seconds) { return FormatDateTime(unix_seconds) + "Z"; }

nlohmann::json AccessRequestJson(const account::AccessRequest& r) {
  return {{"id", r.id},
          {"username", r.username},
          {"org", r.org_ods},
          {"dataset", r.dataset},
          {"role", account::UserRoleName(r.role)},
          {"purpose", r.purpose},
          {"state", account::RequestStateName(r.state)},
          {"requested_at", TimeJson(r.requested_at)},
          {"decided_at", r.decided_at ? nlohmann::json(TimeJson(*r.decided_at)) : nullptr},
          {"decided_by", r.decided_by},
          {"decision_note", r.decision_note}};
}

nlohmann::json GrantJson(const account::Grant& g) {
  return {{"id", g.id},
          {"username", g.username},
          {"org", g.org_ods},
          {"dataset", g.dataset},
          {"role", account::UserRoleName(g.role)},
          {"granted_at", TimeJson(g.granted_at)},
          {"granted_by", g.granted_by},
          {"request_id", g.request_id ? nlohmann::json(*g.request_id) : nullptr}};
}

nlohmann::json ApiTokenJson(const account::ApiToken& t) {
  return {{"id", t.id},
          {"org", t.org_ods},
          {"dataset", t.dataset},
          {"label", t.label},
          {"created_at", TimeJson(t.created_at)},
          {"expires_at", TimeJson(t.expires_at)},
          {"revoked", t.revoked}};
}

template <typename T, typename F>
nlohmann::json JsonList(const std::vector<T>& items, F to_json) {
  nlohmann::json list = nlohmann::json::array();
  for (const T& item : items) list.push_back(to_json(item));
  return list;
}

void SendRefusal(httplib::Response& res, const AccessCheck& check) {
  SendJsonError(res, check.http_status, check.error);
}

// A JSON object body of at most the form limit; answers 413/400 and returns nullopt otherwise.
std::optional<nlohmann::json> JsonBody(Service& service, const httplib::ContentReader& reader,
                                       httplib::Response& res) {
  auto body = ReadSmallBody(reader, service.options().max_form_bytes);
  if (!body) {
    SendJsonError(res, 413, "the request body is too large");
    return std::nullopt;
  }
  nlohmann::json json = nlohmann::json::parse(*body, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) {
    SendJsonError(res, 400, "expected a JSON object");
    return std::nullopt;
  }
  return json;
}

std::string StringField(const nlohmann::json& json, const char* name) {
  auto it = json.find(name);
  return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void MyRequests(Service& service, const httplib::Request& req, httplib::Response& res) {
  auto db = LeaseOr503(service, res, AnswerAs::kJson);
  if (!db) return;
  AccessCheck check = CheckSessionFor(service, **db, req, /*changes=*/false);
  if (!check.allowed()) return SendRefusal(res, check);
  account::Accounts accounts = service.AccountsOn(**db);
  auto requests = accounts.MyAccessRequests(check.principal);
  auto orgs = accounts.RequestableOrganisations(check.principal);
  if (!requests.ok() || !orgs.ok()) return SendJsonError(res, 503, kStoreBusy);
  nlohmann::json requestable = nlohmann::json::array();
  for (const account::Organisation& o : *orgs) {
    requestable.push_back({{"org", o.ods_code}, {"name", o.name}});
  }
  SendJson(res, 200,
           {{"requests", JsonList(*requests, AccessRequestJson)},
            {"requestable", requestable},
            {"datasets", service.options().accounts.datasets}});
}

void AskForAccess(Service& service, const httplib::Request& req, httplib::Response& res,
                  const httplib::ContentReader& reader) {
  auto json = JsonBody(service, reader, res);
  if (!json) return;
  auto db = LeaseOr503(service, res, AnswerAs::kJson);
  if (!db) return;
  AccessCheck check = CheckSessionFor(service, **db, req, /*changes=*/true);
  if (!check.allowed()) return SendRefusal(res, check);
  auto role = account::ParseUserRole(StringField(*json, "role"));
  if (!role) return SendJsonError(res, 400, "'role' must be \"submitter\" or \"viewer\"");
  auto request = service.AccountsOn(**db).RequestAccess(check.principal, StringField(*json, "org"),
                                                        StringField(*json, "dataset"), *role,
                                                        StringField(*json, "purpose"));
  if (!request.ok()) return SendRefusal(res, RefusalOf(service, request.status()));
  SendJson(res, 201, AccessRequestJson(*request));
}

// For the SIRO endpoints: a session, and the organisation's requests and grants.
void OrgRequests(Service& service, const httplib::Request& req, httplib::Response& res) {
  std::string org = req.matches[1];
  auto db = LeaseOr503(service, res, AnswerAs::kJson);
  if (!db) return;
  AccessCheck check = CheckSessionFor(service, **db, req, /*changes=*/false);
  if (!check.allowed()) return SendRefusal(res, check);
  std::string state = req.get_param_value("state");
  if (!state.empty() && state != "pending" && state != "all") {
    return SendJsonError(res, 400, "'state' must be pending or all");
  }
  auto requests =
      service.AccountsOn(**db).ListAccessRequests(check.principal, org, state == "pending");
  if (!requests.ok()) return SendRefusal(res, RefusalOf(service, requests.status()));
  SendJson(res, 200, {{"org", org}, {"requests", JsonList(*requests, AccessRequestJson)}});
}

void DecideRequest(Service& service, const httplib::Request& req, httplib::Response& res,
                   const httplib::ContentReader& reader) {
  std::string org = req.matches[1];
  int64_t id = std::stoll(req.matches[2]);
  auto json = JsonBody(service, reader, res);
  if (!json) return;
  auto db = LeaseOr503(service, res, AnswerAs::kJson);
  if (!db) return;
  AccessCheck check = CheckSessionFor(service, **db, req, /*changes=*/true);
  if (!check.allowed()) return SendRefusal(res, check);
  account::Accounts accounts = service.AccountsOn(**db);
  auto decides = DecidesRequestOf(accounts, check.principal, org, id);
  if (!decides.ok()) return SendRefusal(res, RefusalOf(service, decides.status()));
  if (!*decides) return SendJsonError(res, 404, kNotFoundText);
  std::string decision = StringField(*json, "decision");
  if (decision != "approve" && decision != "refuse") {
    return SendJsonError(res, 400, "'decision' must be \"approve\" or \"refuse\"");
  }
  auto decided = accounts.DecideAccessRequest(check.principal, id, decision == "approve",
                                              StringField(*json, "note"));
  if (!decided.ok()) return SendRefusal(res, RefusalOf(service, decided.status()));
  SendJson(res, 200, AccessRequestJson(*decided));
}

void OrgGrants(Service& service, const httplib::Request& req, httplib::Response& res) {
  std::string org = req.matches[1];
  auto db = LeaseOr503(service, res, AnswerAs::kJson);
  if (!db) return;
  AccessCheck check = CheckSessionFor(service, **db, req, /*changes=*/false);
  if (!check.allowed()) return SendRefusal(res, check);
  auto grants = service.AccountsOn(**db).ListGrants(check.principal, org);
  if (!grants.ok()) return SendRefusal(res, RefusalOf(service, grants.status()));
  SendJson(res, 200, {{"org", org}, {"grants", JsonList(*grants, GrantJson)}});
}

void RevokeGrant(Service& service, const httplib::Request& req, httplib::Response& res,
                 const httplib::ContentReader& reader) {
  std::string org = req.matches[1];
  int64_t id = std::stoll(req.matches[2]);
  auto json = JsonBody(service, reader, res);
  if (!json) return;
  auto db = LeaseOr503(service, res, AnswerAs::kJson);
  if (!db) return;
  AccessCheck check = CheckSessionFor(service, **db, req, /*changes=*/true);
  if (!check.allowed()) return SendRefusal(res, check);
  account::Accounts accounts = service.AccountsOn(**db);
  auto manages = ManagesGrantOf(accounts, check.principal, org, id);
  if (!manages.ok()) return SendRefusal(res, RefusalOf(service, manages.status()));
  if (!*manages) return SendJsonError(res, 404, kNotFoundText);
  Status revoked = accounts.RevokeGrant(check.principal, id, StringField(*json, "note"));
  if (!revoked.ok()) return SendRefusal(res, RefusalOf(service, revoked));
  SendJson(res, 200, {{"revoked", id}});
}

// The operator's view: /api/v1/admin/access-requests and /api/v1/admin/grants.
void PlatformAccess(Service& service, const httplib::Request& req, httplib::Response& res,
                    bool grants) {
  auto db = LeaseOr503(service, res, AnswerAs::kJson);
  if (!db) return;
  AccessCheck check = CheckSessionFor(service, **db, req, /*changes=*/false);
  if (!check.allowed()) return SendRefusal(res, check);
  if (!check.principal.is_operator) {
    return SendJsonError(res, 403, "this needs a platform operator");
  }
  account::Accounts accounts = service.AccountsOn(**db);
  std::string org = req.get_param_value("org");
  if (grants) {
    auto list = accounts.AllGrants(check.principal, org);
    if (!list.ok()) return SendRefusal(res, RefusalOf(service, list.status()));
    return SendJson(res, 200, {{"grants", JsonList(*list, GrantJson)}});
  }
  auto list =
      accounts.AllAccessRequests(check.principal, org, req.get_param_value("state") == "pending");
  if (!list.ok()) return SendRefusal(res, RefusalOf(service, list.status()));
  SendJson(res, 200, {{"requests", JsonList(*list, AccessRequestJson)}});
}

void MyTokens(Service& service, const httplib::Request& req, httplib::Response& res) {
  auto db = LeaseOr503(service, res, AnswerAs::kJson);
  if (!db) return;
  AccessCheck check = CheckSessionFor(service, **db, req, /*changes=*/false);
  if (!check.allowed()) return SendRefusal(res, check);
  auto tokens = service.AccountsOn(**db).ListApiTokens(check.principal);
  if (!tokens.ok()) return SendJsonError(res, 503, kStoreBusy);
  SendJson(res, 200, {{"tokens", JsonList(*tokens, ApiTokenJson)}});
}

void CreateToken(Service& service, const httplib::Request& req, httplib::Response& res,
                 const httplib::ContentReader& reader) {
  auto json = JsonBody(service, reader, res);
  if (!json) return;
  auto db = LeaseOr503(service, res, AnswerAs::kJson);
  if (!db) return;
  AccessCheck check = CheckSessionFor(service, **db, req, /*changes=*/true);
  if (!check.allowed()) return SendRefusal(res, check);
  std::optional<int64_t> lifetime;
  if (auto days = json->find("days"); days != json->end()) {
    if (!days->is_number_integer() || days->get<int64_t>() < 1 || days->get<int64_t>() > 366) {
      return SendJsonError(res, 400, "'days' must be a whole number from 1 to 366");
    }
    lifetime = days->get<int64_t>() * kSecondsPerDay;
  }
  auto token = service.AccountsOn(**db).CreateApiToken(check.principal, StringField(*json, "org"),
                                                       StringField(*json, "dataset"),
                                                       StringField(*json, "label"), lifetime);
  if (!token.ok()) return SendRefusal(res, RefusalOf(service, token.status()));
  nlohmann::json out = ApiTokenJson(token->token);
  out["secret"] = token->secret;
  SendJson(res, 201, out);
}

void RevokeToken(Service& service, const httplib::Request& req, httplib::Response& res,
                 const httplib::ContentReader& reader) {
  DrainBody(reader);
  auto db = LeaseOr503(service, res, AnswerAs::kJson);
  if (!db) return;
  AccessCheck check = CheckSessionFor(service, **db, req, /*changes=*/true);
  if (!check.allowed()) return SendRefusal(res, check);
  int64_t id = std::stoll(req.matches[1]);
  Status revoked = service.AccountsOn(**db).RevokeApiToken(check.principal, id);
  if (!revoked.ok()) return SendRefusal(res, RefusalOf(service, revoked));
  SendJson(res, 200, {{"revoked", id}});
}

}  // namespace

void RegisterAccessApiRoutes(httplib::Server& server, Service& service) {
  Service* svc = &service;
  using Req = const httplib::Request&;
  using Res = httplib::Response&;
  using Reader = const httplib::ContentReader&;
  const std::string org = kApiOrgPath;
  const std::string id = kApiIdPart;
  server.Get("/api/v1/access-requests", [svc](Req req, Res res) { MyRequests(*svc, req, res); });
  server.Post("/api/v1/access-requests",
              [svc](Req req, Res res, Reader r) { AskForAccess(*svc, req, res, r); });
  server.Get(org + "/access-requests", [svc](Req req, Res res) { OrgRequests(*svc, req, res); });
  server.Post(org + "/access-requests/" + id,
              [svc](Req req, Res res, Reader r) { DecideRequest(*svc, req, res, r); });
  server.Get(org + "/grants", [svc](Req req, Res res) { OrgGrants(*svc, req, res); });
  server.Post(org + "/grants/" + id + "/revoke",
              [svc](Req req, Res res, Reader r) { RevokeGrant(*svc, req, res, r); });
  server.Get("/api/v1/admin/access-requests",
             [svc](Req req, Res res) { PlatformAccess(*svc, req, res, /*grants=*/false); });
  server.Get("/api/v1/admin/grants",
             [svc](Req req, Res res) { PlatformAccess(*svc, req, res, /*grants=*/true); });
  server.Get("/api/v1/tokens", [svc](Req req, Res res) { MyTokens(*svc, req, res); });
  server.Post("/api/v1/tokens",
              [svc](Req req, Res res, Reader r) { CreateToken(*svc, req, res, r); });
  server.Delete("/api/v1/tokens/" + id,
                [svc](Req req, Res res, Reader r) { RevokeToken(*svc, req, res, r); });
}

}  // namespace mhds::serve
