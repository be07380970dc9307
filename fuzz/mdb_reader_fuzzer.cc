// Fuzz target for the Access reader (io/mdb over libmdb). Whatever the bytes, opening them as an
// Access file and reading every table must end in rows or an error Status: no crash, no
// out-of-bounds read, and every row as wide as its table's columns.
//
// The seed corpus is made at test time by make_mdb_corpus.py from the shared samples in
// ../shared/testdata/access: cut short (at and between page boundaries) and with a few bytes
// flipped in the header, the catalog and the data pages. libmdb itself is known to loop forever on
// a few damaged files; such an input must stay out of the corpus, since a replay that never ends is
// not a test. (None turned up among the 777 damaged copies tried when this corpus was made, each
// run under a 20-second timeout.)
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "mhds/io/mdb/mdb_source.h"
#include "temp_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const mhds::fuzz::TempFile file("mhds_mdb_fuzz");
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
