// `mhds account ...`: an operator's set-up of the landing service: organisations, agencies,
// users (with their TOTP key, shown once), grants, unlocking. Passwords are read from a file or
// standard input, never from the command line (where `ps` would show them).
#include <termios.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "mhds/account/accounts.h"
#include "mhds/account/sealed_totp_key.h"
#include "mhds/cli/command_failure.h"
#include "mhds/cli/commands.h"
#include "mhds/cli/exit_codes.h"
#include "mhds/cli/store_option.h"
#include "mhds/store/store.h"

namespace mhds::cli {

// Defined in audit_command.cc; RegisterAccountAndAudit registers both commands.
void RegisterAudit(CLI::App& app, int* exit_code);

namespace {

struct AccountArgs {
  std::string store = "sqlite:mhds.db";
  bool json = false;
  std::string ods;
  std::string name;
  std::vector<std::string> org_roles;
  std::string agent;
  std::string username;
  std::string org;
  bool is_operator = false;
  std::string password_file;
  bool password_stdin = false;
  std::string dataset;
  std::string role;
  std::string by = "cli";
  std::string totp_key_file;  // seals new TOTP keys at rest when set
};

// Runs `body` with an Accounts on a migrated store; returns its exit code.
template <typename Body>
int WithAccounts(const AccountArgs& args, Body body) {
  auto db = store::Connect(args.store);
  if (!db.ok()) return Fail("account", db.status());
  if (Status s = account::Accounts::Migrate(**db); !s.ok()) return Fail("account", s);
  account::AccountOptions options;
  if (!args.totp_key_file.empty()) {
    auto seal = account::ReadTotpSealKey(args.totp_key_file);
    if (!seal.ok()) return Fail("account", seal.status());
    options.totp_seal_key = *seal;
  }
  account::Accounts accounts(**db, options);
  return body(accounts);
}

// The first line of the file, or of standard input (without echo on a terminal).
Result<std::string> ReadPassword(const AccountArgs& args) {
  std::string line;
  if (!args.password_file.empty()) {
    std::ifstream in(args.password_file);
    if (!in) return Status::NotFound("cannot read password file " + args.password_file);
    std::getline(in, line);
  } else if (args.password_stdin) {
    termios saved{};
    const bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
    if (tty) {
      std::cerr << "Password: " << std::flush;
      termios quiet = saved;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::getline(std::cin, line);
    if (tty) {
      tcsetattr(STDIN_FILENO, TCSANOW, &saved);
      std::cerr << "\n";
    }
  } else {
    return Status::InvalidArgument(
        "give the password with --password-file FILE or "
        "--password-stdin");
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int RunOrgCreate(const AccountArgs& args) {
  std::vector<account::OrgRole> roles;
  for (const std::string& r : args.org_roles) {
    auto role = account::ParseOrgRole(r);
    if (!role) {
      return Fail("account", Status::InvalidArgument(
                                 "--role '" + r + "' is not provider, submitter or commissioner"));
    }
    roles.push_back(*role);
  }
  return WithAccounts(args, [&](account::Accounts& accounts) {
    auto org = accounts.CreateOrganisation(args.ods, args.name, roles);
    if (!org.ok()) return Fail("account", org.status());
    if (args.json) {
      std::cout << nlohmann::json{{"id", org->id}, {"ods_code", org->ods_code}}.dump() << "\n";
    } else {
      std::cout << "created organisation " << org->ods_code << " (" << org->name << ")\n";
    }
    return kExitAccepted;
  });
}

int RunOrgList(const AccountArgs& args) {
  return WithAccounts(args, [&](account::Accounts& accounts) {
    auto orgs = accounts.ListOrganisations();
    if (!orgs.ok()) return Fail("account", orgs.status());
    nlohmann::json out = nlohmann::json::array();
    for (const account::Organisation& o : *orgs) {
      std::vector<std::string> roles;
      for (account::OrgRole r : o.roles) roles.emplace_back(account::OrgRoleName(r));
      if (args.json) {
        out.push_back({{"ods_code", o.ods_code}, {"name", o.name}, {"roles", roles}});
      } else {
        std::cout << o.ods_code << "\t" << o.name << "\t";
        for (size_t i = 0; i < roles.size(); ++i) std::cout << (i ? "," : "") << roles[i];
        std::cout << "\n";
      }
    }
    if (args.json) std::cout << out.dump(2) << "\n";
    return kExitAccepted;
  });
}

int RunAgency(const AccountArgs& args) {
  return WithAccounts(args, [&](account::Accounts& accounts) {
    if (Status s = accounts.AddAgency(args.agent, args.ods); !s.ok()) return Fail("account", s);
    std::cout << args.agent << " may now ask for access to " << args.ods << "'s data sets\n";
    return kExitAccepted;
  });
}

int RunUserCreate(const AccountArgs& args) {
  auto password = ReadPassword(args);
  if (!password.ok()) return Fail("account", password.status());
  return WithAccounts(args, [&](account::Accounts& accounts) {
    account::NewUserSpec spec;
    spec.org_ods = args.org;
    spec.username = args.username;
    spec.display_name = args.name.empty() ? args.username : args.name;
    spec.password = *password;
    spec.is_operator = args.is_operator;
    auto user = accounts.CreateUser(spec);
    if (!user.ok()) return Fail("account", user.status());
    if (args.json) {
      std::cout << nlohmann::json{{"id", user->user.id},
                                  {"username", user->user.username},
                                  {"org", user->user.org_ods},
                                  {"totp_uri", user->totp_uri}}
                       .dump(2)
                << "\n";
    } else {
      std::cout << "created user " << user->user.username << " of " << user->user.org_ods
                << (user->user.is_operator ? " (operator)" : "") << "\n"
                << "Add this key to an authenticator app now; it is not shown again:\n"
                << user->totp_uri << "\n";
    }
    return kExitAccepted;
  });
}

int RunResetTotp(const AccountArgs& args) {
  return WithAccounts(args, [&](account::Accounts& accounts) {
    auto user = accounts.ResetTotpKey(args.username);
    if (!user.ok()) return Fail("account", user.status());
    std::cout << "new key for " << user->user.username << " (old codes and sessions ended):\n"
              << user->totp_uri << "\n";
    return kExitAccepted;
  });
}

int RunUserChange(const AccountArgs& args, const std::string& what) {
  return WithAccounts(args, [&](account::Accounts& accounts) {
    Status s = what == "unlock"    ? accounts.Unlock(args.username)
               : what == "disable" ? accounts.SetDisabled(args.username, true)
                                   : accounts.SetDisabled(args.username, false);
    if (!s.ok()) return Fail("account", s);
    std::cout << what << "d " << args.username << "\n";
    return kExitAccepted;
  });
}

int RunGrant(const AccountArgs& args) {
  auto role = account::ParseUserRole(args.role);
  if (!role)
    return Fail("account", Status::InvalidArgument("--role '" + args.role +
                                                   "' is not submitter, viewer or siro"));
  return WithAccounts(args, [&](account::Accounts& accounts) {
    auto grant = accounts.GrantRole(args.username, args.org, args.dataset, *role, args.by);
    if (!grant.ok()) return Fail("account", grant.status());
    if (args.json) {
      std::cout << nlohmann::json{{"grant", grant->id}}.dump() << "\n";
    } else {
      std::cout << grant->username << " is " << account::UserRoleName(grant->role) << " for "
                << grant->org_ods << " " << grant->dataset << " (grant " << grant->id << ")\n";
    }
    return kExitAccepted;
  });
}

int RunMigrate(const AccountArgs& args) {
  return WithAccounts(args, [&](account::Accounts&) {
    std::cout << "account tables are up to date in " << store::RedactStoreUrl(args.store) << "\n";
    return kExitAccepted;
  });
}

void Common(CLI::App* cmd, AccountArgs* args) {
  AddStoreUrlOption(cmd, &args->store);
  cmd->add_flag("--json", args->json, "Print JSON instead of text");
  cmd->add_option("--totp-key", args->totp_key_file,
                  "File of 32 bytes sealing new TOTP keys at rest (the same as mhds serve's)")
      ->envname("MHDS_TOTP_KEY_FILE");
}

}  // namespace

void RegisterAccountAndAudit(CLI::App& app, int* exit_code) {
  RegisterAudit(app, exit_code);
  auto args = std::make_shared<AccountArgs>();
  CLI::App* cmd = app.add_subcommand(
      "account",
      "Set up the landing service: organisations, users, grants. For operators with access to\n"
      "the store. Exit codes: 0 done, 64 bad usage or input (e.g. already exists), 66 no such\n"
      "organisation or user, 70 internal error, 74 store cannot be opened.");
  cmd->require_subcommand(1);

  CLI::App* org = cmd->add_subcommand("org", "Organisations")->require_subcommand(1);
  CLI::App* create = org->add_subcommand("create", "Create an organisation");
  Common(create, args.get());
  create->add_option("--ods", args->ods, "ODS code, e.g. RX1")->required();
  create->add_option("--name", args->name, "Name")->required();
  create->add_option("--role", args->org_roles, "provider, submitter or commissioner (repeat)")
      ->required();
  create->callback([args, exit_code] { *exit_code = RunOrgCreate(*args); });
  CLI::App* list = org->add_subcommand("list", "List organisations");
  Common(list, args.get());
  list->callback([args, exit_code] { *exit_code = RunOrgList(*args); });
  CLI::App* agency = org->add_subcommand(
      "agency", "Let a submitter organisation ask for access to a provider's data sets");
  Common(agency, args.get());
  agency->add_option("--agent", args->agent, "ODS code of the submitting organisation")->required();
  agency->add_option("--provider", args->ods, "ODS code of the provider")->required();
  agency->callback([args, exit_code] { *exit_code = RunAgency(*args); });

  CLI::App* user = cmd->add_subcommand("user", "Users")->require_subcommand(1);
  CLI::App* add = user->add_subcommand(
      "create", "Create a user; prints their TOTP key as an otpauth:// URI, once");
  Common(add, args.get());
  add->add_option("--org", args->org, "ODS code of their organisation")->required();
  add->add_option("--username", args->username, "Sign-in name (a-z 0-9 . _ @ -)")->required();
  add->add_option("--name", args->name, "Display name");
  add->add_flag("--operator", args->is_operator, "A platform operator");
  add->add_option("--password-file", args->password_file, "Read the password from FILE");
  add->add_flag("--password-stdin", args->password_stdin, "Read the password from stdin");
  add->callback([args, exit_code] { *exit_code = RunUserCreate(*args); });
  for (const char* what : {"unlock", "disable", "enable"}) {
    CLI::App* change = user->add_subcommand(what, std::string(what) + " a user");
    Common(change, args.get());
    change->add_option("--username", args->username, "Sign-in name")->required();
    change->callback(
        [args, exit_code, w = std::string(what)] { *exit_code = RunUserChange(*args, w); });
  }
  CLI::App* reset = user->add_subcommand("reset-totp", "Give a user a new TOTP key");
  Common(reset, args.get());
  reset->add_option("--username", args->username, "Sign-in name")->required();
  reset->callback([args, exit_code] { *exit_code = RunResetTotp(*args); });

  CLI::App* grant = cmd->add_subcommand(
      "grant", "Grant a role directly, without a request (e.g. the first SIRO)");
  Common(grant, args.get());
  grant->add_option("--username", args->username, "Sign-in name")->required();
  grant->add_option("--org", args->org, "ODS code")->required();
  grant->add_option("--dataset", args->dataset, "mhsds, iapt, or * for all")->required();
  grant->add_option("--role", args->role, "submitter, viewer or siro")->required();
  grant->add_option("--by", args->by, "Who granted it, for the audit log (default cli)");
  grant->callback([args, exit_code] { *exit_code = RunGrant(*args); });

  CLI::App* migrate = cmd->add_subcommand("migrate", "Create or update the account tables");
  Common(migrate, args.get());
  migrate->callback([args, exit_code] { *exit_code = RunMigrate(*args); });
}

}  // namespace mhds::cli
