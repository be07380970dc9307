// The landing service over real HTTP on loopback, on SQLite and on PostgreSQL.
#include "mhds/serve/server.h"

#include <gtest/gtest.h>

#include "mhds/derive/history_store.h"
#include "mhds/serve/testing/html_check.h"
#include "mhds/serve/testing/test_service.h"
#include "mhds/serve/testing/zip_maker.h"
#include "mhds/store/testing/store_fixture.h"

namespace mhds::serve {
namespace {

using testing::TestClient;
using testing::TestService;

class ServerTest : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    auto service = TestService::Start(url());
    ASSERT_TRUE(service.ok()) << service.status().ToString();
    service_ = std::move(service).value();
    auto sample = service_->SampleIdb();
    ASSERT_TRUE(sample.ok()) << sample.status().ToString();
    sample_ = std::move(sample).value();
  }
  void TearDown() override {
    service_.reset();
    StoreTest::TearDown();
  }

  // Uploads the sample as `client` and waits for its validation; returns the final JSON.
  nlohmann::json UploadSample(TestClient& client, bool test = false) {
    auto res = client.Upload("RX1", "mhsds", "2026-10", sample_, test);
    EXPECT_TRUE(res);
    if (!res) return nullptr;
    EXPECT_EQ(res->status, 202) << res->body;
    if (res->status != 202) return nullptr;
    nlohmann::json received = nlohmann::json::parse(res->body);
    EXPECT_EQ(received["status"], "received");
    EXPECT_EQ(res->get_header_value("Location"), received["url"]);
    return client.WaitForValidation(received["url"]);
  }

  std::unique_ptr<TestService> service_;
  std::string sample_;
};

TEST_P(ServerTest, SignsInWithTotpUploadsTheSampleAndReadsItsReport) {
  auto demo = service_->Demo();
  ASSERT_NE(demo, nullptr);
  auto me = demo->Get("/api/v1/me");
  ASSERT_TRUE(me);
  ASSERT_EQ(me->status, 200) << me->body;
  nlohmann::json who = nlohmann::json::parse(me->body);
  EXPECT_EQ(who["username"], "demo");
  EXPECT_EQ(who["org"], "RX1");
  EXPECT_EQ(who["grants"][0]["role"], "submitter");

  nlohmann::json done = UploadSample(*demo);
  ASSERT_TRUE(done.is_object());
  EXPECT_EQ(done["sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(done["bytes"], sample_.size());
  EXPECT_EQ(done["format"], "sqlite");
  EXPECT_EQ(done["version"], "6.0");
  EXPECT_EQ(done["window"]["kind"], "single");
  ASSERT_TRUE(done["report"].is_object()) << done.dump();

  // The report is the validator's, and the submission's status and counts agree with it.
  auto json = demo->Get(done["report"]["report.json"]);
  ASSERT_TRUE(json);
  ASSERT_EQ(json->status, 200);
  nlohmann::json report = nlohmann::json::parse(json->body);
  EXPECT_EQ(report["summary"]["findings"], done["findings"]);
  EXPECT_EQ(report["summary"]["rows_received"], done["rows_received"]);
  EXPECT_EQ(report["summary"]["rows_rejected"], done["rows_rejected"]);
  EXPECT_GT(done["rows_received"].get<int64_t>(), 0);
  std::string expected_status = report["status"] == "rejected" ? "rejected"
                                : done["rows_rejected"].get<int64_t>() > 0
                                    ? "accepted_with_rejections"
                                    : "accepted";
  EXPECT_EQ(done["status"], expected_status);
  EXPECT_EQ(done["counts"], expected_status != "rejected");

  auto html = demo->Get(done["report"]["report.html"]);
  ASSERT_TRUE(html);
  EXPECT_EQ(html->status, 200);
  EXPECT_EQ(html->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(html->body.find("<!DOCTYPE html>"), std::string::npos);
  auto csv = demo->Get(done["report"]["validations.csv"]);
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->status, 200);
  EXPECT_NE(csv->get_header_value("Content-Disposition").find("attachment"), std::string::npos);
  // Every report file is on disk beside the upload, private to the service.
  for (const auto& [name, link] : done["report"].items()) {
    auto file = demo->Get(link.get<std::string>());
    ASSERT_TRUE(file);
    EXPECT_EQ(file->status, 200) << name;
  }
}

TEST_P(ServerTest, TheLatestAcceptedLiveSubmissionCountsAndTestSubmissionsNever) {
  auto demo = service_->Demo();
  ASSERT_NE(demo, nullptr);
  nlohmann::json first = UploadSample(*demo);
  nlohmann::json second = UploadSample(*demo);
  nlohmann::json test = UploadSample(*demo, /*test=*/true);
  ASSERT_TRUE(first.is_object() && second.is_object() && test.is_object());
  // The sample's deliberate defects reject rows, not the file, so it is accepted.
  ASSERT_NE(first["status"], "rejected") << first.dump();
  auto res = demo->Get("/api/v1/orgs/RX1/datasets/mhsds/submissions?period=2026-10");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  nlohmann::json history = nlohmann::json::parse(res->body)["submissions"];
  ASSERT_EQ(history.size(), 3u);
  // Newest first.
  EXPECT_EQ(history[0]["id"], test["id"]);
  EXPECT_EQ(history[0]["test"], true);
  EXPECT_EQ(history[0]["counts"], false);
  EXPECT_EQ(history[1]["id"], second["id"]);
  EXPECT_EQ(history[1]["counts"], true);
  EXPECT_EQ(history[2]["id"], first["id"]);
  EXPECT_EQ(history[2]["counts"], false);
  EXPECT_EQ(history[2]["superseded"], true);
  // Identical uploads share one stored file.
  EXPECT_EQ(history[0]["sha256"], history[2]["sha256"]);

  // The two live uploads are in the derivations' history, the later counting; the test one not.
  auto recorded = derive::ListHistory(db(), "RX1");
  ASSERT_TRUE(recorded.ok()) << recorded.status().ToString();
  ASSERT_EQ(recorded->size(), 2u);
  EXPECT_TRUE((*recorded)[0].superseded);
  EXPECT_FALSE((*recorded)[1].superseded);
  EXPECT_EQ((*recorded)[1].label, "upload " + std::to_string(second["id"].get<int64_t>()));
}

// Every endpoint about RX1's data, asked by a signed-in user of RY2, answers 404 exactly as for
// something that does not exist; and so it does for a submission id of RX1's under RY2's path.
TEST_P(ServerTest, AUserOfAnotherOrganisationGetsNotFoundFromEveryEndpoint) {
  auto demo = service_->Demo();
  ASSERT_NE(demo, nullptr);
  nlohmann::json done = UploadSample(*demo);
  ASSERT_TRUE(done.is_object());
  std::string id = std::to_string(done["id"].get<int64_t>());
  auto other = service_->Other();
  ASSERT_NE(other, nullptr);

  std::vector<std::string> gets = {
      "/api/v1/orgs/RX1/datasets/mhsds/submissions",
      "/api/v1/orgs/RX1/datasets/mhsds/submissions?period=2026-10",
      "/api/v1/orgs/RX1/datasets/mhsds/submissions/" + id,
      "/api/v1/orgs/RX1/datasets/iapt/submissions",
      "/api/v1/orgs/NOSUCH/datasets/mhsds/submissions",
      // RX1's submission under the other organisation's own path.
      "/api/v1/orgs/RY2/datasets/mhsds/submissions/" + id,
      "/orgs/RX1/mhsds",
      "/orgs/RX1/mhsds/submissions/" + id,
      "/orgs/RY2/mhsds/submissions/" + id,
  };
  for (const auto& [name, link] : done["report"].items()) {
    gets.push_back(link.get<std::string>());
    gets.push_back("/orgs/RX1/mhsds/submissions/" + id + "/files/" + name);
    gets.push_back("/api/v1/orgs/RY2/datasets/mhsds/submissions/" + id + "/files/" + name);
  }
  std::string not_found_body;
  for (const std::string& path : gets) {
    auto res = other->Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 404) << path;
    EXPECT_EQ(res->body.find(done["sha256"].get<std::string>()), std::string::npos) << path;
    if (path.starts_with("/api/") && res->status == 404) {
      if (not_found_body.empty()) not_found_body = res->body;
      EXPECT_EQ(res->body, not_found_body) << path;  // nothing tells the cases apart
    }
  }
  auto upload = other->Upload("RX1", "mhsds", "2026-10", sample_);
  ASSERT_TRUE(upload);
  EXPECT_EQ(upload->status, 404);

  // Access: a pending request and the grants of RX1 stay RX1's, even from RY2's SIRO, who
  // decides RY2's. Every answer is the one for an organisation that does not exist.
  auto viewer = service_->Viewer();
  ASSERT_NE(viewer, nullptr);
  const std::string secret_purpose = "purpose-known-only-to-RX1";
  auto asked = viewer->http().Post("/api/v1/access-requests", viewer->Headers(),
                                   nlohmann::json({{"org", "RX1"},
                                                   {"dataset", "mhsds"},
                                                   {"role", "submitter"},
                                                   {"purpose", secret_purpose}})
                                       .dump(),
                                   "application/json");
  ASSERT_TRUE(asked);
  ASSERT_EQ(asked->status, 201) << asked->body;
  std::string request_id = std::to_string(nlohmann::json::parse(asked->body)["id"].get<int64_t>());
  auto other_siro = service_->OtherSiro();
  ASSERT_NE(other_siro, nullptr);
  const std::vector<std::string> access_gets = {"/api/v1/orgs/RX1/access-requests",
                                                "/api/v1/orgs/RX1/access-requests?state=pending",
                                                "/api/v1/orgs/RX1/grants",
                                                "/api/v1/orgs/NOSUCH/access-requests",
                                                "/api/v1/orgs/NOSUCH/grants",
                                                "/access/orgs/RX1",
                                                "/access/orgs/NOSUCH"};
  // Answers about oneself: they must not name RX1's people or requests either.
  const std::vector<std::string> own_gets = {
      "/api/v1/access-requests",          "/api/v1/tokens",          "/access",         "/tokens",
      "/api/v1/orgs/RY2/access-requests", "/api/v1/orgs/RY2/grants", "/access/orgs/RY2"};
  for (TestClient* client : {other.get(), other_siro.get()}) {
    for (const std::string& path : access_gets) {
      auto res = client->Get(path);
      ASSERT_TRUE(res) << path;
      EXPECT_EQ(res->status, 404) << path;
      EXPECT_EQ(res->body.find(secret_purpose), std::string::npos) << path;
      if (path.starts_with("/api/")) {
        EXPECT_EQ(res->body, not_found_body) << path;
      }
    }
    for (const std::string& path : own_gets) {
      auto res = client->Get(path);
      ASSERT_TRUE(res) << path;
      EXPECT_EQ(res->body.find(secret_purpose), std::string::npos) << path;
      EXPECT_EQ(res->body.find("<td>viewer</td>"), std::string::npos) << path;
      EXPECT_EQ(res->body.find("\"username\": \"viewer\""), std::string::npos) << path;
      EXPECT_EQ(res->body.find("RX1"), std::string::npos) << path;
    }
    const std::vector<std::pair<std::string, std::string>> posts = {
        {"/api/v1/orgs/RX1/access-requests/" + request_id, R"({"decision": "approve"})"},
        {"/api/v1/orgs/RY2/access-requests/" + request_id, R"({"decision": "approve"})"},
        {"/api/v1/orgs/RX1/grants/1/revoke", "{}"},
        {"/api/v1/orgs/RY2/grants/1/revoke", "{}"},
        {"/api/v1/access-requests",
         R"({"org": "RX1", "dataset": "mhsds", "role": "viewer", "purpose": "x"})"},
        {"/api/v1/tokens", R"({"org": "RX1", "dataset": "mhsds", "label": "x"})"}};
    for (const auto& [path, body] : posts) {
      auto res = client->http().Post(path, client->Headers(), body, "application/json");
      ASSERT_TRUE(res) << path;
      EXPECT_EQ(res->status, 404) << path << " " << res->body;
      EXPECT_EQ(res->body, not_found_body) << path;
    }
    for (const std::string& path :
         {"/access/orgs/RX1/requests/" + request_id, "/access/orgs/RY2/requests/" + request_id,
          std::string("/access/orgs/RX1/grants/1/revoke")}) {
      auto res = client->http().Post(path, client->Headers(false),
                                     "csrf=" + client->csrf() + "&decision=approve",
                                     "application/x-www-form-urlencoded");
      ASSERT_TRUE(res) << path;
      EXPECT_EQ(res->status, 404) << path;
    }
  }
  auto still = viewer->Get("/api/v1/access-requests");
  ASSERT_TRUE(still);
  EXPECT_EQ(nlohmann::json::parse(still->body)["requests"][0]["state"], "pending");

  httplib::MultipartFormDataItems form = {{"csrf", other->csrf(), "", ""},
                                          {"period", "2026-10", "", ""},
                                          {"file", sample_, "idb.sqlite", "application/x-sqlite3"}};
  auto web_upload = other->http().Post("/orgs/RX1/mhsds/submissions", other->Headers(), form);
  ASSERT_TRUE(web_upload);
  EXPECT_EQ(web_upload->status, 404);

  // RX1 still has exactly its one submission.
  auto history = demo->Get("/api/v1/orgs/RX1/datasets/mhsds/submissions");
  ASSERT_TRUE(history);
  EXPECT_EQ(nlohmann::json::parse(history->body)["submissions"].size(), 1u);
}

TEST_P(ServerTest, RefusesCookieRequestsWithoutTheCsrfToken) {
  auto demo = service_->Demo();
  ASSERT_NE(demo, nullptr);
  auto missing = demo->Upload("RX1", "mhsds", "2026-10", sample_, false, /*with_csrf=*/false);
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 403);
  httplib::Headers wrong = demo->Headers(false);
  wrong.emplace("X-CSRF-Token", std::string(64, '0'));
  auto forged = demo->http().Post("/api/v1/orgs/RX1/datasets/mhsds/submissions?period=2026-10",
                                  wrong, sample_, "application/octet-stream");
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 403);
  httplib::MultipartFormDataItems form = {{"period", "2026-10", "", ""},
                                          {"file", sample_, "idb.sqlite", "application/x-sqlite3"}};
  auto web = demo->http().Post("/orgs/RX1/mhsds/submissions", demo->Headers(false), form);
  ASSERT_TRUE(web);
  EXPECT_EQ(web->status, 403);
  auto sign_out = demo->http().Delete("/api/v1/session", demo->Headers(false));
  ASSERT_TRUE(sign_out);
  EXPECT_EQ(sign_out->status, 403);
  auto history = demo->Get("/api/v1/orgs/RX1/datasets/mhsds/submissions");
  ASSERT_TRUE(history);
  ASSERT_EQ(history->status, 200);  // still signed in
  EXPECT_TRUE(nlohmann::json::parse(history->body)["submissions"].empty());
}

TEST_P(ServerTest, RefusesUploadsOutsideAnOpenWindowNamingTheNextOne) {
  // 2026-11-24: the November window (for October) closed on the 23rd.
  service_->SetNow(TestService::kStart + 19 * kSecondsPerDay);
  auto demo = service_->Demo();
  ASSERT_NE(demo, nullptr);
  auto late = demo->Upload("RX1", "mhsds", "2026-10", sample_);
  ASSERT_TRUE(late);
  EXPECT_EQ(late->status, 409);
  EXPECT_NE(late->body.find("no later window"), std::string::npos) << late->body;
  auto early = demo->Upload("RX1", "mhsds", "2026-11", sample_);
  ASSERT_TRUE(early);
  EXPECT_EQ(early->status, 409);
  nlohmann::json refusal = nlohmann::json::parse(early->body);
  EXPECT_EQ(refusal["next_window"]["opens"], "2026-12-01");
  EXPECT_NE(refusal["error"].get<std::string>().find("2026-12-01"), std::string::npos);
  auto malformed = demo->Upload("RX1", "mhsds", "2026-13", sample_);
  ASSERT_TRUE(malformed);
  EXPECT_EQ(malformed->status, 400);
  auto history = demo->Get("/api/v1/orgs/RX1/datasets/mhsds/submissions");
  ASSERT_TRUE(history);
  EXPECT_TRUE(nlohmann::json::parse(history->body)["submissions"].empty());
}

TEST_P(ServerTest, AViewerMayReadButNotUpload) {
  auto viewer = service_->Viewer();
  ASSERT_NE(viewer, nullptr);
  auto upload = viewer->Upload("RX1", "mhsds", "2026-10", sample_);
  ASSERT_TRUE(upload);
  EXPECT_EQ(upload->status, 403);
  auto history = viewer->Get("/api/v1/orgs/RX1/datasets/mhsds/submissions");
  ASSERT_TRUE(history);
  EXPECT_EQ(history->status, 200);
  auto other_dataset = viewer->Get("/api/v1/orgs/RX1/datasets/iapt/submissions");
  ASSERT_TRUE(other_dataset);
  EXPECT_EQ(other_dataset->status, 404);
}

TEST_P(ServerTest, RefusesWhatIsNotAnIdb) {
  auto demo = service_->Demo();
  ASSERT_NE(demo, nullptr);
  auto text = demo->Upload("RX1", "mhsds", "2026-10", "DatSetVer,OrgIDProvider\n6.0,RX1\n");
  ASSERT_TRUE(text);
  EXPECT_EQ(text->status, 415);
  auto zip = demo->Upload("RX1", "mhsds", "2026-10", std::string("PK\x03\x04", 4) + "rest");
  ASSERT_TRUE(zip);
  EXPECT_EQ(zip->status, 422) << zip->body;  // a zip's start, but not a zip
  // Nothing is kept of a refused upload.
  size_t files = 0;
  for ([[maybe_unused]] const auto& entry :
       std::filesystem::directory_iterator(service_->dir() / "data" / "uploads")) {
    ++files;
  }
  EXPECT_EQ(files, 0u);
}

TEST_P(ServerTest, AZipOfTheSampleFolderIsValidatedLikeItsSqliteIdb) {
  auto demo = service_->Demo();
  ASSERT_NE(demo, nullptr);
  nlohmann::json from_sqlite = UploadSample(*demo);
  ASSERT_TRUE(from_sqlite.is_object());

  std::filesystem::path zip = service_->dir() / "sample.zip";
  ASSERT_TRUE(testing::MakeZip(
                  zip, testing::CsvFolderEntries(
                           std::filesystem::path(MHDS_SOURCE_DIR) / "examples/mhsds-6.0-sample",
                           "mhsds-6.0-sample/"))
                  .ok());
  auto res = demo->Upload("RX1", "mhsds", "2026-10", testing::ReadWholeFile(zip));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 202) << res->body;
  nlohmann::json from_zip = demo->WaitForValidation(nlohmann::json::parse(res->body)["url"]);
  ASSERT_TRUE(from_zip.is_object());
  EXPECT_EQ(from_zip["format"], "zip");
  EXPECT_EQ(from_zip["status"], from_sqlite["status"]) << from_zip.dump();
  EXPECT_EQ(from_zip["rows_received"], from_sqlite["rows_received"]);
  EXPECT_EQ(from_zip["findings"], from_sqlite["findings"]);
  EXPECT_TRUE(from_zip["report"].is_object());
  // The unpacked copy is gone once validated.
  EXPECT_TRUE(std::filesystem::is_empty(service_->dir() / "data" / "unpacked"));
}

TEST_P(ServerTest, RefusesAHostileZipBeforeRecordingIt) {
  auto demo = service_->Demo();
  ASSERT_NE(demo, nullptr);
  std::filesystem::path zip = service_->dir() / "slip.zip";
  ASSERT_TRUE(testing::MakeZip(zip, {{"../../MHS001MPI.csv", "x\n"}}).ok());
  auto res = demo->Upload("RX1", "mhsds", "2026-10", testing::ReadWholeFile(zip));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 422);
  EXPECT_NE(res->body.find("climbs out"), std::string::npos) << res->body;
  auto history = demo->Get("/api/v1/orgs/RX1/datasets/mhsds/submissions");
  ASSERT_TRUE(history);
  EXPECT_TRUE(nlohmann::json::parse(history->body)["submissions"].empty());
  EXPECT_TRUE(std::filesystem::is_empty(service_->dir() / "data" / "uploads"));
}

// A zip whose directory claims a small size for an entry that inflates to far more passes the
// look at its directory on arrival, and is rejected when unpacked: the service stays up and the
// partly unpacked folder is removed.
TEST_P(ServerTest, RejectsAZipEntryThatInflatesPastItsDeclaredSize) {
  auto demo = service_->Demo();
  ASSERT_NE(demo, nullptr);
  std::filesystem::path zip = service_->dir() / "liar.zip";
  auto entries = testing::CsvFolderEntries(
      std::filesystem::path(MHDS_SOURCE_DIR) / "examples/mhsds-6.0-sample", "sample/");
  ASSERT_FALSE(entries.empty());
  std::string lying_entry = entries[0].name;
  ASSERT_GT(entries[0].content.size(), 64u);
  ASSERT_TRUE(testing::MakeZip(zip, entries).ok());
  ASSERT_TRUE(testing::ForgeDeclaredSize(zip, lying_entry, 10).ok());
  auto res = demo->Upload("RX1", "mhsds", "2026-10", testing::ReadWholeFile(zip));
  ASSERT_TRUE(res);
  nlohmann::json outcome;
  if (res->status == 202) {
    outcome = demo->WaitForValidation(nlohmann::json::parse(res->body)["url"]);
    ASSERT_TRUE(outcome.is_object());
    EXPECT_EQ(outcome["status"], "rejected") << outcome.dump();
    EXPECT_NE(outcome["message"].get<std::string>().find(lying_entry.substr(7)), std::string::npos)
        << outcome.dump();
    EXPECT_FALSE(outcome["counts"].get<bool>());
  } else {
    EXPECT_EQ(res->status, 422) << res->body;
  }
  EXPECT_TRUE(std::filesystem::is_empty(service_->dir() / "data" / "unpacked"));
  auto me = demo->Get("/api/v1/me");  // still serving
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 200);
}

TEST_P(ServerTest, ComparesAResubmissionsFindingsWithTheEarlierOnes) {
  auto demo = service_->Demo();
  ASSERT_NE(demo, nullptr);
  nlohmann::json first = UploadSample(*demo);
  ASSERT_TRUE(first.is_object());
  std::string first_url = first["url"];

  // The same file again: every finding unchanged.
  nlohmann::json same = UploadSample(*demo);
  ASSERT_TRUE(same.is_object());
  std::string same_url = same["url"];
  auto res = demo->Get(same_url + "/comparison");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  nlohmann::json c = nlohmann::json::parse(res->body);
  EXPECT_EQ(c["before"]["id"], first["id"]);
  EXPECT_EQ(c["after"]["id"], same["id"]);
  EXPECT_EQ(c["unchanged"], first["findings"]);
  EXPECT_EQ(c["new"], 0);
  EXPECT_EQ(c["fixed"], 0);

  // A resubmission with one referral's source of referral made invalid: new findings, and the
  // same ones are "fixed" when the comparison is turned round.
  std::filesystem::path changed = service_->dir() / "changed.sqlite";
  std::ofstream(changed, std::ios::binary) << sample_;
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(changed.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "UPDATE MHS101Referral SET SourceOfReferralMH = 'Q9' "
                         "WHERE ServiceRequestID = 'SR1001'",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto upload = demo->Upload("RX1", "mhsds", "2026-10", testing::ReadWholeFile(changed));
  ASSERT_TRUE(upload);
  ASSERT_EQ(upload->status, 202) << upload->body;
  nlohmann::json third = demo->WaitForValidation(nlohmann::json::parse(upload->body)["url"]);
  ASSERT_TRUE(third.is_object());
  std::string third_url = third["url"];
  res = demo->Get(third_url + "/comparison");  // against the latest earlier one: `same`
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  c = nlohmann::json::parse(res->body);
  EXPECT_EQ(c["before"]["id"], same["id"]);
  ASSERT_GT(c["new"].get<int64_t>(), 0) << c.dump();
  int64_t added = c["new"];
  bool shows_the_referral = false;
  for (const auto& rule : c["rules"]) {
    for (const auto& f : rule["new_examples"]) {
      shows_the_referral =
          shows_the_referral || f["keys"].get<std::string>().find("SR1001") != std::string::npos;
    }
  }
  EXPECT_TRUE(shows_the_referral) << c.dump();
  res = demo->Get(first_url + "/comparison?with=" + std::to_string(third["id"].get<int64_t>()));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(nlohmann::json::parse(res->body)["fixed"], added);

  // The web page shows the same table.
  auto page = demo->Get("/orgs/RX1/mhsds/submissions/" +
                        std::to_string(third["id"].get<int64_t>()) + "/comparison");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find(std::to_string(added) + " new"), std::string::npos) << page->body;

  // Nothing to compare the first with; a bad `with`; another organisation sees nothing.
  res = demo->Get(first_url + "/comparison");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  res = demo->Get(first_url + "/comparison?with=x");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  auto other = service_->Other();
  ASSERT_NE(other, nullptr);
  for (const std::string& url : {third_url + "/comparison",
                                 "/orgs/RX1/mhsds/submissions/" +
                                     std::to_string(third["id"].get<int64_t>()) + "/comparison"}) {
    auto refused = other->Get(url);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 404) << url;
    EXPECT_EQ(refused->body.find("SR1001"), std::string::npos);
  }
}

TEST_P(ServerTest, SignInNeedsTheRightCodeAndLocksAfterRepeatedFailures) {
  TestClient anonymous(service_->port());
  auto me = anonymous.Get("/api/v1/me");
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 401);
  service_->Advance(account::kTotpStepSeconds);
  // The right password with another account's code.
  EXPECT_FALSE(
      anonymous.SignIn("demo", testing::kDemoPassword, testing::kOtherKey, service_->now()));
  for (int i = 0; i < 5; ++i) {
    EXPECT_FALSE(
        anonymous.SignIn("demo", "wrong-password-000", testing::kDemoKey, service_->now()));
  }
  nlohmann::json body = {{"username", "demo"},
                         {"password", testing::kDemoPassword},
                         {"code", account::TotpCode(testing::kDemoKey, service_->now())}};
  auto locked = anonymous.http().Post("/api/v1/session", body.dump(), "application/json");
  ASSERT_TRUE(locked);
  EXPECT_EQ(locked->status, 429);
  EXPECT_FALSE(locked->get_header_value("Retry-After").empty());
}

TEST_P(ServerTest, TheWebPagesSignInUploadAndShowTheReport) {
  httplib::Client browser("127.0.0.1", service_->port());
  auto form = browser.Get("/sign-in");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 200);
  EXPECT_NE(form->get_header_value("Content-Security-Policy").find("default-src 'none'"),
            std::string::npos);
  EXPECT_EQ(form->get_header_value("X-Frame-Options"), "DENY");
  auto home = browser.Get("/");
  ASSERT_TRUE(home);
  EXPECT_EQ(home->status, 303);
  EXPECT_EQ(home->get_header_value("Location"), "/sign-in");

  service_->Advance(account::kTotpStepSeconds);
  httplib::Params fields = {{"username", "demo"},
                            {"password", testing::kDemoPassword},
                            {"code", account::TotpCode(testing::kDemoKey, service_->now())}};
  auto signed_in = browser.Post("/sign-in", fields);
  ASSERT_TRUE(signed_in);
  ASSERT_EQ(signed_in->status, 303) << signed_in->body;
  std::string set_cookie = signed_in->get_header_value("Set-Cookie");
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set_cookie.find("Secure"), std::string::npos);
  EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos);
  httplib::Headers cookie = {{"Cookie", "mhds_session=" + TestClient::CookieValue(set_cookie)}};

  auto page = browser.Get("/orgs/RX1/mhsds", cookie);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  std::string marker = "name=\"csrf\" value=\"";
  size_t at = page->body.find(marker);
  ASSERT_NE(at, std::string::npos);
  std::string csrf = page->body.substr(at + marker.size(), 64);
  EXPECT_NE(page->body.find("enctype=\"multipart/form-data\""), std::string::npos);

  httplib::MultipartFormDataItems upload = {
      {"csrf", csrf, "", ""},
      {"period", "2026-10", "", ""},
      {"file", sample_, "idb.sqlite", "application/x-sqlite3"}};
  auto sent = browser.Post("/orgs/RX1/mhsds/submissions", cookie, upload);
  ASSERT_TRUE(sent);
  ASSERT_EQ(sent->status, 303) << sent->body;
  std::string location = sent->get_header_value("Location");
  EXPECT_EQ(location.rfind("/orgs/RX1/mhsds/submissions/", 0), 0u);
  for (;;) {
    auto status = browser.Get(location, cookie);
    ASSERT_TRUE(status);
    ASSERT_EQ(status->status, 200);
    if (status->get_header_value("Refresh").empty()) {
      EXPECT_NE(status->body.find("report.html"), std::string::npos);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  auto report = browser.Get(location + "/files/report.html", cookie);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->status, 200);
  auto out = browser.Post("/sign-out", cookie, "csrf=" + csrf, "application/x-www-form-urlencoded");
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 303);
  auto after = browser.Get("/orgs/RX1/mhsds", cookie);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 303);  // back to the sign-in page
}

// Every page of the service, as each kind of person sees it, parses as HTML without a problem
// and has exactly one <main>.
TEST_P(ServerTest, EveryPageIsWellFormedHtmlWithOneMain) {
  auto demo = service_->Demo();
  ASSERT_NE(demo, nullptr);
  nlohmann::json first = UploadSample(*demo);
  nlohmann::json second = UploadSample(*demo);
  ASSERT_TRUE(first.is_object() && second.is_object());
  auto token = demo->http().Post(
      "/api/v1/tokens", demo->Headers(),
      nlohmann::json({{"org", "RX1"}, {"dataset", "mhsds"}, {"label", "a <script>"}}).dump(),
      "application/json");
  ASSERT_TRUE(token);
  ASSERT_EQ(token->status, 201);
  auto viewer = service_->Viewer();
  ASSERT_NE(viewer, nullptr);
  auto asked = viewer->http().Post("/api/v1/access-requests", viewer->Headers(),
                                   nlohmann::json({{"org", "RX1"},
                                                   {"dataset", "iapt"},
                                                   {"role", "viewer"},
                                                   {"purpose", "5 < 6 & \"quotes\""}})
                                       .dump(),
                                   "application/json");
  ASSERT_TRUE(asked);
  ASSERT_EQ(asked->status, 201);
  std::string submission =
      "/orgs/RX1/mhsds/submissions/" + std::to_string(second["id"].get<int64_t>());
  auto siro = service_->Siro();
  auto op = service_->Operator();
  ASSERT_TRUE(siro && op);
  TestClient anonymous(service_->port());
  const std::vector<std::pair<TestClient*, std::string>> pages = {
      {&anonymous, "/sign-in"},
      {demo.get(), "/"},
      {demo.get(), "/orgs/RX1/mhsds"},
      {demo.get(), submission},
      {demo.get(), submission + "/comparison"},
      {demo.get(), "/orgs/RX1/mhsds/submissions/999999"},  // the error page
      {demo.get(), "/access"},
      {demo.get(), "/tokens"},
      {viewer.get(), "/access"},
      {siro.get(), "/access/orgs/RX1"},
      {op.get(), "/admin/access"},
      {op.get(), "/"},  // no grants: the way to ask
  };
  for (const auto& [client, path] : pages) {
    auto res = client->Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8") << path;
    testing::HtmlCheck check = testing::CheckHtml(res->body);
    EXPECT_EQ(check.main_elements, 1) << path;
    for (const std::string& problem : check.problems) ADD_FAILURE() << path << " " << problem;
  }
  // The checker sees what it is for.
  EXPECT_EQ(
      testing::CheckHtml("<html><body><main></main><main></main></body></html>").main_elements, 2);
  EXPECT_FALSE(testing::CheckHtml("<html><body><p>a</div></body></html>").problems.empty());
}

MHDS_INSTANTIATE_STORE_TEST(ServerTest);

}  // namespace
}  // namespace mhds::serve
