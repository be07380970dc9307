// For tests of the landing service over real HTTP: a Server on an ephemeral loopback port with
// its own data folder, the bundled specs, a settable clock and two organisations (RX1 with the
// demo user, RY2 with another), a small cookie-aware client, and the bundled MHSDS sample turned
// into a SQLite IDB. Header-only and free of GoogleTest.
#pragma once

#include <httplib.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>

#include "mhds/account/totp.h"
#include "mhds/base/calendar.h"
#include "mhds/base/csv_document.h"
#include "mhds/base/status_macros.h"
#include "mhds/serve/demo_seed.h"
#include "mhds/serve/server.h"

namespace mhds::serve::testing {

inline constexpr char kDemoPassword[] = "demo-password-0001";
inline constexpr char kDemoKey[] = "12345678901234567890";
inline constexpr char kOtherPassword[] = "other-password-0002";
inline constexpr char kOtherKey[] = "09876543210987654321";
inline constexpr char kViewerPassword[] = "viewer-password-003";
inline constexpr char kViewerKey[] = "abcdefghijabcdefghij";
inline constexpr char kSiroPassword[] = "siro-password-00004";  // RX1's SIRO
inline constexpr char kSiroKey[] = "siro-key-0123456789a";
inline constexpr char kOtherSiroPassword[] = "other-siro-pass-005";  // RY2's SIRO
inline constexpr char kOtherSiroKey[] = "other-siro-key-01234";
inline constexpr char kOperatorPassword[] = "operator-pass-00006";  // a platform operator
inline constexpr char kOperatorKey[] = "operator-key-0123456";

// 127.0.0.1 on a free port chosen by the system.
inline ListenAddress LoopbackAnyPort() {
  ListenAddress address;
  address.port = 0;
  return address;
}

// Writes every CSV file of `csv_folder` as a table of text columns in a new SQLite file.
inline Status MakeSqliteIdb(const std::filesystem::path& csv_folder,
                            const std::filesystem::path& out) {
  sqlite3* db = nullptr;
  if (sqlite3_open(out.c_str(), &db) != SQLITE_OK) {
    sqlite3_close(db);
    return Status::IoError("cannot create " + out.string());
  }
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> closer(db, sqlite3_close);
  auto exec = [db](const std::string& sql) -> Status {
    char* error = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error ? error : "?";
      sqlite3_free(error);
      return Status::IoError(message + " in " + sql);
    }
    return Status::Ok();
  };
  auto quote = [](const std::string& name) { return "\"" + name + "\""; };
  MHDS_RETURN_IF_ERROR(exec("BEGIN"));
  for (const auto& entry : std::filesystem::directory_iterator(csv_folder)) {
    if (entry.path().extension() != ".csv") continue;
    MHDS_ASSIGN_OR_RETURN(CsvDocument doc, CsvDocument::ReadFile(entry.path().string()));
    std::string table = entry.path().stem().string();
    std::string create = "CREATE TABLE " + quote(table) + " (";
    std::string insert = "INSERT INTO " + quote(table) + " VALUES (";
    for (size_t c = 0; c < doc.header().size(); ++c) {
      create += (c ? ", " : "") + quote(doc.header()[c]) + " TEXT";
      insert += c ? ", ?" : "?";
    }
    MHDS_RETURN_IF_ERROR(exec(create + ")"));
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, (insert + ")").c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      return Status::IoError("cannot prepare an insert into " + table);
    }
    for (const auto& row : doc.rows()) {
      for (size_t c = 0; c < row.fields.size(); ++c) {
        const std::string& v = row.fields[c];
        if (v.empty()) {
          sqlite3_bind_null(stmt, static_cast<int>(c + 1));
        } else {
          sqlite3_bind_text(stmt, static_cast<int>(c + 1), v.c_str(), static_cast<int>(v.size()),
                            SQLITE_TRANSIENT);
        }
      }
      sqlite3_step(stmt);
      sqlite3_reset(stmt);
    }
    sqlite3_finalize(stmt);
  }
  return exec("COMMIT");
}

inline std::string ReadWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

// One person's view of the service: their session cookie and CSRF token, or an API token.
class TestClient {
 public:
  explicit TestClient(int port) : http_("127.0.0.1", port) {}

  // Signs in through the API with the TOTP code of `key` at `now`. True on 200.
  bool SignIn(const std::string& username, const std::string& password, const std::string& key,
              int64_t now) {
    nlohmann::json body = {
        {"username", username}, {"password", password}, {"code", account::TotpCode(key, now)}};
    auto res = http_.Post("/api/v1/session", body.dump(), "application/json");
    if (!res || res->status != 200) return false;
    session_ = CookieValue(res->get_header_value("Set-Cookie"));
    csrf_ = nlohmann::json::parse(res->body)["csrf_token"].get<std::string>();
    return !session_.empty();
  }

  static std::string CookieValue(const std::string& set_cookie) {
    std::string prefix = "mhds_session=";
    if (set_cookie.rfind(prefix, 0) != 0) return "";
    return set_cookie.substr(prefix.size(), set_cookie.find(';') - prefix.size());
  }

  httplib::Headers Headers(bool with_csrf = true) const {
    httplib::Headers headers;
    if (!session_.empty()) headers.emplace("Cookie", "mhds_session=" + session_);
    if (with_csrf && !csrf_.empty()) headers.emplace("X-CSRF-Token", csrf_);
    return headers;
  }

  httplib::Result Get(const std::string& path) { return http_.Get(path, Headers()); }

  httplib::Result Upload(const std::string& org, const std::string& dataset,
                         const std::string& period, const std::string& content, bool test = false,
                         bool with_csrf = true) {
    return http_.Post("/api/v1/orgs/" + org + "/datasets/" + dataset +
                          "/submissions?period=" + period + (test ? "&test=1" : ""),
                      Headers(with_csrf), content, "application/octet-stream");
  }

  // Polls the submission until validation has finished; returns its JSON.
  nlohmann::json WaitForValidation(const std::string& url) {
    for (;;) {
      auto res = Get(url);
      if (!res || res->status != 200) return nullptr;
      nlohmann::json s = nlohmann::json::parse(res->body);
      std::string status = s["status"];
      if (status != "received" && status != "validating") return s;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  httplib::Client& http() { return http_; }
  const std::string& session() const { return session_; }
  const std::string& csrf() const { return csrf_; }
  // Takes over another client's session (the same browser after the server restarted).
  void ShareSession(const TestClient& other) {
    session_ = other.session_;
    csrf_ = other.csrf_;
  }

 private:
  httplib::Client http_;
  std::string session_;
  std::string csrf_;
};

// The service under test.
class TestService {
 public:
  // 2026-11-05T10:00:00Z: inside the November 2026 window for October 2026.
  static constexpr int64_t kStart = 1793872800;

  static Result<std::unique_ptr<TestService>> Start(const std::string& store_url,
                                                    int worker_threads = 2) {
    std::unique_ptr<TestService> t(new TestService());
    std::string pattern = std::filesystem::temp_directory_path().string() + "/mhds_serve_XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) return Status::IoError("mkdtemp failed");
    t->dir_ = pattern;
    ServiceOptions options;
    options.store_url = store_url;
    options.paths.data = t->dir_ / "data";
    options.paths.specs = std::filesystem::path(MHDS_SOURCE_DIR) / "specs";
    options.worker_threads = worker_threads;
    options.accounts.password_cost = account::PasswordCost::kTest;
    TestService* raw = t.get();
    options.clock = [raw] { return raw->now_.load(); };
    MHDS_ASSIGN_OR_RETURN(t->server_, Server::Create(std::move(options), LoopbackAnyPort()));
    MHDS_RETURN_IF_ERROR(t->Seed());
    Server* server = t->server_.get();
    t->thread_ = std::thread([server] { (void)server->Run(); });
    return t;
  }

  ~TestService() {
    server_->Stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  int port() const { return server_->port(); }
  int64_t now() const { return now_.load(); }
  // Moves the clock on; each sign-in of one user needs a fresh 30-second TOTP step.
  void Advance(int64_t seconds) { now_ += seconds; }
  void SetNow(int64_t unix_seconds) { now_ = unix_seconds; }
  const std::filesystem::path& dir() const { return dir_; }
  Server& server() { return *server_; }

  std::unique_ptr<TestClient> SignedIn(const std::string& username, const std::string& password,
                                       const std::string& key) {
    Advance(account::kTotpStepSeconds);
    auto client = std::make_unique<TestClient>(port());
    if (!client->SignIn(username, password, key, now())) return nullptr;
    return client;
  }
  std::unique_ptr<TestClient> Demo() { return SignedIn("demo", kDemoPassword, kDemoKey); }
  std::unique_ptr<TestClient> Other() { return SignedIn("other", kOtherPassword, kOtherKey); }
  std::unique_ptr<TestClient> Viewer() { return SignedIn("viewer", kViewerPassword, kViewerKey); }
  std::unique_ptr<TestClient> Siro() { return SignedIn("siro", kSiroPassword, kSiroKey); }
  std::unique_ptr<TestClient> OtherSiro() {
    return SignedIn("othersiro", kOtherSiroPassword, kOtherSiroKey);
  }
  std::unique_ptr<TestClient> Operator() {
    return SignedIn("operator", kOperatorPassword, kOperatorKey);
  }

  // The bundled MHSDS sample as a SQLite IDB (made once per service).
  Result<std::string> SampleIdb() {
    std::filesystem::path path = dir_ / "sample.sqlite";
    if (!std::filesystem::exists(path)) {
      MHDS_RETURN_IF_ERROR(MakeSqliteIdb(
          std::filesystem::path(MHDS_SOURCE_DIR) / "examples/mhsds-6.0-sample", path));
    }
    return ReadWholeFile(path);
  }

 private:
  TestService() = default;

  Status Seed() {
    MHDS_ASSIGN_OR_RETURN(auto db, server_->service().pool().Acquire());
    account::Accounts accounts = server_->service().AccountsOn(*db);
    DemoOptions demo;
    demo.password = kDemoPassword;
    demo.totp_key = kDemoKey;
    MHDS_ASSIGN_OR_RETURN(auto seeded, SeedDemo(accounts, demo));
    if (!seeded) return Status::Internal("the demo account was not created");
    MHDS_RETURN_IF_ERROR(
        accounts.CreateOrganisation("RY2", "Other Trust", {account::OrgRole::kProvider}).status());
    account::NewUserSpec other;
    other.org_ods = "RY2";
    other.username = "other";
    other.display_name = "Other submitter";
    other.password = kOtherPassword;
    other.totp_key = kOtherKey;
    MHDS_RETURN_IF_ERROR(accounts.CreateUser(other).status());
    MHDS_RETURN_IF_ERROR(
        accounts
            .GrantRole("other", "RY2", account::kAllDatasets, account::UserRole::kSubmitter, "test")
            .status());
    account::NewUserSpec viewer;
    viewer.org_ods = "RX1";
    viewer.username = "viewer";
    viewer.display_name = "RX1 viewer";
    viewer.password = kViewerPassword;
    viewer.totp_key = kViewerKey;
    MHDS_RETURN_IF_ERROR(accounts.CreateUser(viewer).status());
    MHDS_RETURN_IF_ERROR(
        accounts.GrantRole("viewer", "RX1", "mhsds", account::UserRole::kViewer, "test").status());
    MHDS_RETURN_IF_ERROR(AddUser(accounts, "RX1", "siro", kSiroPassword, kSiroKey, false));
    MHDS_RETURN_IF_ERROR(
        accounts.GrantRole("siro", "RX1", account::kAllDatasets, account::UserRole::kSiro, "test")
            .status());
    MHDS_RETURN_IF_ERROR(
        AddUser(accounts, "RY2", "othersiro", kOtherSiroPassword, kOtherSiroKey, false));
    MHDS_RETURN_IF_ERROR(
        accounts
            .GrantRole("othersiro", "RY2", account::kAllDatasets, account::UserRole::kSiro, "test")
            .status());
    return AddUser(accounts, "RY2", "operator", kOperatorPassword, kOperatorKey, true);
  }

  static Status AddUser(account::Accounts& accounts, const std::string& org,
                        const std::string& username, const std::string& password,
                        const std::string& key, bool is_operator) {
    account::NewUserSpec spec;
    spec.org_ods = org;
    spec.username = username;
    spec.display_name = username;
    spec.password = password;
    spec.totp_key = key;
    spec.is_operator = is_operator;
    return accounts.CreateUser(spec).status();
  }

  std::filesystem::path dir_;
  std::atomic<int64_t> now_{kStart};
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

}  // namespace mhds::serve::testing
