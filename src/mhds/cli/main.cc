// mhds: validate NHS England mental health data set submissions on your own machine.
#include <CLI/CLI.hpp>

#include "mhds/cli/commands.h"
#include "mhds/cli/exit_codes.h"

int main(int argc, char** argv) {
  CLI::App app{
      "mhds: check Mental Health Services Data Set (MHSDS) and NHS Talking Therapies (IAPT)\n"
      "submissions against the national validations, with every rejection traced to its cause.\n"
      "Exit codes: 0 accepted, 1 accepted with rejected rows, 2 file rejected, 64 bad usage,\n"
      "65 unreadable input, 66 input missing, 70 internal error, 74 cannot write output.",
      "mhds"};
  app.set_version_flag("--version", "mhds 0.1.0");
  app.require_subcommand(1);
  int exit_code = mhds::cli::kExitAccepted;
  mhds::cli::RegisterValidate(app, &exit_code);
  mhds::cli::RegisterSpec(app, &exit_code);
  mhds::cli::RegisterConvert(app, &exit_code);
  mhds::cli::RegisterBuild(app, &exit_code);
  mhds::cli::RegisterConformance(app, &exit_code);
  mhds::cli::RegisterGenerate(app, &exit_code);
  mhds::cli::RegisterScore(app, &exit_code);
  mhds::cli::RegisterServe(app, &exit_code);
  mhds::cli::RegisterAccountAndAudit(app, &exit_code);
  mhds::cli::RegisterWindows(app, &exit_code);
  mhds::cli::RegisterTrace(app, &exit_code);
  mhds::cli::RegisterDerive(app, &exit_code);
  mhds::cli::RegisterExtract(app, &exit_code);
  mhds::cli::RegisterReconcile(app, &exit_code);
  mhds::cli::RegisterGovern(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : mhds::cli::kExitUsage;
  }
  return exit_code;
}
