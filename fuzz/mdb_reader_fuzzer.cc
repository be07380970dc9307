// Fuzz target for the Access reader (io/mdb over libmdb). Whatever the bytes, opening them as an
// Access file and reading every table must end in rows or an error Status: no crash, no
// out-of-bounds read, and every row as wide as its table's columns.
//
// The seed corpus (corpus/mdb/) holds the shared samples in /work/shared/testdata/access cut
// short (at and between page boundaries) and with a few bytes flipped in the header, the catalog
// and the data pages. libmdb itself is known to loop forever on a few damaged files; such an input
// must stay out of the corpus, since a replay that never ends is not a test. (None turned up among
// the 777 damaged copies tried when this corpus was made, each run under a 20-second timeout.)
#include <fcntl.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "mhds/io/mdb/mdb_source.h"

namespace {

// The file each input is written to; removed at exit.
class TempFile {
 public:
  TempFile() {
    path_ = (std::filesystem::temp_directory_path() / "mhds_mdb_fuzz_XXXXXX").string();
    const int fd = mkstemp(path_.data());
    if (fd < 0) std::abort();
    close(fd);
  }
  ~TempFile() { unlink(path_.c_str()); }

  const std::string& Write(const uint8_t* data, size_t size) const {
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const TempFile file;
  auto source = mhds::io::MdbSource::OpenFile(file.Write(data, size));
  if (!source.ok()) {
    if (source.status().message().empty()) std::abort();  // an error must say what went wrong
    return 0;
  }
  for (const std::string& table : (*source)->table_names()) {
    auto reader = (*source)->Open(table);
    if (!reader.ok()) continue;
    const size_t width = (*reader)->columns().size();
    std::vector<std::string_view> fields;
    uint64_t rows = 0;
    while ((*reader)->Next(fields)) {
      if (fields.size() != width) std::abort();
      for (size_t c = 0; c < width; ++c) (void)(*reader)->IsDateTimeColumn(c);
      if (++rows != (*reader)->line()) std::abort();
    }
  }
  return 0;
}
