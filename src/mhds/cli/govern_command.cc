// `mhds govern`: data access governance from enquiry to destruction (docs/governance.md).
#include <time.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "mhds/account/accounts.h"
#include "mhds/account/secrets.h"
#include "mhds/base/calendar.h"
#include "mhds/base/csv_document.h"
#include "mhds/base/text.h"
#include "mhds/cli/commands.h"
#include "mhds/cli/exit_codes.h"
#include "mhds/cli/spec_locator.h"
#include "mhds/govern/governance.h"
#include "mhds/govern/ledger.h"
#include "mhds/govern/opt_outs.h"
#include "mhds/govern/preconditions.h"
#include "mhds/govern/release_manifest.h"
#include "mhds/govern/release_register.h"
#include "mhds/govern/roles.h"
#include "mhds/report/atomic_file.h"
#include "mhds/store/store.h"

namespace mhds::cli {
namespace govern_cmd {

struct Args {
  std::string store = "sqlite:mhds.db";
  std::string spec;
  bool json = false;
  std::string actor;
  std::string role;
  std::string at;
  std::vector<std::string> documents;
  std::string file;
  std::string ref;
  std::string action;
  std::string reason;
  std::string panel;
  std::string meeting_date;
  std::string outcome;
  std::vector<std::string> conditions;
  int64_t condition_id = 0;
  std::string evidence;
  govern::AgreementInput agreement;
  std::string dataset;
  std::string file_ref;
  std::string month;
  std::string channel = "SEFT";
  std::string cohort;
  std::string nhs_column = "NHS_NUMBER";
  std::string opt_outs;
  std::string out;
  std::string output;
  std::string vote;
  std::string finding;
  std::string severity;
  std::string destroyed_on;
  std::string certificate;
  std::string format = "csv";
  std::string manifest;
  std::string user;
  std::string org;
  bool revoke = false;
};

int Fail(const Status& status) {
  std::cerr << "mhds govern: " << status.message() << "\n";
  return ExitCodeFor(status);
}

// Prints the outcome of a step: text, or one JSON object.
int Done(const Args& args, nlohmann::json result, const std::string& text) {
  if (args.json) {
    std::cout << result.dump(2) << "\n";
  } else {
    std::cout << text << "\n";
  }
  return kExitAccepted;
}

Result<std::string> FileSha256(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + path);
  std::ostringstream content;
  content << in.rdbuf();
  return account::Sha256Hex(content.str());
}

Result<std::vector<std::string>> DocumentHashes(const Args& args) {
  std::vector<std::string> hashes;
  for (const std::string& path : args.documents) {
    auto hash = FileSha256(path);
    if (!hash.ok()) return hash.status();
    hashes.push_back(*hash);
  }
  return hashes;
}

Result<nlohmann::json> ReadJson(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot open " + path);
  std::ostringstream text;
  text << in.rdbuf();
  try {
    return nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::parse_error& e) {
    return Status::DataError(path + ": byte " + std::to_string(e.byte) + ": not valid JSON (" +
                             e.what() + ")");
  }
}

Result<govern::Actor> ActorOf(const Args& args) {
  govern::Actor actor{args.actor, args.role, 0, 0};
  if (args.at.empty()) {
    actor.at = static_cast<int64_t>(::time(nullptr));
  } else if (auto t = ParseDateTime(args.at)) {
    actor.at = *t;
  } else if (auto d = ParseDate(args.at)) {
    constexpr int64_t kSecondsPerDay = 86400;
    actor.at = *d * kSecondsPerDay;
  } else {
    return Status::InvalidArgument("--at '" + args.at +
                                   "' is not YYYY-MM-DD or YYYY-MM-DDThh:mm:ss");
  }
  return actor;
}

// The store (migrated), the workflow, and the actor: what every step needs.
struct Session {
  std::unique_ptr<store::Database> db;
  std::unique_ptr<govern::Workflow> workflow;
  std::unique_ptr<govern::Governance> governance;
};

Result<Session> Open(const Args& args) {
  Session s;
  std::string dir = args.spec.empty() ? (FindSpecsRoot() / "governance").string() : args.spec;
  auto workflow = govern::Workflow::Load(dir, govern::PreconditionNames());
  if (!workflow.ok()) return workflow.status();
  s.workflow = std::make_unique<govern::Workflow>(std::move(workflow).value());
  auto db = store::Connect(args.store);
  if (!db.ok()) return db.status();
  s.db = std::move(db).value();
  if (Status m = govern::Governance::Migrate(*s.db); !m.ok()) return m;
  s.governance = std::make_unique<govern::Governance>(*s.db, *s.workflow);
  return s;
}

// Runs `body(session, actor)` and turns its Status into an exit code.
template <typename Body>
int Run(const Args& args, Body body) {
  auto session = Open(args);
  if (!session.ok()) return Fail(session.status());
  auto actor = ActorOf(args);
  if (!actor.ok()) return Fail(actor.status());
  return body(*session, *actor);
}

int RunRelease(const Args& args, Session& s, const govern::Actor& actor) {
  auto terms = s.governance->TermsFor(args.ref, args.dataset);
  if (!terms.ok()) return Fail(terms.status());
  govern::ReleaseInput in;
  in.dataset = args.dataset;
  in.file_reference = args.file_ref;
  in.month = args.month;
  in.channel = args.channel;
  std::string released;
  if (!args.manifest.empty()) {
    if (!args.cohort.empty()) {
      return Fail(Status::InvalidArgument("give --manifest or --cohort, not both"));
    }
    auto manifest = ReadJson(args.manifest);
    if (!manifest.ok()) return Fail(manifest.status());
    if (Status st = govern::ReleaseFromManifest(*manifest, args.manifest, in); !st.ok()) {
      return Fail(st);
    }
    auto hash = FileSha256(args.manifest);
    if (!hash.ok()) return Fail(hash.status());
    in.file_sha256 = *hash;
  }
  if (!args.cohort.empty()) {
    auto cohort = CsvDocument::ReadFile(args.cohort);
    if (!cohort.ok()) return Fail(cohort.status());
    std::set<std::string> opted_out;
    const bool apply = terms->opt_out_applies.value_or(false) && !args.opt_outs.empty();
    if (apply) {
      auto list = govern::LoadOptOutList(args.opt_outs);
      if (!list.ok()) return Fail(list.status());
      opted_out = std::move(list).value();
    }
    auto filtered = govern::FilterCohort(*cohort, args.nhs_column, apply ? &opted_out : nullptr);
    if (!filtered.ok()) return Fail(filtered.status());
    in.opt_outs_applied = apply;
    in.records_before = filtered->records_before;
    in.records_after = filtered->records_after;
    in.file_sha256 = account::Sha256Hex(filtered->csv);
    released = std::move(filtered->csv);
    if (args.out.empty()) return Fail(Status::InvalidArgument("--cohort needs --out FILE"));
  }
  if (Status st = s.governance->Release(args.ref, in, actor); !st.ok()) return Fail(st);
  if (!released.empty()) {
    // Recorded first, written second: a file never leaves without its register row.
    if (Status w = report::WriteFileAtomically(args.out, released); !w.ok()) return Fail(w);
  }
  nlohmann::json result = {{"file_reference", in.file_reference},
                           {"dataset", in.dataset},
                           {"month", in.month},
                           {"opt_out_applies", terms->opt_out_applies.value_or(false)},
                           {"opt_outs_applied", in.opt_outs_applied}};
  std::string text = "released " + in.file_reference + " (" + in.dataset + ", " + in.month +
                     "), opt-outs " + (in.opt_outs_applied ? "applied" : "not applied");
  for (const govern::ReleaseInput::File& f : in.files) {
    result["files"].push_back({{"name", f.name}, {"bytes", f.bytes}, {"sha256", f.sha256}});
  }
  if (in.records_before) {
    result["records_before"] = *in.records_before;
    result["records_after"] = *in.records_after;
    text += ": " + std::to_string(*in.records_before) + " records, " +
            std::to_string(*in.records_after) + " released";
  }
  return Done(args, result, text);
}

int RunRegister(const Args& args, Session& s) {
  auto reg = govern::BuildRegister(*s.db, *s.workflow, args.month);
  if (!reg.ok()) return Fail(reg.status());
  if (args.out.empty()) return Fail(Status::InvalidArgument("--out is required"));
  Status written;
  std::vector<std::string> paths;
  if (args.format == "csv") {
    std::error_code ec;
    std::filesystem::create_directories(args.out, ec);
    for (const govern::RegisterSheet& sheet : reg->sheets) {
      std::string path = (std::filesystem::path(args.out) / (sheet.name + ".csv")).string();
      written = report::WriteFileAtomically(path, govern::RegisterSheetCsv(sheet));
      if (!written.ok()) return Fail(written);
      paths.push_back(path);
    }
  } else if (args.format == "json") {
    written = report::WriteFileAtomically(args.out, govern::RegisterJson(*reg).dump(2) + "\n");
    paths.push_back(args.out);
  } else {
    written = govern::WriteRegisterXlsx(*reg, args.out);
    paths.push_back(args.out);
  }
  if (!written.ok()) return Fail(written);
  for (const govern::DifferencingFlag& f : reg->flags) {
    std::cerr << "mhds govern: warning: " << f.recipient << " received " << f.dataset << " in "
              << f.month << " both with opt-outs applied (" << mhds::Join(f.with_opt_outs, ", ")
              << ") and without (" << mhds::Join(f.without_opt_outs, ", ")
              << "): comparing the files would reveal who opted out\n";
  }
  nlohmann::json result = {{"edition", reg->edition}, {"files", paths}};
  for (const auto& sheet : reg->sheets) result["rows"][sheet.name] = sheet.rows.size();
  result["flags"] = reg->flags.size();
  return Done(args, result, "register " + reg->edition + " written: " + mhds::Join(paths, ", "));
}

int RunVerify(const Args& args, Session& s) {
  auto v = govern::VerifyLedger(*s.db);
  if (!v.ok()) return Fail(v.status());
  nlohmann::json out = {{"intact", v->ok()}, {"entries_checked", v->entries_checked}};
  if (!v->ok()) {
    out["first_broken"] = *v->first_broken;
    out["reason"] = v->reason;
  }
  if (args.json) {
    std::cout << out.dump(2) << "\n";
  } else if (v->ok()) {
    std::cout << "governance ledger intact: " << v->entries_checked << " entries verified\n";
  } else {
    std::cout << "governance ledger BROKEN at entry " << *v->first_broken << ": " << v->reason
              << " (" << v->entries_checked << " entries checked)\n";
  }
  return v->ok() ? kExitAccepted : kExitUnreadableInput;
}

int RunLedger(const Args& args, Session& s) {
  auto entries = govern::ReadLedger(*s.db, args.ref);
  if (!entries.ok()) return Fail(entries.status());
  nlohmann::json out = nlohmann::json::array();
  for (const govern::LedgerEntry& e : *entries) {
    const govern::LedgerRecord& r = e.record;
    if (args.json) {
      out.push_back({{"seq", e.seq},
                     {"at", r.at},
                     {"application", r.application_ref},
                     {"action", r.action},
                     {"from", r.from_state},
                     {"to", r.to_state},
                     {"actor", r.actor},
                     {"role", r.role},
                     {"reason", r.reason},
                     {"documents", r.documents},
                     {"hash", e.hash}});
    } else {
      std::cout << e.seq << "\t" << FormatDateTime(r.at) << "\t" << r.application_ref << "\t"
                << r.action << "\t" << (r.from_state.empty() ? "-" : r.from_state) << " -> "
                << r.to_state << "\t" << r.actor << " (" << r.role << ")\t" << r.reason << "\n";
    }
  }
  if (args.json) std::cout << out.dump(2) << "\n";
  return kExitAccepted;
}

// Grants or revokes a governance role of a landing-service user, or lists their roles.
int RunRole(const Args& args, Session& s, const govern::Actor& actor) {
  if (Status m = account::Accounts::Migrate(*s.db); !m.ok()) return Fail(m);
  auto user = account::Accounts(*s.db).FindUser(args.user);
  if (!user.ok()) return Fail(user.status());
  if (!args.role.empty()) {
    if (Status st = govern::SetRole(*s.db, *s.workflow, user->id, user->username, args.role,
                                    args.org, !args.revoke, actor);
        !st.ok()) {
      return Fail(st);
    }
  }
  auto roles = govern::RolesOf(*s.db, user->id);
  if (!roles.ok()) return Fail(roles.status());
  nlohmann::json out = {{"user", user->username}, {"roles", nlohmann::json::array()}};
  std::string text = user->username + ":";
  for (const govern::HeldRole& r : *roles) {
    out["roles"].push_back({{"role", r.role}, {"org", r.org_ods}, {"granted_by", r.granted_by}});
    text += " " + r.role + (r.org_ods.empty() ? "" : "(" + r.org_ods + ")");
  }
  if (roles->empty()) text += " no governance role";
  return Done(args, out, text);
}

}  // namespace govern_cmd

void RegisterGovern(CLI::App& app, int* exit_code) {
  using govern_cmd::Args;
  using govern_cmd::Done;
  using govern_cmd::Fail;
  using govern_cmd::Run;
  using govern_cmd::Session;
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "govern",
      "Data access governance: applications for data sets from enquiry to destruction, each\n"
      "step checked against specs/governance/transitions.csv and written to a hash-chained\n"
      "ledger; the release register. Exit codes: 0 done, 64 refused or bad usage (the message\n"
      "names every precondition that does not hold), 65 unreadable input or broken ledger,\n"
      "66 input missing, 70 internal error, 74 store or output cannot be written.");
  cmd->require_subcommand(1);
  // Read here rather than through CLI11's envname: every subcommand binds the one variable, and
  // CLI11 would apply each one's envname over a --store given on the command line.
  if (const char* env = std::getenv("MHDS_STORE"); env != nullptr && *env != '\0') {
    args->store = env;
  }
  auto common = [&](CLI::App* sub, bool acts) {
    sub->add_option("--store", args->store,
                    "Store URL: sqlite:PATH or postgresql://... (default $MHDS_STORE, else\n"
                    "sqlite:mhds.db)");
    sub->add_option("--spec", args->spec,
                    "Governance specification folder (default: the bundled specs/governance)");
    sub->add_flag("--json", args->json, "Print JSON instead of text");
    if (acts) {
      sub->add_option("--actor", args->actor, "Who acts (a username)")->required();
      sub->add_option("--role", args->role,
                      "The role they act in: applicant, case_officer, panel, approver,\n"
                      "dissemination, auditor, checker")
          ->required();
      sub->add_option("--at", args->at,
                      "When (YYYY-MM-DD or YYYY-MM-DDThh:mm:ss, UTC; default now)");
      sub->add_option("--document", args->documents,
                      "A document attached to the step (its SHA-256 goes into the ledger)");
    }
  };
  auto hashes_or_fail = [](const Args& a, std::vector<std::string>* out) -> Status {
    auto h = govern_cmd::DocumentHashes(a);
    if (!h.ok()) return h.status();
    *out = std::move(h).value();
    return Status::Ok();
  };

  CLI::App* org = cmd->add_subcommand("org", "Record an organisation from a JSON file");
  common(org, true);
  org->add_option("--file", args->file, "organisation.json (docs/governance.md)")->required();
  org->callback([args, exit_code] {
    *exit_code = Run(*args, [&](Session& s, const govern::Actor& actor) {
      auto json = govern_cmd::ReadJson(args->file);
      if (!json.ok()) return Fail(json.status());
      if (Status st = s.governance->AddOrganisation(*json, actor); !st.ok()) return Fail(st);
      std::string ods = json->value("ods_code", "");
      return Done(*args, {{"organisation", ods}}, "recorded organisation " + ods);
    });
  });

  CLI::App* apply = cmd->add_subcommand(
      "apply", "Record an application version from a JSON file (the first opens an enquiry)");
  common(apply, true);
  apply->add_option("--file", args->file, "application.json (docs/governance.md)")->required();
  apply->callback([args, exit_code, hashes_or_fail] {
    *exit_code = Run(*args, [&](Session& s, const govern::Actor& actor) {
      std::vector<std::string> docs;
      if (Status h = hashes_or_fail(*args, &docs); !h.ok()) return Fail(h);
      auto json = govern_cmd::ReadJson(args->file);
      if (!json.ok()) return Fail(json.status());
      auto version = s.governance->Apply(*json, actor, docs);
      if (!version.ok()) return Fail(version.status());
      std::string ref = json->value("reference", "");
      return Done(*args, {{"reference", ref}, {"version", *version}},
                  "recorded " + ref + " version " + *version);
    });
  });

  CLI::App* act = cmd->add_subcommand(
      "act",
      "Take a workflow action without a fact of its own (assess, proceed, submit,\n"
      "refer_back, refer_to_panel, ready_for_decision, withdraw, amend, renew, expire,\n"
      "close_out, reinstate, close)");
  common(act, true);
  act->add_option("--ref", args->ref, "Application reference DARS-NIC-...")->required();
  act->add_option("--action", args->action, "The action (transitions.csv)")->required();
  act->add_option("--reason", args->reason, "Why");
  act->callback([args, exit_code, hashes_or_fail] {
    *exit_code = Run(*args, [&](Session& s, const govern::Actor& actor) {
      std::vector<std::string> docs;
      if (Status h = hashes_or_fail(*args, &docs); !h.ok()) return Fail(h);
      auto to = s.governance->Act(args->ref, args->action, actor, args->reason, docs);
      if (!to.ok()) return Fail(to.status());
      return Done(*args, {{"reference", args->ref}, {"state", *to}},
                  args->ref + ": " + args->action + " -> " + *to);
    });
  });

  CLI::App* review = cmd->add_subcommand("review", "Record the panel's review and its outcome");
  common(review, true);
  review->add_option("--ref", args->ref, "Application reference")->required();
  review->add_option("--panel", args->panel, "IGARD, AGD, PAG or Internal")->required();
  review->add_option("--meeting-date", args->meeting_date, "YYYY-MM-DD")->required();
  review
      ->add_option("--outcome", args->outcome,
                   "recommended, recommended_with_conditions, deferred, not_recommended")
      ->required();
  review->add_option("--condition", args->conditions, "A condition (repeat for each)");
  review->callback([args, exit_code, hashes_or_fail] {
    *exit_code = Run(*args, [&](Session& s, const govern::Actor& actor) {
      std::vector<std::string> docs;
      if (Status h = hashes_or_fail(*args, &docs); !h.ok()) return Fail(h);
      govern::ReviewInput in{args->panel, args->meeting_date, args->outcome, args->conditions};
      auto ids = s.governance->Review(args->ref, in, actor, docs);
      if (!ids.ok()) return Fail(ids.status());
      std::string text = args->ref + ": " + args->outcome;
      for (int64_t id : *ids) text += "\ncondition #" + std::to_string(id);
      return Done(*args, {{"reference", args->ref}, {"conditions", *ids}}, text);
    });
  });

  CLI::App* meet = cmd->add_subcommand("meet-condition", "Record that a panel condition is met");
  common(meet, true);
  meet->add_option("--condition", args->condition_id, "The condition's number")->required();
  meet->add_option("--evidence", args->evidence, "A file that shows it (hashed)");
  meet->callback([args, exit_code] {
    *exit_code = Run(*args, [&](Session& s, const govern::Actor& actor) {
      std::string hash;
      if (!args->evidence.empty()) {
        auto h = govern_cmd::FileSha256(args->evidence);
        if (!h.ok()) return Fail(h.status());
        hash = *h;
      }
      if (Status st = s.governance->MeetCondition(args->condition_id, actor, hash); !st.ok()) {
        return Fail(st);
      }
      return Done(*args, {{"condition", args->condition_id}, {"met", true}},
                  "condition #" + std::to_string(args->condition_id) + " met");
    });
  });

  CLI::App* decide = cmd->add_subcommand("decide", "Record the approver's decision");
  common(decide, true);
  decide->add_option("--ref", args->ref, "Application reference")->required();
  decide->add_option("--outcome", args->outcome, "approve or refuse")->required();
  decide->add_option("--reason", args->reason, "Why")->required();
  decide->callback([args, exit_code] {
    *exit_code = Run(*args, [&](Session& s, const govern::Actor& actor) {
      auto to = s.governance->Decide(args->ref, args->outcome, actor, args->reason);
      if (!to.ok()) return Fail(to.status());
      return Done(*args, {{"reference", args->ref}, {"state", *to}},
                  args->ref + ": " + args->outcome + " -> " + *to);
    });
  });

  CLI::App* agree = cmd->add_subcommand("agree", "Record the signed data sharing agreement");
  common(agree, true);
  agree->add_option("--ref", args->ref, "Application reference")->required();
  agree->add_option("--start", args->agreement.start_date, "YYYY-MM-DD")->required();
  agree->add_option("--end", args->agreement.end_date, "YYYY-MM-DD")->required();
  agree->add_option("--signed-by-nhse", args->agreement.signed_by_nhse, "Signatory")->required();
  agree->add_option("--signed-by-applicant", args->agreement.signed_by_applicant, "Signatory")
      ->required();
  agree->add_option("--po", args->agreement.po_number, "Purchase order number");
  agree->callback([args, exit_code, hashes_or_fail] {
    *exit_code = Run(*args, [&](Session& s, const govern::Actor& actor) {
      std::vector<std::string> docs;
      if (Status h = hashes_or_fail(*args, &docs); !h.ok()) return Fail(h);
      if (Status st = s.governance->Agree(args->ref, args->agreement, actor, docs); !st.ok()) {
        return Fail(st);
      }
      return Done(*args, {{"reference", args->ref}, {"state", "ACTIVE"}},
                  args->ref + ": agreement signed -> ACTIVE");
    });
  });

  CLI::App* release =
      cmd->add_subcommand("release",
                          "Release one file of a data set (one register row); removes opted-out\n"
                          "records when the national data opt-out applies");
  common(release, true);
  release->add_option("--ref", args->ref, "Application reference")->required();
  release->add_option("--dataset", args->dataset, "Data set as requested")->required();
  release->add_option("--file-ref", args->file_ref, "FILE and 7 digits")->required();
  release->add_option("--month", args->month, "YYYY-MM")->required();
  release->add_option("--channel", args->channel, "SEFT or SDE (default SEFT)");
  release->add_option("--cohort", args->cohort, "The record-level extract to release (CSV)");
  release->add_option("--nhs-column", args->nhs_column,
                      "The cohort's NHS Number column (default NHS_NUMBER)");
  release->add_option("--opt-outs", args->opt_outs, "The operator's opt-out list");
  release->add_option("--out", args->out, "Where to write the released file");
  release->add_option("--manifest", args->manifest,
                      "The manifest.json of an extract made by `mhds extract`: its files,\n"
                      "hashes, counts and opt-out facts are recorded with the release");
  release->callback([args, exit_code] {
    *exit_code = Run(*args, [&](Session& s, const govern::Actor& actor) {
      return govern_cmd::RunRelease(*args, s, actor);
    });
  });

  CLI::App* check = cmd->add_subcommand("check-output", "One checker's vote on an SDE output");
  common(check, true);
  check->add_option("--ref", args->ref, "Application reference")->required();
  check->add_option("--output", args->output, "The output's name")->required();
  check->add_option("--vote", args->vote, "approve or changes_requested")->required();
  check->callback([args, exit_code] {
    *exit_code = Run(*args, [&](Session& s, const govern::Actor& actor) {
      if (Status st = s.governance->CheckOutput(args->ref, args->output, args->vote, actor);
          !st.ok()) {
        return Fail(st);
      }
      return Done(*args, {{"output", args->output}, {"vote", args->vote}},
                  "recorded " + args->vote + " on " + args->output);
    });
  });

  CLI::App* release_output =
      cmd->add_subcommand("release-output", "Release an output checked by two people");
  common(release_output, true);
  release_output->add_option("--ref", args->ref, "Application reference")->required();
  release_output->add_option("--output", args->output, "The output's name")->required();
  release_output->callback([args, exit_code] {
    *exit_code = Run(*args, [&](Session& s, const govern::Actor& actor) {
      if (Status st = s.governance->ReleaseOutput(args->ref, args->output, actor); !st.ok()) {
        return Fail(st);
      }
      return Done(*args, {{"output", args->output}, {"released", true}},
                  "released output " + args->output);
    });
  });

  CLI::App* audit = cmd->add_subcommand("audit", "Record an audit (a major finding suspends)");
  common(audit, true);
  audit->add_option("--ref", args->ref, "Application reference")->required();
  audit->add_option("--finding", args->finding, "What the audit found")->required();
  audit->add_option("--severity", args->severity, "none, minor or major")->required();
  audit->callback([args, exit_code, hashes_or_fail] {
    *exit_code = Run(*args, [&](Session& s, const govern::Actor& actor) {
      std::vector<std::string> docs;
      if (Status h = hashes_or_fail(*args, &docs); !h.ok()) return Fail(h);
      auto to = s.governance->Audit(args->ref, args->finding, args->severity, actor, docs);
      if (!to.ok()) return Fail(to.status());
      return Done(*args, {{"reference", args->ref}, {"state", *to}},
                  args->ref + ": audit recorded -> " + *to);
    });
  });

  CLI::App* destroy = cmd->add_subcommand("destroy", "Record a destruction certificate");
  common(destroy, true);
  destroy->add_option("--ref", args->ref, "Application reference")->required();
  destroy->add_option("--destroyed-on", args->destroyed_on, "YYYY-MM-DD")->required();
  destroy->add_option("--certificate", args->certificate, "The certificate (hashed)")->required();
  destroy->callback([args, exit_code] {
    *exit_code = Run(*args, [&](Session& s, const govern::Actor& actor) {
      auto hash = govern_cmd::FileSha256(args->certificate);
      if (!hash.ok()) return Fail(hash.status());
      if (Status st = s.governance->Destroy(args->ref, args->destroyed_on, *hash, actor);
          !st.ok()) {
        return Fail(st);
      }
      return Done(*args, {{"reference", args->ref}, {"state", "CLOSED"}},
                  args->ref + ": destruction certified -> CLOSED");
    });
  });

  CLI::App* role = cmd->add_subcommand(
      "role",
      "Grant (or with --revoke, revoke) a governance role to a landing-service user, so they\n"
      "can act in it in the service; without --role, list the user's roles");
  common(role, false);
  role->add_option("--user", args->user, "The user's username")->required();
  role->add_option("--role", args->role,
                   "applicant (with --org), case_officer, panel, approver, dissemination,\n"
                   "auditor or checker");
  role->add_option("--org", args->org, "The applicant's organisation (ODS code)");
  role->add_flag("--revoke", args->revoke, "Revoke the role instead of granting it");
  role->add_option("--actor", args->actor, "Who grants it (recorded; default: cli)");
  role->callback([args, exit_code] {
    if (args->actor.empty()) args->actor = "cli";
    *exit_code = Run(*args, [&](Session& s, const govern::Actor& actor) {
      return govern_cmd::RunRole(*args, s, actor);
    });
  });

  CLI::App* verify =
      cmd->add_subcommand("verify", "Recompute the ledger's hash chain; exit 0 intact, 65 broken");
  common(verify, false);
  verify->callback([args, exit_code] {
    auto s = govern_cmd::Open(*args);
    *exit_code = s.ok() ? govern_cmd::RunVerify(*args, *s) : Fail(s.status());
  });

  CLI::App* ledger = cmd->add_subcommand("ledger", "Print the ledger (of one application)");
  common(ledger, false);
  ledger->add_option("--ref", args->ref, "Only this application");
  ledger->callback([args, exit_code] {
    auto s = govern_cmd::Open(*args);
    *exit_code = s.ok() ? govern_cmd::RunLedger(*args, *s) : Fail(s.status());
  });

  CLI::App* reg = cmd->add_subcommand(
      "register", "Write the release register of a month (Agreements, Datasets, DataReleases)");
  common(reg, false);
  reg->add_option("--month", args->month, "YYYY-MM: the edition")->required();
  reg->add_option("--format", args->format, "csv (a folder of three files), json or xlsx")
      ->check(CLI::IsMember({"csv", "json", "xlsx"}));
  reg->add_option("--out", args->out, "Folder (csv) or file (json, xlsx)")->required();
  reg->callback([args, exit_code] {
    auto s = govern_cmd::Open(*args);
    *exit_code = s.ok() ? govern_cmd::RunRegister(*args, *s) : Fail(s.status());
  });
}

}  // namespace mhds::cli
