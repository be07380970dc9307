#include "mhds/store/testing/postgres_cluster.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

#include "mhds/base/status_macros.h"
#include "mhds/store/store.h"

namespace mhds::store::testing {

namespace {

constexpr char kRunuser[] = "/usr/sbin/runuser";
constexpr char kServerUser[] = "postgres";

// Runs argv (no shell) with standard output and error appended to `log`; returns the exit status
// or -1 when it could not start.
int Run(const std::vector<std::string>& argv, const std::string& log) {
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
    }
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string Tail(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  std::string text = s.str();
  constexpr size_t kMax = 2000;
  return text.size() > kMax ? "..." + text.substr(text.size() - kMax) : text;
}

// A port nobody listens on now (the kernel's choice for port 0). Another process could take it
// before the server binds; Start() then fails with the server's log.
int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  int port = -1;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

}  // namespace

Result<std::unique_ptr<PostgresCluster>> PostgresCluster::Start(const std::string& bin_dir) {
  std::unique_ptr<PostgresCluster> cluster(new PostgresCluster());
  cluster->bin_dir_ = bin_dir;
  for (const char* tool : {"initdb", "pg_ctl"}) {
    if (access((bin_dir + "/" + tool).c_str(), X_OK) != 0) {
      return Status::IoError("PostgreSQL's " + std::string(tool) + " is not in " + bin_dir +
                             " (scripts/setup --deps installs postgresql)");
    }
  }
  const char* tmp = getenv("TMPDIR");
  std::string pattern =
      std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/mhds_pg_XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    return Status::IoError("cannot create a folder for PostgreSQL: " + pattern + ": " +
                           std::strerror(errno));
  }
  cluster->dir_ = pattern;
  if (geteuid() == 0) {
    passwd* pw = getpwnam(kServerUser);
    if (pw == nullptr) {
      return Status::IoError("running as root, but there is no 'postgres' user to run initdb as");
    }
    if (chown(cluster->dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      return Status::IoError("cannot give " + cluster->dir_ +
                             " to the postgres user: " + std::strerror(errno));
    }
    cluster->as_postgres_user_ = true;
  }
  auto command = [&](std::vector<std::string> argv) {
    if (cluster->as_postgres_user_) {
      argv.insert(argv.begin(), {kRunuser, "-u", kServerUser, "--"});
    }
    return argv;
  };
  const std::string data = cluster->dir_ + "/data";
  const std::string log = cluster->dir_ + "/setup.log";
  if (Run(command({bin_dir + "/initdb", "-D", data, "-A", "trust", "-U", kServerUser, "--no-sync",
                   "-E", "UTF8", "--locale=C"}),
          log) != 0) {
    return Status::IoError("initdb failed: " + Tail(log));
  }
  cluster->port_ = FreePort();
  if (cluster->port_ <= 0) return Status::IoError("no free TCP port on 127.0.0.1");
  // fsync off: a test cluster need not survive a power cut, and it saves seconds per test.
  std::string server_options = "-k " + cluster->dir_ + " -p " + std::to_string(cluster->port_) +
                               " -c listen_addresses=127.0.0.1 -c fsync=off";
  if (Run(command({bin_dir + "/pg_ctl", "-D", data, "-o", server_options, "-l",
                   cluster->dir_ + "/server.log", "-w", "-s", "start"}),
          log) != 0) {
    return Status::IoError("pg_ctl start failed: " + Tail(log) +
                           Tail(cluster->dir_ + "/server.log"));
  }
  cluster->running_ = true;
  MHDS_RETURN_IF_ERROR(cluster->CreateDatabase("mhds").status());
  return cluster;
}

PostgresCluster::~PostgresCluster() {
  if (running_) {
    std::vector<std::string> argv = {bin_dir_ + "/pg_ctl", "-D", dir_ + "/data", "-m",
                                     "immediate",          "-w", "-s",           "stop"};
    if (as_postgres_user_) argv.insert(argv.begin(), {kRunuser, "-u", kServerUser, "--"});
    Run(argv, "/dev/null");
  }
  if (!dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

std::string PostgresCluster::Url(const std::string& database) const {
  return "postgresql:///" + database + "?host=" + dir_ + "&port=" + std::to_string(port_) +
         "&user=" + kServerUser;
}

Result<std::string> PostgresCluster::CreateDatabase(const std::string& name) {
  return CreateTestDatabase(Url("postgres"), name);
}

namespace {

Status CheckDatabaseName(const std::string& name) {
  if (name.empty() ||
      name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
    return Status::InvalidArgument("database name '" + name + "' is not [a-z0-9_]+");
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> CreateTestDatabase(const std::string& admin_url, const std::string& name) {
  MHDS_RETURN_IF_ERROR(CheckDatabaseName(name));
  MHDS_ASSIGN_OR_RETURN(auto admin, Connect(admin_url));
  // An identifier cannot be a bound value; the name was checked above.
  MHDS_RETURN_IF_ERROR(admin->ExecScript("CREATE DATABASE " + name));
  return admin_url + (admin_url.find('?') == std::string::npos ? "?" : "&") + "dbname=" + name;
}

Status DropTestDatabase(const std::string& admin_url, const std::string& name) {
  MHDS_RETURN_IF_ERROR(CheckDatabaseName(name));
  MHDS_ASSIGN_OR_RETURN(auto admin, Connect(admin_url));
  return admin->ExecScript("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
}

}  // namespace mhds::store::testing
