// `mhds spec diff A B`: what changed from specification folder A to folder B (tables, items,
// mandation, formats, code lists, rules), as text, JSON (--json) or CSV (--csv).
#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>

#include "mhds/cli/commands.h"
#include "mhds/cli/exit_codes.h"
#include "mhds/cli/spec_locator.h"
#include "mhds/report/csv_writer.h"
#include "mhds/spec/diff.h"
#include "mhds/spec/spec.h"

namespace mhds::cli {
namespace {

using spec::SpecChange;
using Section = SpecChange::Section;
using Kind = SpecChange::Kind;

struct SpecDiffArgs {
  std::string from;
  std::string to;
  bool json = false;
  bool csv = false;
  bool ignore_wording = false;
};

// A rule whose message alone changed reads the same to a provider's extract: only its wording
// moved (IAPT's IDSWRN901 names the version in its message, for example).
bool IsWordingOnly(const SpecChange& c) {
  return c.section == Section::kRule && c.kind == Kind::kChanged && c.attribute == "message";
}

constexpr Section kSections[] = {Section::kDataSet,  Section::kTable, Section::kItem,
                                 Section::kCodeList, Section::kCode,  Section::kRule};

const char* SectionTitle(Section s) {
  switch (s) {
    case Section::kDataSet:
      return "Data set";
    case Section::kTable:
      return "Tables";
    case Section::kItem:
      return "Items";
    case Section::kCodeList:
      return "Code lists";
    case Section::kCode:
      return "Codes";
    case Section::kRule:
      return "Rules";
  }
  return "Tables";
}

// "IDS001 PersonBirthDate", "list GenderIdentityCode code X", "IDS00130 (IDS001)".
std::string Subject(const SpecChange& c) {
  switch (c.section) {
    case Section::kDataSet:
    case Section::kTable:
    case Section::kCodeList:
      return c.subject;
    case Section::kItem:
      return c.table + " " + c.subject;
    case Section::kCode:
      return c.table + " " + c.subject;
    case Section::kRule:
      return c.subject + " (" + c.table + ")";
  }
  return c.subject;
}

void PrintText(const spec::Spec& a, const spec::Spec& b, const spec::SpecDiff& diff) {
  std::cout << a.name << " " << a.version << " (" << a.folder.string() << ") -> " << b.name << " "
            << b.version << " (" << b.folder.string() << "): " << diff.changes.size()
            << " changes\n";
  for (Section s : kSections) {
    size_t added = diff.Count(s, Kind::kAdded), removed = diff.Count(s, Kind::kRemoved),
           changed = diff.Count(s, Kind::kChanged);
    if (added + removed + changed == 0) continue;
    std::cout << "\n" << SectionTitle(s) << ":";
    if (s != Section::kDataSet) {
      std::cout << " " << added << " added, " << removed << " removed, " << changed << " changed";
    }
    std::cout << "\n";
    for (Kind k : {Kind::kAdded, Kind::kRemoved, Kind::kChanged}) {
      for (const SpecChange& c : diff.changes) {
        if (c.section != s || c.kind != k) continue;
        switch (k) {
          case Kind::kAdded:
            std::cout << "  + " << Subject(c) << ": " << c.after << "\n";
            break;
          case Kind::kRemoved:
            std::cout << "  - " << Subject(c) << ": " << c.before << "\n";
            break;
          case Kind::kChanged:
            std::cout << "  ~ " << Subject(c) << " " << c.attribute << ": "
                      << (c.before.empty() ? "(none)" : c.before) << " -> "
                      << (c.after.empty() ? "(none)" : c.after) << "\n";
            break;
        }
      }
    }
  }
  if (diff.changes.empty()) std::cout << "no differences\n";
  size_t wording = std::count_if(diff.changes.begin(), diff.changes.end(), IsWordingOnly);
  if (wording > 0) {
    std::cout << "\n"
              << wording << " of these only reword a rule's message (--ignore-wording "
              << "leaves them out)\n";
  }
}

void PrintJson(const spec::Spec& a, const spec::Spec& b, const spec::SpecDiff& diff) {
  auto side = [](const spec::Spec& s) {
    return nlohmann::json{{"name", s.name},
                          {"version", s.version},
                          {"folder", s.folder.string()},
                          {"in_force", s.in_force.Describe()}};
  };
  nlohmann::json out;
  out["from"] = side(a);
  out["to"] = side(b);
  nlohmann::json counts = nlohmann::json::object();
  for (Section s : kSections) {
    counts[std::string(spec::SectionName(s))] = {{"added", diff.Count(s, Kind::kAdded)},
                                                 {"removed", diff.Count(s, Kind::kRemoved)},
                                                 {"changed", diff.Count(s, Kind::kChanged)}};
  }
  out["counts"] = counts;
  out["changes"] = nlohmann::json::array();
  for (const SpecChange& c : diff.changes) {
    out["changes"].push_back({{"section", spec::SectionName(c.section)},
                              {"change", spec::ChangeKindName(c.kind)},
                              {"table", c.table},
                              {"subject", c.subject},
                              {"attribute", c.attribute},
                              {"before", c.before},
                              {"after", c.after}});
  }
  std::cout << out.dump(2) << "\n";
}

void PrintCsv(const spec::SpecDiff& diff) {
  report::CsvWriter w;
  for (const char* column :
       {"section", "change", "table", "subject", "attribute", "before", "after"})
    w.Text(column);
  w.EndRow();
  for (const SpecChange& c : diff.changes) {
    w.Text(spec::SectionName(c.section))
        .Text(spec::ChangeKindName(c.kind))
        .Text(c.table)
        .Text(c.subject)
        .Text(c.attribute)
        .Text(c.before)
        .Text(c.after);
    w.EndRow();
  }
  std::cout << w.text();
}

int RunSpecDiff(const SpecDiffArgs& args) {
  auto a = spec::LoadSpec(args.from);
  if (!a.ok()) {
    std::cerr << "mhds spec diff: " << a.status().message() << "\n";
    return ExitCodeFor(a.status());
  }
  auto b = spec::LoadSpec(args.to);
  if (!b.ok()) {
    std::cerr << "mhds spec diff: " << b.status().message() << "\n";
    return ExitCodeFor(b.status());
  }
  spec::SpecDiff diff = spec::DiffSpecs(*a, *b);
  if (args.ignore_wording) std::erase_if(diff.changes, IsWordingOnly);
  if (args.json) {
    PrintJson(*a, *b, diff);
  } else if (args.csv) {
    PrintCsv(diff);
  } else {
    PrintText(*a, *b, diff);
  }
  return kExitAccepted;
}

}  // namespace

void RegisterSpecDiff(CLI::App& spec, int* exit_code) {
  auto args = std::make_shared<SpecDiffArgs>();
  CLI::App* diff = spec.add_subcommand(
      "diff",
      "List what changed from specification folder A to B, the way a national change\n"
      "specification reads: tables, items (format, type, mandation, code list), codes of each\n"
      "code list, and rules added, removed or changed.\n"
      "Exit codes: 0 listed (with or without differences), 65 a folder is invalid, 66 missing.");
  diff->add_option("A", args->from, "The older specification folder, e.g. specs/iapt/2.0")
      ->required();
  diff->add_option("B", args->to, "The newer specification folder, e.g. specs/iapt/2.1")
      ->required();
  diff->add_flag("--ignore-wording", args->ignore_wording,
                 "Leave out rules whose message wording alone changed");
  auto* json = diff->add_flag("--json", args->json, "Machine-readable output (JSON)");
  diff->add_flag("--csv", args->csv, "One row per change (CSV, formula-protected)")->excludes(json);
  diff->callback([args, exit_code] { *exit_code = RunSpecDiff(*args); });
}

}  // namespace mhds::cli
