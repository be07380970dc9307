// `mhds audit verify` and `mhds audit show`: check and read the landing service's audit log.
#include <iostream>
#include <nlohmann/json.hpp>

#include "mhds/account/accounts.h"
#include "mhds/account/audit_log.h"
#include "mhds/cli/command_failure.h"
#include "mhds/cli/commands.h"
#include "mhds/cli/exit_codes.h"
#include "mhds/cli/store_option.h"
#include "mhds/store/store.h"

namespace mhds::cli {
namespace {

struct AuditArgs {
  std::string store = "sqlite:mhds.db";
  bool json = false;
  int64_t after = 0;
  int64_t limit = 100;
};

int RunVerify(const AuditArgs& args) {
  auto db = store::Connect(args.store);
  if (!db.ok()) return Fail("audit", db.status());
  // Migrating first means a store the service never used verifies as an empty, intact log.
  if (Status s = account::Accounts::Migrate(**db); !s.ok()) return Fail("audit", s);
  auto v = account::VerifyAuditChain(**db);
  if (!v.ok()) return Fail("audit", v.status());
  if (args.json) {
    nlohmann::json out = {{"intact", v->ok()}, {"entries_checked", v->entries_checked}};
    if (!v->ok()) {
      out["first_broken"] = *v->first_broken;
      out["reason"] = v->reason;
    }
    std::cout << out.dump(2) << "\n";
  } else if (v->ok()) {
    std::cout << "audit log intact: " << v->entries_checked << " entries verified\n";
  } else {
    std::cout << "audit log BROKEN at entry " << *v->first_broken << ": " << v->reason << " ("
              << v->entries_checked << " entries checked)\n";
  }
  return v->ok() ? kExitAccepted : kExitUnreadableInput;
}

int RunShow(const AuditArgs& args) {
  auto db = store::Connect(args.store);
  if (!db.ok()) return Fail("audit", db.status());
  if (Status s = account::Accounts::Migrate(**db); !s.ok()) return Fail("audit", s);
  auto entries = account::ReadAudit(**db, args.after, args.limit);
  if (!entries.ok()) return Fail("audit", entries.status());
  nlohmann::json out = nlohmann::json::array();
  for (const account::AuditEntry& e : *entries) {
    const account::AuditRecord& r = e.record;
    if (args.json) {
      out.push_back({{"seq", e.seq},
                     {"at", r.at},
                     {"event", r.event},
                     {"actor", r.actor},
                     {"org", r.org},
                     {"dataset", r.dataset},
                     {"detail", r.detail},
                     {"hash", e.hash}});
    } else {
      std::cout << e.seq << "\t" << r.at << "\t" << r.event << "\t" << r.actor << "\t" << r.org
                << "\t" << r.dataset << "\t" << r.detail << "\n";
    }
  }
  if (args.json) std::cout << out.dump(2) << "\n";
  return kExitAccepted;
}

void AddStoreOption(CLI::App* cmd, AuditArgs* args) {
  AddStoreUrlOption(cmd, &args->store);
  cmd->add_flag("--json", args->json, "Print JSON instead of text");
}

}  // namespace

void RegisterAudit(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<AuditArgs>();
  CLI::App* cmd = app.add_subcommand(
      "audit",
      "Check and read the landing service's audit log (sign-ins, access changes,\n"
      "uploads, downloads and report views, each entry chained to the previous by\n"
      "SHA-256).");
  cmd->require_subcommand(1);
  CLI::App* verify = cmd->add_subcommand(
      "verify",
      "Recompute the hash chain from the first entry and name the first entry that does not\n"
      "verify. Exit codes: 0 intact, 65 broken chain, 64 bad usage, 70 internal error,\n"
      "74 store cannot be opened.");
  AddStoreOption(verify, args.get());
  verify->callback([args, exit_code] { *exit_code = RunVerify(*args); });
  CLI::App* show = cmd->add_subcommand(
      "show",
      "Print entries in order: seq, time (Unix seconds), event, actor, organisation,\n"
      "data set, detail. Exit codes: 0 done, 64 bad usage, 74 store cannot be opened.");
  AddStoreOption(show, args.get());
  show->add_option("--after", args->after, "Start after this entry number (default 0)");
  show->add_option("--limit", args->limit, "At most this many entries (default 100)");
  show->callback([args, exit_code] { *exit_code = RunShow(*args); });
}

}  // namespace mhds::cli
