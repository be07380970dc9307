// `mhds spec check DIR` and `mhds spec coverage DIR`: questions about a specification folder.
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "mhds/cli/command_failure.h"
#include "mhds/cli/commands.h"
#include "mhds/cli/exit_codes.h"
#include "mhds/cli/spec_locator.h"
#include "mhds/spec/spec.h"

namespace mhds::cli {
namespace {

int RunCheck(const std::string& dir) {
  auto spec = spec::LoadSpec(ResolveSpecDir(dir));
  if (!spec.ok()) return Fail("spec", spec.status());
  size_t items = 0, unsupported = 0;
  for (const spec::Table& t : spec->tables) items += t.items.size();
  for (const spec::Rule& r : spec->rules) unsupported += r.kind == spec::RuleKind::kUnsupported;
  std::cout << spec->folder.string() << ": " << spec->name << " " << spec->version << ", "
            << spec->tables.size() << " tables, " << items << " items, " << spec->code_lists.size()
            << " code lists, " << spec->rules.size() << " rules (" << unsupported
            << " not yet checkable)\n";
  return kExitAccepted;
}

struct Coverage {
  size_t national = 0;
  size_t implemented = 0;
};

int RunCoverage(const std::string& dir, bool json) {
  auto spec = spec::LoadSpec(ResolveSpecDir(dir));
  if (!spec.ok()) return Fail("spec", spec.status());
  std::set<std::string> implemented;
  for (const spec::Rule& r : spec->rules) {
    if (r.national && r.kind != spec::RuleKind::kUnsupported) implemented.insert(r.code);
  }
  // The national list is the denominator when the folder carries it; otherwise the national
  // rules of rules.csv are.
  std::map<std::string, Coverage> by_table;
  Coverage total;
  auto count = [&](const std::string& code, const std::string& table) {
    bool done = implemented.contains(code);
    by_table[table].national++;
    by_table[table].implemented += done;
    total.national++;
    total.implemented += done;
  };
  if (!spec->national_rules.empty()) {
    for (const spec::NationalRule& n : spec->national_rules) count(n.code, n.table);
  } else {
    for (const spec::Rule& r : spec->rules) {
      if (r.national) count(r.code, r.table >= 0 ? spec->tables[r.table].idb_name : "*");
    }
  }
  auto percent = [](const Coverage& c) {
    return c.national == 0
               ? 0.0
               : 100.0 * static_cast<double>(c.implemented) / static_cast<double>(c.national);
  };
  if (json) {
    nlohmann::json out;
    out["data_set"] = {{"name", spec->name}, {"version", spec->version}};
    out["national_rules"] = total.national;
    out["implemented"] = total.implemented;
    for (const auto& [table, c] : by_table) {
      out["tables"].push_back(
          {{"table", table}, {"national_rules", c.national}, {"implemented", c.implemented}});
    }
    std::cout << out.dump(2) << "\n";
    return kExitAccepted;
  }
  std::cout << std::left << std::setw(34) << "table" << std::right << std::setw(9) << "national"
            << std::setw(13) << "implemented" << std::setw(8) << "share"
            << "\n";
  std::cout << std::fixed << std::setprecision(1);
  for (const auto& [table, c] : by_table) {
    std::cout << std::left << std::setw(34) << table << std::right << std::setw(9) << c.national
              << std::setw(13) << c.implemented << std::setw(7) << percent(c) << "%\n";
  }
  std::cout << std::left << std::setw(34) << "total" << std::right << std::setw(9) << total.national
            << std::setw(13) << total.implemented << std::setw(7) << percent(total) << "%\n";
  return kExitAccepted;
}

}  // namespace

void RegisterSpec(CLI::App& app, int* exit_code) {
  CLI::App* spec = app.add_subcommand(
      "spec", "Check a specification folder, report its coverage, or compare two");
  spec->require_subcommand(1);

  auto check_dir = std::make_shared<std::string>();
  CLI::App* check = spec->add_subcommand(
      "check",
      "Load a specification folder and report every problem with file, line and column.\n"
      "Exit codes: 0 valid, 65 problems found, 66 folder missing.");
  check->add_option("DIR", *check_dir, "Specification folder (default: specs/mhsds/6.0)");
  check->callback([check_dir, exit_code] { *exit_code = RunCheck(*check_dir); });

  auto coverage_dir = std::make_shared<std::string>();
  auto coverage_json = std::make_shared<bool>(false);
  CLI::App* coverage = spec->add_subcommand(
      "coverage",
      "How many of the national rule codes the folder implements, per table and in\n"
      "total. Exit codes: 0 success, 65 invalid folder, 66 folder missing.");
  coverage->add_option("DIR", *coverage_dir, "Specification folder (default: specs/mhsds/6.0)");
  coverage->add_flag("--json", *coverage_json, "Machine-readable output");
  coverage->callback([coverage_dir, coverage_json, exit_code] {
    *exit_code = RunCoverage(*coverage_dir, *coverage_json);
  });
  RegisterSpecDiff(*spec, exit_code);
}

}  // namespace mhds::cli
