// Fuzz target for CsvReader. Whatever the bytes, reading them must end in rows or a positioned
// error: no crash, no hang, no unbounded memory. And the outcome must not depend on where the
// read() chunks happen to end, so each input is read twice, with large and with tiny chunks, and
// any difference aborts.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "mhds/io/csv/csv_reader.h"
#include "temp_file.h"

namespace {

struct Outcome {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  std::vector<uint64_t> lines;
  std::string status;

  bool operator==(const Outcome&) const = default;
};

Outcome ReadAll(const std::string& path, const mhds::io::CsvOptions& options) {
  Outcome out;
  auto reader = mhds::io::CsvReader::Open(path, options);
  if (!reader.ok()) {
    out.status = reader.status().ToString();
    return out;
  }
  out.columns = (*reader)->columns();
  std::vector<std::string_view> fields;
  while ((*reader)->Next(fields)) {
    if (fields.size() != out.columns.size()) std::abort();
    out.rows.emplace_back(fields.begin(), fields.end());
    out.lines.push_back((*reader)->line());
  }
  out.status = (*reader)->status().ToString();
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const mhds::fuzz::TempFile file("mhds_csv_fuzz");
  const std::string& path = file.Write(data, size);
  constexpr size_t kMaxLine = size_t{1} << 20;
  const Outcome whole = ReadAll(path, {.max_line_bytes = kMaxLine});
  const Outcome chunked = ReadAll(path, {.chunk_bytes = 7, .max_line_bytes = kMaxLine});
  if (!(whole == chunked)) std::abort();
  return 0;
}
