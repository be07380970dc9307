// mhds_make_submission: writes a synthetic MHSDS CSV submission for benchmarks.
//
//   mhds_make_submission --out DIR --rows N [--seed S] [--defect-rate R] [--period CCYY-MM]
//                        [--org ODS] [--spec SPEC_DIR]
//
// The columns of each file are the items of SPEC_DIR/items.csv in order, so the files match the
// spec they are validated against. Prints, as CSV on standard output, the rows and injected
// defects of each table (see submission_generator.h for the shape of the data and the defects).
// Exit status 0 on success, 1 on a failure, 64 on bad usage.
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <string_view>

#include "civil_date.h"
#include "spec_tables.h"
#include "submission_generator.h"

namespace {

constexpr int kExitUsage = 64;

constexpr std::string_view kUsage =
    "usage: mhds_make_submission --out DIR --rows N [--seed S] [--defect-rate R]\n"
    "                            [--period CCYY-MM] [--org ODS] [--spec SPEC_DIR]\n";

bool ParseNumber(std::string_view text, double& out) {
  char* end = nullptr;
  const std::string copy(text);
  out = std::strtod(copy.c_str(), &end);
  return !copy.empty() && end == copy.c_str() + copy.size();
}

}  // namespace

int main(int argc, char** argv) {
  mhds::bench::GeneratorOptions options;
  std::string spec_dir = MHDS_DEFAULT_SPEC_DIR;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag == "-h" || flag == "--help") {
      std::cout << kUsage;
      return 0;
    }
    if (i + 1 >= argc) {
      std::cerr << "mhds_make_submission: " << flag << " needs a value\n" << kUsage;
      return kExitUsage;
    }
    const std::string_view value = argv[++i];
    double number = 0;
    if (flag == "--out") {
      options.out_dir = value;
    } else if (flag == "--spec") {
      spec_dir = value;
    } else if (flag == "--period") {
      options.period = value;
    } else if (flag == "--org") {
      options.org = value;
    } else if ((flag == "--rows" || flag == "--seed") && ParseNumber(value, number) &&
               number >= 0 && number < 1e18) {
      (flag == "--rows" ? options.rows : options.seed) = static_cast<uint64_t>(number);
    } else if (flag == "--defect-rate" && ParseNumber(value, number) && number >= 0 &&
               number <= 1) {
      options.defect_rate = number;
    } else {
      std::cerr << "mhds_make_submission: bad option " << flag << " " << value << "\n" << kUsage;
      return kExitUsage;
    }
  }
  if (options.out_dir.empty() || options.rows == 0) {
    std::cerr << "mhds_make_submission: --out and --rows are required\n" << kUsage;
    return kExitUsage;
  }

  int64_t first = 0;
  int64_t last = 0;
  std::string error;
  mhds::bench::SpecTables spec;
  if (!mhds::bench::ParseMonth(options.period, first, last) ||
      !mhds::bench::LoadSpecTables(spec_dir, mhds::bench::DateText(first),
                                   mhds::bench::DateText(last), spec, error)) {
    std::cerr << "mhds_make_submission: " << (error.empty() ? "bad --period" : error) << "\n";
    return error.empty() ? kExitUsage : 1;
  }

  const auto started = std::chrono::steady_clock::now();
  std::map<std::string, mhds::bench::TableSummary> summary;
  if (!mhds::bench::GenerateSubmission(spec, options, summary, error)) {
    std::cerr << "mhds_make_submission: " << error << "\n";
    return 1;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::cout << "table,rows";
  for (int k = 0; k < mhds::bench::kDefectKinds; ++k) {
    std::cout << "," << mhds::bench::DefectName(static_cast<mhds::bench::DefectKind>(k));
  }
  std::cout << "\n";
  for (const auto& [table, counts] : summary) {
    std::cout << table << "," << counts.rows;
    for (uint64_t n : counts.defects) std::cout << "," << n;
    std::cout << "\n";
  }
  std::cerr << "mhds_make_submission: " << options.rows << " rows in " << seconds << " s ("
            << static_cast<uint64_t>(static_cast<double>(options.rows) / seconds) << " rows/s)\n";
  return 0;
}
