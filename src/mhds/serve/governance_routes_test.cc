// The governance API and pages over real HTTP: an application from enquiry to destruction taken
// by signed-in users in their governance roles, and an applicant of one organisation refused at
// every endpoint for another's application.
#include <gtest/gtest.h>

#include "mhds/govern/governance.h"
#include "mhds/govern/ledger.h"
#include "mhds/govern/preconditions.h"
#include "mhds/govern/roles.h"
#include "mhds/serve/testing/test_service.h"
#include "mhds/store/testing/store_fixture.h"

namespace mhds::serve {
namespace {

using testing::TestClient;
using testing::TestService;

const std::string kSource = MHDS_SOURCE_DIR;
const std::string kRef = "DARS-NIC-100001-AB1CD";
const std::string kMhsds = "Mental Health Services Data Set (MHSDS)";
const std::string kApi = "/api/v1/governance";
constexpr char kTeamPassword[] = "team-password-00001";
constexpr char kTeamKey[] = "team-key-12345678901";
constexpr char kAnnPassword[] = "ann-password-000001";
constexpr char kAnnKey[] = "ann-key-123456789012";

nlohmann::json GovFixture(const std::string& name) {
  std::ifstream in(kSource + "/src/mhds/govern/testdata/" + name);
  return nlohmann::json::parse(in);
}

class GovernanceRoutesTest : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    auto service = TestService::Start(url(), /*worker_threads=*/0);
    ASSERT_TRUE(service.ok()) << service.status().ToString();
    service_ = std::move(service).value();
    auto w = govern::Workflow::Load(kSource + "/specs/governance", govern::PreconditionNames());
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    workflow_ = std::make_unique<govern::Workflow>(std::move(w).value());
    auto db = service_->server().service().pool().Acquire();
    ASSERT_TRUE(db.ok());
    govern::Governance gov(**db, *workflow_);
    const govern::Actor op{"operator", "case_officer", service_->now(), 0};
    for (const char* org : {"org_university.json", "org_trust.json"}) {
      ASSERT_TRUE(gov.AddOrganisation(GovFixture(org), op).ok());
    }
    account::Accounts accounts = service_->server().service().AccountsOn(**db);
    ASSERT_TRUE(
        accounts.CreateOrganisation("EE133863", "University", {account::OrgRole::kProvider}).ok());
    // ann applies for the university; team is the data access team in every role; other
    // (RY2) applies for its own organisation only; demo holds no governance role.
    auto ann = AddUser(accounts, "EE133863", "ann", kAnnPassword, kAnnKey);
    auto team = AddUser(accounts, "RX1", "team", kTeamPassword, kTeamKey);
    auto other = accounts.FindUser("other");
    ASSERT_TRUE(other.ok());
    ASSERT_TRUE(
        govern::SetRole(**db, *workflow_, ann, "ann", "applicant", "EE133863", true, op).ok());
    ASSERT_TRUE(
        govern::SetRole(**db, *workflow_, other->id, "other", "applicant", "RY2", true, op).ok());
    for (const char* role :
         {"case_officer", "panel", "approver", "dissemination", "auditor", "checker"}) {
      ASSERT_TRUE(govern::SetRole(**db, *workflow_, team, "team", role, "", true, op).ok());
    }
  }
  void TearDown() override {
    service_.reset();
    StoreTest::TearDown();
  }

  int64_t AddUser(account::Accounts& accounts, const std::string& org, const std::string& name,
                  const std::string& password, const std::string& key) {
    account::NewUserSpec spec;
    spec.org_ods = org;
    spec.username = name;
    spec.display_name = name;
    spec.password = password;
    spec.totp_key = key;
    auto user = accounts.CreateUser(spec);
    EXPECT_TRUE(user.ok()) << user.status().ToString();
    return user.ok() ? user->user.id : 0;
  }

  static httplib::Result PostJson(TestClient& c, const std::string& path,
                                  const nlohmann::json& body, bool with_csrf = true) {
    return c.http().Post(path, c.Headers(with_csrf), body.dump(), "application/json");
  }

  // Posts and expects `status`; returns the JSON answer.
  static nlohmann::json Step(TestClient& c, const std::string& step, const nlohmann::json& body,
                             int status = 200) {
    auto res = PostJson(c, kApi + "/applications/" + kRef + "/" + step, body);
    EXPECT_TRUE(res);
    if (!res) return nullptr;
    EXPECT_EQ(res->status, status) << step << ": " << res->body;
    return nlohmann::json::parse(res->body, nullptr, false);
  }

  std::unique_ptr<TestService> service_;
  std::unique_ptr<govern::Workflow> workflow_;
};

TEST_P(GovernanceRoutesTest, AnApplicationGoesFromEnquiryToDestructionThroughTheApi) {
  auto ann = service_->SignedIn("ann", kAnnPassword, kAnnKey);
  auto team = service_->SignedIn("team", kTeamPassword, kTeamKey);
  ASSERT_TRUE(ann && team);
  auto opened = PostJson(*ann, kApi + "/applications", GovFixture("application_v1.json"));
  ASSERT_TRUE(opened);
  ASSERT_EQ(opened->status, 201) << opened->body;
  // The applicant cannot take the case officer's step, and says so.
  nlohmann::json refused = Step(*ann, "act", {{"action", "assess"}}, 403);
  EXPECT_NE(refused["error"].get<std::string>().find("case_officer"), std::string::npos);
  EXPECT_EQ(Step(*team, "act", {{"action", "assess"}})["state"], "PRELIM_ASSESSMENT");
  Step(*team, "act", {{"action", "proceed"}});
  EXPECT_EQ(Step(*ann, "act", {{"action", "submit"}})["state"], "CASE_OFFICER_REVIEW");
  Step(*team, "act", {{"action", "refer_to_panel"}});
  nlohmann::json review = Step(*team, "review",
                               {{"panel", "AGD"},
                                {"meeting_date", "2026-11-05"},
                                {"outcome", "recommended_with_conditions"},
                                {"conditions", {"Publish a privacy notice"}}});
  ASSERT_EQ(review["conditions"].size(), 1u);
  Step(*team, "decision", {{"outcome", "approve"}, {"reason", "benefits outweigh risks"}});
  // The agreement waits for the condition.
  nlohmann::json agreement = {{"start", "2026-11-01"},
                              {"end", "2026-11-30"},
                              {"signed_by_nhse", "Sue Approver"},
                              {"signed_by_applicant", "Ann Applicant"}};
  nlohmann::json early = Step(*team, "agreement", agreement, 409);
  EXPECT_NE(early["error"].get<std::string>().find("panel_conditions_met"), std::string::npos);
  auto met = PostJson(
      *ann, kApi + "/conditions/" + std::to_string(review["conditions"][0].get<int64_t>()) + "/met",
      nlohmann::json::object());
  ASSERT_TRUE(met);
  EXPECT_EQ(met->status, 200) << met->body;
  EXPECT_EQ(Step(*team, "agreement", agreement)["state"], "ACTIVE");
  // A release without opt-outs is refused: the opt-out applies to this data set.
  nlohmann::json release = {
      {"dataset", kMhsds}, {"file_reference", "FILE0000001"}, {"month", "2026-11"}};
  Step(*team, "release", release, 409);
  release["manifest"] = {
      {"format", "mhds-extract-manifest/1"},
      {"opt_outs", {{"applied", true}}},
      {"rows_before_opt_outs", 20},
      {"rows_written", 18},
      {"files",
       {{{"name", "MHS101Referral.csv"}, {"bytes", 640}, {"sha256", std::string(64, 'c')}}}}};
  Step(*team, "release", release);
  EXPECT_EQ(Step(*team, "audit", {{"finding", "no issue"}, {"severity", "none"}})["state"],
            "ACTIVE");
  service_->SetNow(service_->now() + 40 * 86400);  // past the agreement's end: sign in again
  team = service_->SignedIn("team", kTeamPassword, kTeamKey);
  ann = service_->SignedIn("ann", kAnnPassword, kAnnKey);
  ASSERT_TRUE(ann && team);
  Step(*team, "act", {{"action", "expire"}});
  Step(*team, "act", {{"action", "close_out"}});
  EXPECT_EQ(
      Step(*ann, "destruction",
           {{"destroyed_on", "2026-12-10"}, {"certificate_sha256", std::string(64, 'd')}})["state"],
      "CLOSED");

  auto detail = ann->Get(kApi + "/applications/" + kRef);
  ASSERT_TRUE(detail);
  ASSERT_EQ(detail->status, 200);
  nlohmann::json d = nlohmann::json::parse(detail->body);
  EXPECT_EQ(d["state"], "CLOSED");
  EXPECT_EQ(d["conditions"][0]["met"], true);
  EXPECT_EQ(d["releases"][0]["records_after"], 18);
  EXPECT_EQ(d["releases"][0]["files"][0]["name"], "MHS101Referral.csv");
  EXPECT_EQ(d["history"][0]["actor"], "ann");
  EXPECT_EQ(d["history"][1]["role"], "case_officer");
  // The ledger records who acted by user id, and verifies.
  auto db = service_->server().service().pool().Acquire();
  ASSERT_TRUE(db.ok());
  auto entries = govern::ReadLedger(**db, kRef);
  ASSERT_TRUE(entries.ok());
  for (const auto& e : *entries) EXPECT_NE(e.record.actor_user_id, 0) << e.record.action;
  auto verify = team->Get(kApi + "/ledger/verify");
  ASSERT_TRUE(verify);
  ASSERT_EQ(verify->status, 200) << verify->body;
  EXPECT_EQ(nlohmann::json::parse(verify->body)["intact"], true);
  EXPECT_EQ(ann->Get(kApi + "/ledger/verify")->status, 403);
  // The register needs no sign-in.
  TestClient anonymous(service_->port());
  auto reg = anonymous.Get(kApi + "/register?month=2026-11");
  ASSERT_TRUE(reg);
  ASSERT_EQ(reg->status, 200) << reg->body;
  nlohmann::json r = nlohmann::json::parse(reg->body);
  ASSERT_EQ(r["DataReleases"].size(), 1u);
  EXPECT_EQ(r["DataReleases"][0]["Patient Opt-Outs Applied"], "Yes");
  auto csv = anonymous.Get("/governance/register/DataReleases.csv?month=2026-11");
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->status, 200);
  EXPECT_NE(csv->body.find("FILE0000001"), std::string::npos);
  auto page = anonymous.Get("/governance/register?month=2026-11");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("FILE0000001"), std::string::npos);
}

TEST_P(GovernanceRoutesTest, AnotherOrganisationsApplicantIsToldNotFoundAtEveryEndpoint) {
  auto ann = service_->SignedIn("ann", kAnnPassword, kAnnKey);
  ASSERT_TRUE(ann);
  nlohmann::json app = GovFixture("application_v1.json");
  app["title"] = "<script>alert(1)</script> & more";
  auto opened = PostJson(*ann, kApi + "/applications", app);
  ASSERT_TRUE(opened);
  ASSERT_EQ(opened->status, 201) << opened->body;
  auto page = ann->Get("/governance/applications/" + kRef);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  EXPECT_EQ(page->body.find("<script>alert"), std::string::npos);
  EXPECT_NE(page->body.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"), std::string::npos);
  // Without the CSRF token a session's POST is refused.
  auto no_csrf = PostJson(*ann, kApi + "/applications/" + kRef + "/act", {{"action", "withdraw"}},
                          /*with_csrf=*/false);
  ASSERT_TRUE(no_csrf);
  EXPECT_EQ(no_csrf->status, 403);

  auto other = service_->Other();  // applicant for RY2
  auto demo = service_->Demo();    // no governance role
  ASSERT_TRUE(other && demo);
  for (TestClient* c : {other.get(), demo.get()}) {
    auto list = c->Get(kApi + "/applications");
    ASSERT_TRUE(list);
    ASSERT_EQ(list->status, 200);
    EXPECT_TRUE(nlohmann::json::parse(list->body)["applications"].empty());
    EXPECT_EQ(c->Get(kApi + "/applications/" + kRef)->status, 404);
    EXPECT_EQ(c->Get("/governance/applications/" + kRef)->status, 404);
    auto home = c->Get("/governance");
    ASSERT_TRUE(home);
    EXPECT_EQ(home->status, 200);
    EXPECT_EQ(home->body.find(kRef), std::string::npos);
    for (const char* step : {"version", "act", "review", "decision", "agreement", "release",
                             "audit", "destruction", "output_check", "output_release"}) {
      nlohmann::json body = {{"action", "withdraw"}};
      if (std::string(step) == "version") body = app;
      auto res = PostJson(*c, kApi + "/applications/" + kRef + "/" + step, body);
      ASSERT_TRUE(res);
      EXPECT_EQ(res->status, 404) << step << ": " << res->body;
      auto form =
          c->http().Post("/governance/applications/" + kRef + "/" + step, c->Headers(),
                         "action=withdraw&csrf=" + c->csrf(), "application/x-www-form-urlencoded");
      ASSERT_TRUE(form);
      EXPECT_EQ(form->status, 404) << step;
    }
    EXPECT_EQ(PostJson(*c, kApi + "/conditions/1/met", nlohmann::json::object())->status, 404);
    // Nor may they open an application in ann's organisation's name.
    nlohmann::json theirs = app;
    theirs["reference"] = "DARS-NIC-100002-ZZ9ZZ";
    EXPECT_EQ(PostJson(*c, kApi + "/applications", theirs)->status, 403);
    EXPECT_EQ(c->Get(kApi + "/ledger/verify")->status, 403);
  }
  // Signed out: the API says 401, the pages send you to sign in.
  TestClient anonymous(service_->port());
  EXPECT_EQ(anonymous.Get(kApi + "/applications")->status, 401);
  auto redirected = anonymous.Get("/governance/applications/" + kRef);
  ASSERT_TRUE(redirected);
  EXPECT_EQ(redirected->status, 303);
  // The application is untouched: still the enquiry ann opened.
  auto detail = ann->Get(kApi + "/applications/" + kRef);
  ASSERT_TRUE(detail);
  EXPECT_EQ(nlohmann::json::parse(detail->body)["state"], "ENQUIRY");
}

MHDS_INSTANTIATE_STORE_TEST(GovernanceRoutesTest);

}  // namespace
}  // namespace mhds::serve
