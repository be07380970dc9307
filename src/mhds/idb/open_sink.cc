#include <system_error>

#include "mhds/base/text.h"
#include "mhds/idb/csv_folder_sink.h"
#include "mhds/idb/sqlite_sink.h"
#include "mhds/idb/table_sink.h"

namespace mhds::idb {

Result<std::unique_ptr<TableSink>> OpenSink(const std::filesystem::path& out,
                                            const spec::Spec* spec, bool overwrite) {
  // The spec is not kept: each BeginTable() is given the spec's table it needs.
  (void)spec;
  const std::string text = out.string();
  std::error_code error;
  if (!text.empty() && text.back() == '/') {
    auto sink = CsvFolderSink::Create(out, overwrite);
    if (!sink.ok()) return sink.status();
    return std::unique_ptr<TableSink>(std::move(*sink));
  }
  const std::string extension = ToLower(out.extension().string());
  if (extension == ".sqlite" || extension == ".sqlite3" || extension == ".db") {
    auto sink = SqliteSink::Create(out, overwrite);
    if (!sink.ok()) return sink.status();
    return std::unique_ptr<TableSink>(std::move(*sink));
  }
  if (std::filesystem::is_directory(out, error)) {
    auto sink = CsvFolderSink::Create(out, overwrite);
    if (!sink.ok()) return sink.status();
    return std::unique_ptr<TableSink>(std::move(*sink));
  }
  return Status::InvalidArgument(
      text +
      ": cannot tell what to write; expected a SQLite file ending in .sqlite, .sqlite3 or "
      ".db, or a folder for CSV files, written with a trailing slash (" +
      text + "/)");
}

}  // namespace mhds::idb
