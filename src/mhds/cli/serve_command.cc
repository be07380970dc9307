// `mhds serve`: the landing service (serve/server.h): the JSON API and web pages with validation
// workers, or with --worker only the workers, sharing the store with the servers.
#include <pthread.h>
#include <signal.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <iostream>
#include <mutex>
#include <thread>

#include "mhds/account/sealed_totp_key.h"
#include "mhds/base/calendar.h"
#include "mhds/cli/command_failure.h"
#include "mhds/cli/commands.h"
#include "mhds/cli/exit_codes.h"
#include "mhds/cli/spec_locator.h"
#include "mhds/derive/person_key.h"
#include "mhds/serve/demo_seed.h"
#include "mhds/serve/server.h"
#include "mhds/store/store.h"

namespace mhds::cli {
namespace {

struct ServeArgs {
  std::string store = "sqlite:mhds.db";
  std::string data = "mhds-data";
  std::string listen = "127.0.0.1:8080";
  std::string specs;
  std::string tls_cert;
  std::string tls_key;
  std::string person_key;
  std::string totp_key_file;  // seals TOTP keys at rest when set
  std::string clock_start;    // CCYY-MM-DDThh:mm:ss[Z]: the service's clock starts there
  int workers = 2;
  int64_t job_lease = 300;
  bool worker_only = false;
  bool demo = false;
};

void LogLine(const std::string& line) {
  static std::mutex mu;
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  std::lock_guard lock(mu);
  std::cerr << FormatDateTime(now) << "Z " << line << "\n";
}

// Blocks SIGINT and SIGTERM in every thread started after this, and calls `stop` from a thread
// of its own when one arrives.
std::thread StopOnSignal(std::function<void()> stop) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return std::thread([signals, stop = std::move(stop)] {
    int received = 0;
    sigwait(&signals, &received);
    LogLine(std::string("stopping on ") + (received == SIGINT ? "SIGINT" : "SIGTERM"));
    stop();
  });
}

int RunServe(const ServeArgs& args) {
  serve::ServiceOptions options;
  options.store_url = args.store;
  options.paths.data = args.data;
  options.paths.specs = args.specs.empty() ? FindSpecsRoot() : std::filesystem::path(args.specs);
  options.worker_threads = args.workers;
  options.job_lease_seconds = args.job_lease;
  options.log = LogLine;
  if (!args.person_key.empty()) {
    auto key = derive::PersonKey::ReadFile(args.person_key);
    if (!key.ok()) return Fail("serve", key.status());
    options.person_key = std::make_shared<const derive::PersonKey>(std::move(key).value());
  }
  if (!args.totp_key_file.empty()) {
    auto seal = account::ReadTotpSealKey(args.totp_key_file);
    if (!seal.ok()) return Fail("serve", seal.status());
    options.accounts.totp_seal_key = *seal;
  }
  if (!args.clock_start.empty()) {
    std::string_view text = args.clock_start;
    if (text.ends_with('Z')) text.remove_suffix(1);
    auto start = ParseDateTime(text);
    if (!start) {
      return Fail("serve", Status::InvalidArgument("--clock-start '" + args.clock_start +
                                                   "' is not a time CCYY-MM-DDThh:mm:ssZ"));
    }
    // The clock runs at the real pace from the given instant, so that TOTP steps, sessions and
    // leases behave as usual while windows and dates are those of that day.
    auto launched = std::chrono::steady_clock::now();
    options.clock = [start = *start, launched] {
      return start + std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::steady_clock::now() - launched)
                         .count();
    };
  }
  if (options.paths.specs.empty()) {
    return Fail("serve", Status::NotFound("no specs folder found: give --specs DIR"));
  }
  auto address = serve::ParseListenAddress(args.listen);
  if (!address.ok()) return Fail("serve", address.status());
  if (args.tls_cert.empty() != args.tls_key.empty()) {
    return Fail("serve", Status::InvalidArgument("give both --tls-cert and --tls-key, or neither"));
  }
  address->tls_cert = args.tls_cert;
  address->tls_key = args.tls_key;

  if (args.worker_only) {
    auto service = serve::Service::Create(options);
    if (!service.ok()) return Fail("serve", service.status());
    std::mutex mu;
    std::condition_variable stopped;
    bool stop = false;
    std::thread signal_thread = StopOnSignal([&] {
      std::lock_guard lock(mu);
      stop = true;
      stopped.notify_all();
    });
    (*service)->StartWorkers();
    LogLine("validation workers started (" + std::to_string(args.workers) + " threads) on " +
            store::RedactStoreUrl(args.store));
    {
      std::unique_lock lock(mu);
      stopped.wait(lock, [&] { return stop; });
    }
    (*service)->StopWorkers();
    signal_thread.join();
    return kExitAccepted;
  }

  auto server = serve::Server::Create(options, *address);
  if (!server.ok()) return Fail("serve", server.status());
  if (args.demo) {
    auto db = (*server)->service().pool().Acquire();
    if (!db.ok()) return Fail("serve", db.status());
    account::Accounts accounts = (*server)->service().AccountsOn(**db);
    auto demo = serve::SeedDemo(accounts);
    if (!demo.ok()) return Fail("serve", demo.status());
    if (demo->has_value()) {
      const serve::DemoAccount& d = **demo;
      std::cout << "Demo organisation " << d.org << ", user created. Shown once:\n"
                << "  username: " << d.username << "\n"
                << "  password: " << d.password << "\n"
                << "  TOTP secret: " << d.totp_base32 << "\n"
                << "  " << d.totp_uri << "\n"
                << "Add the secret to an authenticator app (or: oathtool --totp -b "
                << d.totp_base32 << ").\n";
    } else {
      std::cout << "The store already has organisations: no demo account created.\n";
    }
  }
  std::cout << "mhds serve: listening on " << (args.tls_cert.empty() ? "http" : "https") << "://"
            << address->host << ":" << (*server)->port() << "/ (store "
            << store::RedactStoreUrl(args.store) << ", data " << args.data << ")" << std::endl;
  serve::Server* raw = server->get();
  std::thread signal_thread = StopOnSignal([raw] { raw->Stop(); });
  Status run = raw->Run();
  raw->Stop();
  // Run() may end without a signal (a listener error): wake the signal thread so it can end.
  pthread_kill(signal_thread.native_handle(), SIGTERM);
  signal_thread.join();
  if (!run.ok()) return Fail("serve", run);
  return kExitAccepted;
}

}  // namespace

void RegisterServe(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "serve",
      "Run the landing service: organisations, two-factor sign-in, submission windows, uploads,\n"
      "asynchronous validation and DQ reports, over a JSON API (docs/api.md) and web pages.\n"
      "Stops on SIGINT or SIGTERM, letting running validations finish.\n"
      "Exit codes: 0 stopped cleanly, 64 bad usage, 65 malformed windows.csv, 66 no specs,\n"
      "70 internal error, 74 cannot listen, open the store or write the data folder.");
  cmd->add_option("--store", args->store,
                  "Store URL: sqlite:PATH (default sqlite:mhds.db) or postgresql://...")
      ->capture_default_str();
  cmd->add_option("--person-key", args->person_key,
                  "Secret key file for Person_ID in the history of accepted MHSDS uploads\n"
                  "(keyed HMAC-SHA256 of the NHS Number; never stored). Without it, blank");
  cmd->add_option("--data", args->data, "Folder for uploads and reports (created 0700)")
      ->capture_default_str();
  cmd->add_option("--listen", args->listen, "HOST:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  cmd->add_option("--tls-cert", args->tls_cert,
                  "PEM certificate chain: serve HTTPS (with --tls-key)");
  cmd->add_option("--tls-key", args->tls_key, "PEM private key of --tls-cert");
  cmd->add_option("--specs", args->specs, "Folder of spec folders (default: the bundled specs)");
  cmd->add_option("--workers", args->workers,
                  "Validation threads in this process (0: leave jobs to --worker processes)")
      ->capture_default_str();
  cmd->add_option("--job-lease", args->job_lease,
                  "Seconds a validation job stays with a worker that stops renewing it (a crashed\n"
                  "worker's job is taken over after this)")
      ->capture_default_str()
      ->check(CLI::Range(1, 86400));
  cmd->add_option("--totp-key", args->totp_key_file,
                  "File of 32 random bytes (head -c 32 /dev/urandom): TOTP keys are stored\n"
                  "sealed with it (libsodium secretbox); give `mhds account` the same file")
      ->envname("MHDS_TOTP_KEY_FILE");
  cmd->add_option("--clock-start", args->clock_start,
                  "Run the service's clock from this UTC time (CCYY-MM-DDThh:mm:ssZ) instead of\n"
                  "the system's, at the real pace: for demonstrations and tests of a given day's\n"
                  "windows. Never in production: TOTP codes follow this clock");
  cmd->add_flag("--worker", args->worker_only,
                "Run only validation workers (no HTTP), sharing the store with the servers");
  cmd->add_flag("--demo", args->demo,
                "On an empty store, create a demo organisation and user and print how to sign "
                "in (once)");
  cmd->callback([args, exit_code] { *exit_code = RunServe(*args); });
}

}  // namespace mhds::cli
