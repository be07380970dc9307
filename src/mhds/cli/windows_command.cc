// `mhds windows --dataset mhsds --on 2026-11-23`: which submission windows are open on a day, read
// from the data set's windows.csv files (serve/submission_calendar.h).
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "mhds/base/calendar.h"
#include "mhds/cli/command_failure.h"
#include "mhds/cli/commands.h"
#include "mhds/cli/exit_codes.h"
#include "mhds/cli/spec_locator.h"
#include "mhds/serve/submission_calendar.h"

namespace mhds::cli {
namespace {

struct WindowsArgs {
  std::string data_set;
  std::string on;
  std::string period;
  std::string specs;
  bool json = false;
};

nlohmann::json WindowJson(const serve::Window& w) {
  return {{"data_set", w.data_set},
          {"version", w.version},
          {"period", serve::FormatMonth(w.period)},
          {"kind", w.kind},
          {"submission_number", w.submission_number},
          {"opens", FormatDate(w.opens)},
          {"closes", FormatDate(w.closes)}};
}

std::string WindowLine(const serve::Window& w) {
  return serve::FormatMonth(w.period) + "  " + w.kind +
         (w.submission_number > 1 ? " (submission " + std::to_string(w.submission_number) + ")"
                                  : "") +
         ", v" + w.version + ", " + FormatDate(w.opens) + " to " + FormatDate(w.closes);
}

int RunWindows(const WindowsArgs& args) {
  int64_t today = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count() /
                  kSecondsPerDay;
  int64_t day = today;
  if (!args.on.empty()) {
    auto parsed = ParseDate(args.on);
    if (!parsed)
      return Fail("windows", Status::InvalidArgument("--on '" + args.on + "' is not CCYY-MM-DD"));
    day = *parsed;
  }
  std::optional<serve::MonthIndex> period;
  if (!args.period.empty()) {
    period = serve::ParseMonth(args.period);
    if (!period) {
      return Fail("windows",
                  Status::InvalidArgument("--period '" + args.period + "' is not CCYY-MM"));
    }
  }
  std::filesystem::path root =
      args.specs.empty() ? FindSpecsRoot() : std::filesystem::path(args.specs);
  auto calendar = serve::SubmissionCalendar::Load(root, args.data_set);
  if (!calendar.ok()) return Fail("windows", calendar.status());

  std::vector<serve::Window> open = calendar->OpenOn(day);
  if (period) {
    std::erase_if(open, [&](const serve::Window& w) { return w.period != *period; });
  }
  std::optional<serve::Window> next =
      period ? calendar->NextFor(*period, day) : calendar->NextOpening(day);
  if (args.json) {
    nlohmann::json out;
    out["data_set"] = args.data_set;
    out["on"] = FormatDate(day);
    out["open"] = nlohmann::json::array();
    for (const auto& w : open) out["open"].push_back(WindowJson(w));
    out["next"] = next ? WindowJson(*next) : nlohmann::json();
    std::cout << out.dump(2) << "\n";
    return kExitAccepted;
  }
  std::string what = args.data_set + (period ? " " + args.period : "");
  if (open.empty()) {
    std::cout << "No " << what << " window is open on " << FormatDate(day) << ".\n";
  } else {
    std::cout << what << " windows open on " << FormatDate(day) << ":\n";
    for (const auto& w : open) std::cout << "  " << WindowLine(w) << "\n";
  }
  if (next) {
    std::cout << "Next: " << WindowLine(*next) << "\n";
  } else {
    std::cout << "No later window is in the calendar.\n";
  }
  return kExitAccepted;
}

}  // namespace

void RegisterWindows(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<WindowsArgs>();
  CLI::App* cmd = app.add_subcommand(
      "windows",
      "Print the submission windows of a data set open on a day, and the next one to open,\n"
      "from specs/<data set>/<version>/windows.csv.\n"
      "Exit codes: 0 success, 64 bad usage, 65 malformed windows.csv, 66 no such data set.");
  cmd->add_option("--dataset", args->data_set, "Data set folder name: mhsds or iapt")->required();
  cmd->add_option("--on", args->on, "The day, CCYY-MM-DD (default: today, UTC)");
  cmd->add_option("--period", args->period,
                  "Only windows for this reporting month, CCYY-MM (and the next one for it)");
  cmd->add_option("--specs", args->specs,
                  "Folder holding the data set folders (default: the bundled specs)");
  cmd->add_flag("--json", args->json, "Print JSON instead of text");
  cmd->callback([args, exit_code] { *exit_code = RunWindows(*args); });
}

}  // namespace mhds::cli
