// Fuzz target for CsvReader. Whatever the bytes, reading them must end in rows or a positioned
// error: no crash, no hang, no unbounded memory. And the outcome must not depend on where the
// read() chunks happen to end, so each input is read twice, with large and with tiny chunks, and
// any difference aborts.
#include <fcntl.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "mhds/io/csv/csv_reader.h"

namespace {

// The file each input is written to; removed at exit.
class TempFile {
 public:
  TempFile() {
    path_ = (std::filesystem::temp_directory_path() / "mhds_csv_fuzz_XXXXXX").string();
    const int fd = mkstemp(path_.data());
    if (fd < 0) std::abort();
    close(fd);
  }
  ~TempFile() { unlink(path_.c_str()); }

  const std::string& Write(const uint8_t* data, size_t size) const {
    // A new file each time: truncating and rewriting one makes ext4 flush it on every close.
    unlink(path_.c_str());
    const int fd = open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) std::abort();
    for (size_t done = 0; done < size;) {
      const ssize_t n = write(fd, data + done, size - done);
      if (n <= 0) std::abort();
      done += static_cast<size_t>(n);
    }
    close(fd);
    return path_;
  }

 private:
  std::string path_;
};

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
  static const TempFile file;
  const std::string& path = file.Write(data, size);
  constexpr size_t kMaxLine = size_t{1} << 20;
  const Outcome whole = ReadAll(path, {.max_line_bytes = kMaxLine});
  const Outcome chunked = ReadAll(path, {.chunk_bytes = 7, .max_line_bytes = kMaxLine});
  if (!(whole == chunked)) std::abort();
  return 0;
}
