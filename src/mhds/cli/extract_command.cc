// `mhds extract SUBMISSION --period CCYY-MM --out DIR`: validates a submission, then writes the
// provider's post-deadline extract and one extract per commissioner (CSV, XML with its XSD, and a
// manifest) from its accepted rows (docs/extracts.md).
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "mhds/base/calendar.h"
#include "mhds/cli/commands.h"
#include "mhds/cli/exit_codes.h"
#include "mhds/cli/spec_locator.h"
#include "mhds/cli/terminal.h"
#include "mhds/extract/extract.h"
#include "mhds/io/table_source.h"
#include "mhds/spec/spec.h"
#include "mhds/validate/validator.h"

namespace mhds::cli {
namespace {

struct ExtractArgs {
  std::string path;
  std::string period;
  std::string out;
  std::string opt_outs;
  std::string person_key;
  std::string spec;
  std::string org;
  std::string operator_name;
  bool json = false;
  bool quiet = false;
};

int ExtractFail(const Status& status) {
  std::cerr << "mhds extract: " << status.message() << "\n";
  return ExitCodeFor(status);
}

// The key file's bytes, less one trailing newline.
Result<std::string> ReadPersonKey(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read the person key file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  std::string key = text.str();
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
  // A short key would let anyone who guesses it turn Person_IDs back into NHS Numbers (the NHS
  // Number space is small enough to try every number).
  constexpr size_t kMinKeyBytes = 32;
  if (key.size() < kMinKeyBytes) {
    return Status::InvalidArgument("the person key in " + path + " is " +
                                   std::to_string(key.size()) + " bytes; expected at least " +
                                   std::to_string(kMinKeyBytes) +
                                   " (for example: head -c 32 /dev/urandom | base64 > FILE)");
  }
  return key;
}

std::string ExtractSummary(const extract::ExtractRun& run, const std::string& out) {
  std::ostringstream s;
  s << "Extracts of " << run.provider << " for " << run.period << " in " << out << ":\n";
  for (const extract::BuiltExtract& e : run.extracts) {
    uint64_t before = 0;
    uint64_t written = 0;
    for (const extract::TableCount& t : e.tables) {
      before += t.in_scope;
      written += t.written;
    }
    s << "  " << e.folder << ": " << written << " rows";
    if (e.opt_outs_applied) {
      s << " (" << before - written << " rows of " << e.people_opted_out
        << " opted-out people removed)";
    } else {
      s << " (opt-outs not applied: the provider's own data)";
    }
    s << "\n";
  }
  for (const std::string& line : run.skipped) s << "  " << line << "\n";
  return s.str();
}

std::string ExtractSummaryJson(const extract::ExtractRun& run) {
  nlohmann::ordered_json out;
  out["provider"] = run.provider;
  out["period"] = run.period;
  out["manifests"] = nlohmann::ordered_json::array();
  for (const extract::BuiltExtract& e : run.extracts) {
    out["manifests"].push_back(nlohmann::ordered_json::parse(e.files.back().contents));
  }
  out["skipped"] = run.skipped;
  return out.dump(2) + "\n";
}

int RunExtract(const ExtractArgs& args) {
  if (!ParseReportingMonth(args.period)) {
    return ExtractFail(Status::InvalidArgument("--period '" + args.period + "' is not CCYY-MM"));
  }
  extract::ExtractOptions options;
  extract::OptOutList opt_outs;
  if (!args.opt_outs.empty()) {
    auto list = extract::ReadOptOuts(args.opt_outs);
    if (!list.ok()) return ExtractFail(list.status());
    opt_outs = std::move(list).value();
    options.opt_outs = &opt_outs;
  }
  if (!args.person_key.empty()) {
    auto key = ReadPersonKey(args.person_key);
    if (!key.ok()) return ExtractFail(key.status());
    options.person_key = std::move(key).value();
  }
  options.created_at = static_cast<int64_t>(std::time(nullptr));
  options.created_by = args.operator_name;
  if (options.created_by.empty()) {
    const char* user = std::getenv("USER");
    options.created_by = user ? user : "";
  }

  auto source = io::OpenSource(args.path);
  if (!source.ok()) return ExtractFail(source.status());
  std::filesystem::path spec_dir =
      args.spec.empty() ? DetectSpecDir(**source) : ResolveSpecDir(args.spec);
  auto spec = spec::LoadSpec(spec_dir);
  if (!spec.ok()) return ExtractFail(spec.status());
  auto layout = extract::LoadExtractLayout(*spec);
  if (!layout.ok()) return ExtractFail(layout.status());

  validate::ValidateOptions validate_options;
  validate_options.period = args.period;
  if (!args.org.empty()) validate_options.org = args.org;
  ProgressLine progress("validating", !args.quiet && !args.json);
  validate_options.progress = [&](uint64_t done, uint64_t total) { progress.Update(done, total); };
  auto validation = validate::Validate(*spec, **source, validate_options);
  if (!validation.ok()) return ExtractFail(validation.status());
  if (validation->file_rejected) {
    std::cerr << "mhds extract: the submission was rejected as a whole (run mhds validate to see "
                 "why), so it has no extract\n";
    return kExitFileRejected;
  }
  auto run = extract::BuildExtracts(*spec, **source, *validation, *layout, options);
  if (!run.ok()) return ExtractFail(run.status());
  if (Status s = extract::WriteExtracts(*run, args.out); !s.ok()) return ExtractFail(s);
  if (options.person_key.empty() && !args.quiet) {
    std::cerr << "mhds extract: no --person-key, so Person_ID is blank in every extract\n";
  }
  if (args.json) {
    std::cout << ExtractSummaryJson(*run);
  } else if (!args.quiet) {
    std::cout << ExtractSummary(*run, args.out);
  }
  return kExitAccepted;
}

}  // namespace

void RegisterExtract(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ExtractArgs>();
  CLI::App* cmd = app.add_subcommand(
      "extract",
      "Validate a submission, then write its post-deadline extracts from the accepted rows: the\n"
      "provider's own (all its records, with derived items such as UniqServReqID and Person_ID)\n"
      "and one per commissioner found on its referrals (their records only, no NHS Number, local\n"
      "id, birth date or postcode, and no record of a person in the national data opt-out list).\n"
      "Each goes to OUT/<kind>-<code>/: one CSV per table, extract.xml, extract.xsd and\n"
      "manifest.json (rows before and after opt-outs, SHA-256 of each file). The layout is\n"
      "extract.csv in the specification folder. Files are written atomically with mode 0600.\n"
      "Exit codes: 0 extracts written, 2 file rejected (no extract), 64 bad usage or short key,\n"
      "65 unreadable input, spec or opt-out list, 66 input missing, 74 cannot write.");
  cmd->add_option("SUBMISSION", args->path, "Submission: CSV folder, SQLite or Access IDB")
      ->required();
  cmd->add_option("--period", args->period, "Reporting month, CCYY-MM")->required();
  cmd->add_option("--out", args->out, "Folder to write the extracts into (created 0700)")
      ->required();
  cmd->add_option("--opt-outs", args->opt_outs,
                  "National data opt-out list: one NHS Number a line. Without it, only the\n"
                  "provider's own extract is written");
  cmd->add_option("--person-key", args->person_key,
                  "File holding the secret key (at least 32 bytes) for Person_ID; keep it away\n"
                  "from the extracts. Without it, Person_ID is blank");
  cmd->add_option("--spec", args->spec,
                  "Specification folder (default: the bundled folder matching the submission)");
  cmd->add_option("--org", args->org, "ODS code of the submitting organisation");
  cmd->add_option("--operator", args->operator_name,
                  "Who makes the extract, for the manifest (default: $USER)");
  cmd->add_flag("--json", args->json, "Print the manifests as one JSON document");
  cmd->add_flag("-q,--quiet", args->quiet, "Print nothing but errors");
  cmd->callback([args, exit_code] { *exit_code = RunExtract(*args); });
}

}  // namespace mhds::cli
