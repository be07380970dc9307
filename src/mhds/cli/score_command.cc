// `mhds score REPORT.json EXPECTED.json`: how well a DQ report finds the defects a generator
// planted.
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "mhds/cli/command_failure.h"
#include "mhds/cli/commands.h"
#include "mhds/cli/exit_codes.h"
#include "mhds/generate/expected.h"
#include "mhds/generate/score.h"

namespace mhds::cli {
namespace {

struct ScoreArgs {
  std::string report;
  std::string expected;
  bool json = false;
};

constexpr int kExitImperfect = 1;
constexpr size_t kProblemsShown = 20;

Result<std::string> ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

int RunScore(const ScoreArgs& args) {
  auto report = ReadWhole(args.report);
  if (!report.ok()) return Fail("score", report.status());
  auto expected_text = ReadWhole(args.expected);
  if (!expected_text.ok()) return Fail("score", expected_text.status());
  auto expected = generate::ParseExpected(*expected_text, args.expected);
  if (!expected.ok()) return Fail("score", expected.status());
  auto score = generate::Score(*report, args.report, *expected);
  if (!score.ok()) return Fail("score", score.status());
  if (args.json) {
    std::cout << generate::ScoreToJson(*score);
  } else {
    std::cout << (score->perfect() ? "PERFECT" : "IMPERFECT") << ": precision " << std::fixed
              << std::setprecision(3) << score->precision << ", recall " << score->recall << "; "
              << score->found << " of " << score->expected << " expected findings, "
              << score->unexpected << " unexpected; cascades " << score->cascade_rows_matched
              << " of " << score->cascade_rows_expected << " rows matched\n";
    std::cout << "  code          expected  found  missed  unexpected\n";
    for (const generate::CodeScore& c : score->by_code) {
      std::cout << "  " << std::left << std::setw(12) << c.code << std::right << std::setw(10)
                << c.expected << std::setw(7) << c.found << std::setw(8) << c.missed
                << std::setw(12) << c.unexpected << "\n";
    }
    for (size_t i = 0; i < score->problems.size() && i < kProblemsShown; ++i) {
      std::cout << "  " << score->problems[i] << "\n";
    }
    if (score->problems.size() > kProblemsShown) {
      std::cout << "  ... and " << score->problems.size() - kProblemsShown
                << " more (--json lists all)\n";
    }
  }
  return score->perfect() ? kExitAccepted : kExitImperfect;
}

}  // namespace

void RegisterScore(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ScoreArgs>();
  CLI::App* cmd = app.add_subcommand(
      "score",
      "Compare a JSON report of `mhds validate` with the expected.json of `mhds generate`:\n"
      "planted defects found and missed per rule code, findings nobody planted, cascades.\n"
      "Exit codes: 0 perfect score, 1 anything missed, unexpected or a cascade that differs,\n"
      "64 bad usage, 65 unreadable input, 66 input missing.");
  cmd->add_option("REPORT", args->report, "JSON report (mhds validate --json FILE)")->required();
  cmd->add_option("EXPECTED", args->expected, "expected.json written by mhds generate")->required();
  cmd->add_flag("--json", args->json, "Print the score as JSON");
  cmd->callback([args, exit_code] { *exit_code = RunScore(*args); });
}

}  // namespace mhds::cli
