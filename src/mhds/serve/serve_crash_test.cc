// Crash test: the server is a child process killed with SIGKILL in the middle of an upload, after
// an upload but before its validation, and in the middle of a validation; restarted on the same
// store and data folder, it must have lost nothing it had accepted and finish every job.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>

#include "mhds/report/report_files.h"
#include "mhds/serve/job_queue.h"
#include "mhds/serve/schema.h"
#include "mhds/serve/server.h"
#include "mhds/serve/testing/test_service.h"
#include "mhds/store/store.h"

namespace mhds::serve {
namespace {

using testing::TestClient;
using testing::TestService;

// The service clock: TestService::kStart plus the real seconds since the test began, shared by
// this process and its children, so that leases run out as real time passes.
int64_t ServiceNow() {
  static const auto started = std::chrono::steady_clock::now();
  return TestService::kStart + std::chrono::duration_cast<std::chrono::seconds>(
                                   std::chrono::steady_clock::now() - started)
                                   .count();
}

constexpr int64_t kLeaseSeconds = 2;

class CrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServiceNow();  // fix the clock's origin before any child exists
    std::string pattern = ::testing::TempDir() + "mhds_crash_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    url_ = "sqlite:" + (dir_ / "store.db").string();
    auto db = store::Connect(url_);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    ASSERT_TRUE(MigrateStore(**db).ok());
    account::AccountOptions options;
    options.password_cost = account::PasswordCost::kTest;
    options.clock = ServiceNow;
    account::Accounts accounts(**db, options);
    DemoOptions demo;
    demo.password = testing::kDemoPassword;
    demo.totp_key = testing::kDemoKey;
    auto seeded = SeedDemo(accounts, demo);
    ASSERT_TRUE(seeded.ok() && seeded->has_value());
  }
  void TearDown() override {
    Kill();
    std::filesystem::remove_all(dir_);
  }

  // Starts the server in a child process; returns its port (0 on failure).
  int StartServer(int worker_threads) {
    int fds[2];
    if (pipe(fds) != 0) return 0;
    pid_ = fork();
    if (pid_ == 0) {
      close(fds[0]);
      ServiceOptions options;
      options.store_url = url_;
      options.paths.data = dir_ / "data";
      options.paths.specs = std::filesystem::path(MHDS_SOURCE_DIR) / "specs";
      options.worker_threads = worker_threads;
      options.job_lease_seconds = kLeaseSeconds;
      options.accounts.password_cost = account::PasswordCost::kTest;
      options.clock = ServiceNow;
      auto server = Server::Create(std::move(options), testing::LoopbackAnyPort());
      int port = server.ok() ? (*server)->port() : 0;
      if (write(fds[1], &port, sizeof port) != sizeof port || port == 0) _exit(1);
      close(fds[1]);
      (void)(*server)->Run();
      _exit(0);
    }
    close(fds[1]);
    int port = 0;
    if (read(fds[0], &port, sizeof port) != sizeof port) port = 0;
    close(fds[0]);
    return port;
  }

  void Kill() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  nlohmann::json Submission(TestClient& client, const std::string& url) {
    auto res = client.Get(url);
    if (!res || res->status != 200) return nullptr;
    return nlohmann::json::parse(res->body);
  }

  QueueCounts Jobs() {
    auto db = store::Connect(url_);
    EXPECT_TRUE(db.ok());
    auto counts = CountJobs(**db);
    EXPECT_TRUE(counts.ok());
    return counts.ok() ? *counts : QueueCounts{};
  }

  std::filesystem::path dir_;
  std::string url_;
  pid_t pid_ = -1;
};

// Sends the headers and the first half of an upload on a raw socket, and leaves it hanging.
int StartHalfUpload(int port, const std::string& session, const std::string& csrf,
                    const std::string& body) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return -1;
  std::string request =
      "POST /api/v1/orgs/RX1/datasets/mhsds/submissions?period=2026-10 HTTP/1.1\r\n"
      "Host: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
      "Cookie: mhds_session=" +
      session + "\r\nX-CSRF-Token: " + csrf + "\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\n\r\n" + body.substr(0, body.size() / 2);
  if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(request.size())) {
    close(fd);
    return -1;
  }
  return fd;
}

// The sample, made large enough (its care contacts doubled over and over: duplicate keys, so a
// flood of findings) that validating it takes a while.
std::string LargeSample(const std::filesystem::path& dir) {
  std::filesystem::path path = dir / "large.sqlite";
  EXPECT_TRUE(testing::MakeSqliteIdb(
                  std::filesystem::path(MHDS_SOURCE_DIR) / "examples/mhsds-6.0-sample", path)
                  .ok());
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  for (int i = 0; i < 10; ++i) {
    sqlite3_exec(db, "INSERT INTO MHS201CareContact SELECT * FROM MHS201CareContact", nullptr,
                 nullptr, nullptr);
  }
  sqlite3_close(db);
  return testing::ReadWholeFile(path);
}

TEST_F(CrashTest, NothingAcceptedIsLostAndEveryJobFinishesAfterSigkill) {
  std::string sample = LargeSample(dir_);
  ASSERT_GT(sample.size(), 1u << 20);  // several MB

  // 1. Killed in the middle of an upload: nothing of it is recorded.
  int port = StartServer(/*worker_threads=*/0);
  ASSERT_GT(port, 0);
  TestClient client(port);
  ASSERT_TRUE(client.SignIn("demo", testing::kDemoPassword, testing::kDemoKey, ServiceNow()));
  int hanging = StartHalfUpload(port, client.session(), client.csrf(), sample);
  ASSERT_GE(hanging, 0);
  // Wait until the server has begun writing the upload's temporary file.
  for (bool writing = false; !writing;) {
    for (const auto& entry : std::filesystem::directory_iterator(dir_ / "data" / "uploads")) {
      writing = writing || entry.path().filename().string().starts_with("upload.tmp-");
    }
    if (!writing) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  Kill();
  close(hanging);

  // 2. Killed after accepting an upload, before any worker ran (this server has none).
  port = StartServer(/*worker_threads=*/0);
  ASSERT_GT(port, 0);
  TestClient second(port);
  second.ShareSession(client);  // sessions live in the store: still signed in
  auto history = second.Get("/api/v1/orgs/RX1/datasets/mhsds/submissions");
  ASSERT_TRUE(history);
  ASSERT_EQ(history->status, 200) << history->body;
  EXPECT_TRUE(nlohmann::json::parse(history->body)["submissions"].empty());
  for (const auto& entry : std::filesystem::directory_iterator(dir_ / "data" / "uploads")) {
    // Nothing under a final name, and the interrupted upload's temporary file was removed at
    // startup: its writer has ended.
    ADD_FAILURE() << "left in uploads/: " << entry.path();
  }
  TestClient uploader(port);
  ASSERT_TRUE(uploader.SignIn("demo", testing::kDemoPassword, testing::kDemoKey,
                              ServiceNow() + account::kTotpStepSeconds));
  auto pending = uploader.Upload("RX1", "mhsds", "2026-10", sample);
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->status, 202) << pending->body;
  std::string pending_url = nlohmann::json::parse(pending->body)["url"];
  Kill();

  // 3. Killed in the middle of a validation: the restarted server's workers finish the pending
  // job, and a second upload is killed while it is validated.
  port = StartServer(/*worker_threads=*/1);
  ASSERT_GT(port, 0);
  TestClient third(port);
  third.ShareSession(uploader);
  nlohmann::json first_done = third.WaitForValidation(pending_url);
  ASSERT_TRUE(first_done.is_object());
  EXPECT_TRUE(first_done["report"].is_object()) << first_done.dump();
  auto again = third.Upload("RX1", "mhsds", "2026-10", sample);
  ASSERT_TRUE(again);
  ASSERT_EQ(again->status, 202) << again->body;
  std::string again_url = nlohmann::json::parse(again->body)["url"];
  for (;;) {
    nlohmann::json s = Submission(third, again_url);
    ASSERT_TRUE(s.is_object());
    if (s["status"] == "validating") break;
    ASSERT_EQ(s["status"], "received")
        << "validation ended before the kill: make the sample larger";
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  Kill();
  QueueCounts stranded = Jobs();
  EXPECT_EQ(stranded.running, 1);

  // 4. Restarted: the dead worker's job is taken over once its lease runs out, and finishes.
  port = StartServer(/*worker_threads=*/1);
  ASSERT_GT(port, 0);
  TestClient fourth(port);
  fourth.ShareSession(uploader);
  nlohmann::json second_done = fourth.WaitForValidation(again_url);
  ASSERT_TRUE(second_done.is_object());
  EXPECT_TRUE(second_done["report"].is_object()) << second_done.dump();
  EXPECT_EQ(second_done["status"], first_done["status"]);
  EXPECT_EQ(second_done["findings"], first_done["findings"]);
  EXPECT_EQ(second_done["sha256"], first_done["sha256"]);
  QueueCounts after = Jobs();
  EXPECT_EQ(after.done, 2);
  EXPECT_EQ(after.pending + after.running + after.failed, 0);
  auto all = fourth.Get("/api/v1/orgs/RX1/datasets/mhsds/submissions");
  ASSERT_TRUE(all);
  EXPECT_EQ(nlohmann::json::parse(all->body)["submissions"].size(), 2u);
}

}  // namespace
}  // namespace mhds::serve
