// Micro benchmarks of CsvReader on a simple CSV (short unquoted ASCII fields, like an MHSDS table),
// against a baseline in the same run: read() plus memchr for line ends, which is about as fast as
// any splitter can go. Compare the bytes_per_second of the two.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "mhds/io/csv/csv_reader.h"

namespace mhds::io {
namespace {

constexpr size_t kFileBytes = size_t{256} << 20;

// A file of about kFileBytes in the page cache, written once.
const std::string& SimpleCsv() {
  static const std::string path = [] {
    std::string name = "/tmp/mhds_csv_benchmark_XXXXXX";
    const int fd = mkstemp(name.data());
    if (fd >= 0) close(fd);
    std::ofstream out(name, std::ios::binary);
    out << "LocalPatientId,OrgIDProv,NHSNumber,PersonBirthDate,Gender,EthnicCategory,Postcode,"
           "ReferralId,ReferralDate,SourceOfReferral,ServiceType,PrimaryReason,Priority,"
           "DischargeDate,Amount\n";
    std::string row;
    for (size_t i = 0, written = 0; written < kFileBytes; ++i, written += row.size()) {
      row.clear();
      row += "P" + std::to_string(100000 + i % 900000) + ",RXX,";
      row += std::to_string(9434765919 - i % 1000) + ",1985-03-";
      row += std::to_string(10 + i % 18) + "," + std::to_string(1 + i % 2) + ",A,LS1 4AP,R";
      row += std::to_string(i) + ",2024-01-15,A1,C0" + std::to_string(i % 9) + ",";
      row += std::to_string(i % 30) + ",U,," + std::to_string(i % 1000) + ".50\n";
      out << row;
    }
    return name;
  }();
  return path;
}

void BM_MemchrLines(benchmark::State& state) {
  const std::string& path = SimpleCsv();
  std::vector<char> buffer(size_t{1} << 20);
  for (auto _ : state) {
    const int fd = open(path.c_str(), O_RDONLY);
    size_t lines = 0;
    size_t total = 0;
    for (ssize_t got; (got = read(fd, buffer.data(), buffer.size())) > 0;) {
      total += got;
      for (const char* p = buffer.data();
           (p = static_cast<const char*>(memchr(p, '\n', buffer.data() + got - p))); ++p) {
        ++lines;
      }
    }
    close(fd);
    benchmark::DoNotOptimize(lines);
    state.SetBytesProcessed(state.bytes_processed() + total);
  }
}
BENCHMARK(BM_MemchrLines)->Unit(benchmark::kMillisecond);

void BM_CsvReader(benchmark::State& state) {
  const std::string& path = SimpleCsv();
  const CsvOptions options{.chunk_bytes = static_cast<size_t>(state.range(0)) << 10};
  std::vector<std::string_view> fields;
  for (auto _ : state) {
    auto reader = CsvReader::Open(path, options);
    if (!reader.ok()) {
      state.SkipWithError(reader.status().message().c_str());
      return;
    }
    size_t field_count = 0;
    while ((*reader)->Next(fields)) field_count += fields.size();
    if (!(*reader)->status().ok()) state.SkipWithError((*reader)->status().message().c_str());
    benchmark::DoNotOptimize(field_count);
    state.SetBytesProcessed(state.bytes_processed() + (*reader)->bytes_read());
  }
}
BENCHMARK(BM_CsvReader)->Arg(256)->Arg(1024)->Arg(4096)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace mhds::io

BENCHMARK_MAIN();
