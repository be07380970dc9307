// Access through the landing service, over real HTTP on SQLite and PostgreSQL: a person asks, the
// organisation's SIRO approves, refuses and revokes (API and pages, audited), operators see every
// organisation's requests, and people manage their own API tokens.
#include <gtest/gtest.h>

#include "mhds/account/audit_log.h"
#include "mhds/serve/testing/test_service.h"
#include "mhds/store/testing/store_fixture.h"

namespace mhds::serve {
namespace {

using testing::TestClient;
using testing::TestService;

httplib::Result PostJson(TestClient& client, const std::string& path, const nlohmann::json& body,
                         bool with_csrf = true) {
  return client.http().Post(path, client.Headers(with_csrf), body.dump(), "application/json");
}

httplib::Result PostForm(TestClient& client, const std::string& path, const std::string& form) {
  return client.http().Post(path, client.Headers(false),
                            "csrf=" + client.csrf() + (form.empty() ? "" : "&" + form),
                            "application/x-www-form-urlencoded");
}

class AccessRoutesTest : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    auto service = TestService::Start(url());
    ASSERT_TRUE(service.ok()) << service.status().ToString();
    service_ = std::move(service).value();
  }
  void TearDown() override {
    service_.reset();
    StoreTest::TearDown();
  }

  // The audit events recorded so far, in order.
  std::vector<std::string> AuditEvents() {
    std::vector<std::string> events;
    auto entries = account::ReadAudit(db());
    EXPECT_TRUE(entries.ok());
    if (entries.ok()) {
      for (const auto& e : *entries) events.push_back(e.record.event);
    }
    return events;
  }

  std::unique_ptr<TestService> service_;
};

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

TEST_P(AccessRoutesTest, ASiroApprovesARequestAndRevokesTheGrantOverTheApi) {
  auto viewer = service_->Viewer();
  auto siro = service_->Siro();
  ASSERT_NE(viewer, nullptr);
  ASSERT_NE(siro, nullptr);
  nlohmann::json ask = {{"org", "RX1"},
                        {"dataset", "mhsds"},
                        {"role", "submitter"},
                        {"purpose", "monthly MHSDS submissions"}};
  auto forged = PostJson(*viewer, "/api/v1/access-requests", ask, /*with_csrf=*/false);
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 403);
  auto asked = PostJson(*viewer, "/api/v1/access-requests", ask);
  ASSERT_TRUE(asked);
  ASSERT_EQ(asked->status, 201) << asked->body;
  nlohmann::json request = nlohmann::json::parse(asked->body);
  EXPECT_EQ(request["state"], "pending");
  std::string id = std::to_string(request["id"].get<int64_t>());
  auto again = PostJson(*viewer, "/api/v1/access-requests", ask);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 400);  // already asked

  auto mine = viewer->Get("/api/v1/access-requests");
  ASSERT_TRUE(mine);
  nlohmann::json my = nlohmann::json::parse(mine->body);
  ASSERT_EQ(my["requests"].size(), 1u);
  EXPECT_EQ(my["requestable"][0]["org"], "RX1");

  // Asking is not having; the viewer may not decide.
  auto upload = viewer->Upload("RX1", "mhsds", "2026-10", "x");
  ASSERT_TRUE(upload);
  EXPECT_EQ(upload->status, 403);
  auto self =
      PostJson(*viewer, "/api/v1/orgs/RX1/access-requests/" + id, {{"decision", "approve"}});
  ASSERT_TRUE(self);
  EXPECT_EQ(self->status, 404);

  auto pending = siro->Get("/api/v1/orgs/RX1/access-requests?state=pending");
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->status, 200) << pending->body;
  nlohmann::json listed = nlohmann::json::parse(pending->body)["requests"];
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["username"], "viewer");
  EXPECT_EQ(listed[0]["purpose"], "monthly MHSDS submissions");
  auto bad = PostJson(*siro, "/api/v1/orgs/RX1/access-requests/" + id, {{"decision", "maybe"}});
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  auto approved = PostJson(*siro, "/api/v1/orgs/RX1/access-requests/" + id,
                           {{"decision", "approve"}, {"note", "ok"}});
  ASSERT_TRUE(approved);
  ASSERT_EQ(approved->status, 200) << approved->body;
  EXPECT_EQ(nlohmann::json::parse(approved->body)["state"], "approved");
  auto twice = PostJson(*siro, "/api/v1/orgs/RX1/access-requests/" + id, {{"decision", "refuse"}});
  ASSERT_TRUE(twice);
  EXPECT_EQ(twice->status, 400);

  // The grant works: the viewer's upload now reaches the window check (409 for November).
  upload = viewer->Upload("RX1", "mhsds", "2026-11", "x");
  ASSERT_TRUE(upload);
  EXPECT_EQ(upload->status, 409) << upload->body;

  auto grants = siro->Get("/api/v1/orgs/RX1/grants");
  ASSERT_TRUE(grants);
  ASSERT_EQ(grants->status, 200);
  int64_t grant_id = 0;
  nlohmann::json grant_list = nlohmann::json::parse(grants->body)["grants"];
  for (const auto& g : grant_list) {
    if (g["username"] == "viewer" && g["role"] == "submitter") grant_id = g["id"];
  }
  ASSERT_NE(grant_id, 0) << grants->body;
  auto revoked = PostJson(*siro, "/api/v1/orgs/RX1/grants/" + std::to_string(grant_id) + "/revoke",
                          {{"note", "left the team"}});
  ASSERT_TRUE(revoked);
  ASSERT_EQ(revoked->status, 200) << revoked->body;
  upload = viewer->Upload("RX1", "mhsds", "2026-11", "x");
  ASSERT_TRUE(upload);
  EXPECT_EQ(upload->status, 403);

  std::vector<std::string> events = AuditEvents();
  for (const char* event :
       {account::audit_event::kAccessRequested, account::audit_event::kAccessApproved,
        account::audit_event::kAccessRevoked}) {
    EXPECT_TRUE(Contains(events, event)) << event;
  }
}

TEST_P(AccessRoutesTest, ASiroDecidesOnTheWebPagesAndAnOperatorSeesEveryOrganisation) {
  auto viewer = service_->Viewer();
  auto siro = service_->Siro();
  auto op = service_->Operator();
  ASSERT_TRUE(viewer && siro && op);
  auto page = viewer->Get("/access");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("name=\"purpose\""), std::string::npos);
  auto asked = PostForm(*viewer, "/access",
                        "org=RX1&dataset=iapt&role=viewer&purpose=Talking+Therapies+%3Creview%3E");
  ASSERT_TRUE(asked);
  ASSERT_EQ(asked->status, 303) << asked->body;
  auto refused_form = viewer->http().Post("/access", viewer->Headers(false),
                                          "org=RX1&dataset=iapt&role=submitter&purpose=x",
                                          "application/x-www-form-urlencoded");
  ASSERT_TRUE(refused_form);
  EXPECT_EQ(refused_form->status, 403);  // no CSRF token

  auto siro_page = siro->Get("/access/orgs/RX1");
  ASSERT_TRUE(siro_page);
  ASSERT_EQ(siro_page->status, 200);
  EXPECT_NE(siro_page->body.find("Talking Therapies &lt;review&gt;"), std::string::npos)
      << siro_page->body;
  auto mine = viewer->Get("/api/v1/access-requests");
  ASSERT_TRUE(mine);
  std::string id =
      std::to_string(nlohmann::json::parse(mine->body)["requests"][0]["id"].get<int64_t>());
  auto refused = PostForm(*siro, "/access/orgs/RX1/requests/" + id, "decision=refuse&note=no");
  ASSERT_TRUE(refused);
  ASSERT_EQ(refused->status, 303) << refused->body;
  mine = viewer->Get("/api/v1/access-requests");
  ASSERT_TRUE(mine);
  EXPECT_EQ(nlohmann::json::parse(mine->body)["requests"][0]["state"], "refused");
  EXPECT_TRUE(Contains(AuditEvents(), account::audit_event::kAccessRefused));

  // The viewer's own page lists the decision; the SIRO's links to the organisation's page.
  page = viewer->Get("/access");
  ASSERT_TRUE(page);
  EXPECT_NE(page->body.find("refused"), std::string::npos);
  page = siro->Get("/access");
  ASSERT_TRUE(page);
  EXPECT_NE(page->body.find("href=\"/access/orgs/RX1\""), std::string::npos);

  // Revoking the viewer's standing grant from the page.
  auto grants = siro->Get("/api/v1/orgs/RX1/grants");
  ASSERT_TRUE(grants);
  std::string grant_id;
  nlohmann::json grant_list = nlohmann::json::parse(grants->body)["grants"];
  for (const auto& g : grant_list) {
    if (g["username"] == "viewer") grant_id = std::to_string(g["id"].get<int64_t>());
  }
  ASSERT_FALSE(grant_id.empty());
  auto revoked = PostForm(*siro, "/access/orgs/RX1/grants/" + grant_id + "/revoke", "note=gone");
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->status, 303);
  auto history = viewer->Get("/api/v1/orgs/RX1/datasets/mhsds/submissions");
  ASSERT_TRUE(history);
  EXPECT_EQ(history->status, 404);

  // The operator sees RX1's requests and grants, and RY2's; others may not look.
  auto all = op->Get("/api/v1/admin/access-requests");
  ASSERT_TRUE(all);
  ASSERT_EQ(all->status, 200) << all->body;
  EXPECT_EQ(nlohmann::json::parse(all->body)["requests"].size(), 1u);
  auto all_grants = op->Get("/api/v1/admin/grants?org=RY2");
  ASSERT_TRUE(all_grants);
  ASSERT_EQ(all_grants->status, 200);
  nlohmann::json platform_grants = nlohmann::json::parse(all_grants->body)["grants"];
  EXPECT_FALSE(platform_grants.empty());
  for (const auto& g : platform_grants) {
    EXPECT_EQ(g["org"], "RY2");
  }
  auto op_page = op->Get("/admin/access");
  ASSERT_TRUE(op_page);
  EXPECT_EQ(op_page->status, 200);
  EXPECT_NE(op_page->body.find("Talking Therapies"), std::string::npos);
  for (const char* path : {"/api/v1/admin/access-requests", "/admin/access"}) {
    auto denied = siro->Get(path);
    ASSERT_TRUE(denied);
    EXPECT_EQ(denied->status, 403) << path;
    EXPECT_EQ(denied->body.find("Talking Therapies"), std::string::npos) << path;
  }
}

TEST_P(AccessRoutesTest, APersonCreatesUsesListsAndRevokesTheirOwnApiTokens) {
  auto demo = service_->Demo();
  auto other = service_->Other();
  ASSERT_TRUE(demo && other);
  auto created =
      PostJson(*demo, "/api/v1/tokens",
               {{"org", "RX1"}, {"dataset", "mhsds"}, {"label", "nightly upload"}, {"days", 30}});
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  nlohmann::json token = nlohmann::json::parse(created->body);
  std::string secret = token["secret"];
  EXPECT_EQ(secret.rfind("mhds_", 0), 0u);
  httplib::Headers bearer = {{"Authorization", "Bearer " + secret}};
  auto history = demo->http().Get("/api/v1/orgs/RX1/datasets/mhsds/submissions", bearer);
  ASSERT_TRUE(history);
  EXPECT_EQ(history->status, 200);
  auto iapt = demo->http().Get("/api/v1/orgs/RX1/datasets/iapt/submissions", bearer);
  ASSERT_TRUE(iapt);
  EXPECT_EQ(iapt->status, 404);  // scoped to one data set
  auto tokens_by_token = demo->http().Get("/api/v1/tokens", bearer);
  ASSERT_TRUE(tokens_by_token);
  EXPECT_EQ(tokens_by_token->status, 403);  // a token cannot manage tokens

  // A token for an organisation the person has no grant for does not exist.
  auto elsewhere =
      PostJson(*demo, "/api/v1/tokens", {{"org", "RY2"}, {"dataset", "mhsds"}, {"label", "x"}});
  ASSERT_TRUE(elsewhere);
  EXPECT_EQ(elsewhere->status, 404);
  auto bad_days = PostJson(*demo, "/api/v1/tokens",
                           {{"org", "RX1"}, {"dataset", "mhsds"}, {"label", "x"}, {"days", 0}});
  ASSERT_TRUE(bad_days);
  EXPECT_EQ(bad_days->status, 400);

  auto listed = demo->Get("/api/v1/tokens");
  ASSERT_TRUE(listed);
  nlohmann::json list = nlohmann::json::parse(listed->body)["tokens"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["label"], "nightly upload");
  EXPECT_EQ(listed->body.find(secret), std::string::npos);  // the secret is shown once only
  std::string path = "/api/v1/tokens/" + std::to_string(token["id"].get<int64_t>());
  auto theirs = other->http().Delete(path, other->Headers());
  ASSERT_TRUE(theirs);
  EXPECT_EQ(theirs->status, 404);
  auto revoked = demo->http().Delete(path, demo->Headers());
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->status, 200);
  history = demo->http().Get("/api/v1/orgs/RX1/datasets/mhsds/submissions", bearer);
  ASSERT_TRUE(history);
  EXPECT_EQ(history->status, 401);

  // The page: create (the secret shown on that answer only), then revoke.
  auto page = PostForm(*demo, "/tokens", "scope=RX1%2Fiapt&label=page+token&days=7");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 201) << page->body;
  EXPECT_NE(page->body.find("<code>mhds_"), std::string::npos);
  listed = demo->Get("/api/v1/tokens");
  ASSERT_TRUE(listed);
  list = nlohmann::json::parse(listed->body)["tokens"];
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["dataset"], "iapt");
  auto gone =
      PostForm(*demo, "/tokens/" + std::to_string(list[0]["id"].get<int64_t>()) + "/revoke", "");
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->status, 303);
  auto shown = demo->Get("/tokens");
  ASSERT_TRUE(shown);
  EXPECT_EQ(shown->status, 200);
  EXPECT_EQ(shown->body.find("<code>mhds_"), std::string::npos);
  EXPECT_TRUE(Contains(AuditEvents(), account::audit_event::kTokenRevoked));
}

MHDS_INSTANTIATE_STORE_TEST(AccessRoutesTest);

}  // namespace
}  // namespace mhds::serve
