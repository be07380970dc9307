// The subcommands of `mhds`, one file each. Each Register* adds its subcommand to the CLI11 app
// and stores the exit code of its run in `*exit_code`.
#pragma once

#include <CLI/CLI.hpp>

namespace mhds::cli {

void RegisterValidate(CLI::App& app, int* exit_code);
void RegisterSpec(CLI::App& app, int* exit_code);
void RegisterSpecDiff(CLI::App& spec, int* exit_code);  // mhds spec diff, under `spec`
void RegisterConvert(CLI::App& app, int* exit_code);
void RegisterBuild(CLI::App& app, int* exit_code);
void RegisterConformance(CLI::App& app, int* exit_code);
void RegisterGenerate(CLI::App& app, int* exit_code);
void RegisterScore(CLI::App& app, int* exit_code);
void RegisterServe(CLI::App& app, int* exit_code);
void RegisterAccountAndAudit(CLI::App& app, int* exit_code);  // mhds account, mhds audit
void RegisterWindows(CLI::App& app, int* exit_code);
void RegisterTrace(CLI::App& app, int* exit_code);
void RegisterDerive(CLI::App& app, int* exit_code);
void RegisterExtract(CLI::App& app, int* exit_code);    // mhds extract
void RegisterReconcile(CLI::App& app, int* exit_code);  // mhds reconcile
void RegisterGovern(CLI::App& app, int* exit_code);

}  // namespace mhds::cli
