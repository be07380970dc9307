// Micro benchmark of the validator alone: Validate() over a synthetic MHSDS v6.0 submission
// (`mhds generate` with bench/generate.csv, 1% of patients with one defect) read from CSV files in
// the page cache, with no report written. bytes_per_second is CSV bytes; items_per_second is data rows.
// Under callgrind, run one iteration:
//   valgrind --tool=callgrind build/bench/mhds_validator_benchmark --benchmark_min_time=0
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

#include "mhds/generate/generator.h"
#include "mhds/io/table_source.h"
#include "mhds/spec/spec.h"
#include "mhds/validate/validator.h"

namespace mhds::validate {
namespace {

constexpr uint64_t kRows = 200000;

const std::string& SpecDir() {
  static const std::string dir = std::string(MHDS_SOURCE_DIR) + "/specs/mhsds/6.0";
  return dir;
}

// A folder removed, with what is in it, when the program ends.
struct TempFolder {
  std::string path;
  ~TempFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

// A submission of kRows rows, generated once into a temporary folder removed at exit.
const std::string& Submission() {
  static const TempFolder folder = [] {
    std::string name = std::filesystem::temp_directory_path() / "mhds_validator_benchmark_XXXXXX";
    if (mkdtemp(name.data()) == nullptr) std::abort();
    auto spec = spec::LoadSpec(SpecDir());
    if (!spec.ok()) std::abort();
    generate::GenerateOptions options;
    options.period = "2026-10";
    options.out = name;
    options.rows = kRows;
    options.seed = 42;
    options.defect_rate = 0.01;
    options.shape = std::string(MHDS_SOURCE_DIR) + "/bench/generate.csv";
    if (!generate::Generate(*spec, options).ok()) std::abort();
    return TempFolder{name};
  }();
  return folder.path;
}

void BM_Validate(benchmark::State& state) {
  auto spec = spec::LoadSpec(SpecDir());
  if (!spec.ok()) {
    state.SkipWithError("cannot load the spec folder");
    return;
  }
  const std::string& dir = Submission();
  ValidateOptions options;
  options.period = "2026-10";
  options.uploaded_at = 1793872800;  // 2026-11-05T10:00:00Z
  options.org = "RX1";
  uint64_t bytes = 0, rows = 0;
  for (auto _ : state) {
    auto source = io::OpenSource(dir);
    if (!source.ok()) {
      state.SkipWithError("cannot open the submission");
      return;
    }
    auto result = Validate(*spec, **source, options);
    if (!result.ok()) {
      state.SkipWithError("validation failed");
      return;
    }
    benchmark::DoNotOptimize(result->findings.data());
    bytes += result->bytes_read;
    for (const TableCounts& t : result->tables) rows += t.received;
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(static_cast<int64_t>(rows));
}
BENCHMARK(BM_Validate)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace mhds::validate

BENCHMARK_MAIN();
