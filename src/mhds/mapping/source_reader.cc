#include "mhds/mapping/source_reader.h"

#include <utility>

#include "mhds/base/status_macros.h"
#include "mhds/base/text.h"
#include "mhds/io/csv/csv_reader.h"
#include "mhds/io/sqlite/sqlite_table_reader.h"

namespace mhds::mapping {
namespace {

// A reader that keeps its TableSource alive (an Access file stays open while its table is read).
class OwningReader final : public io::RowReader {
 public:
  OwningReader(std::unique_ptr<io::TableSource> source, std::unique_ptr<io::RowReader> reader)
      : source_(std::move(source)), reader_(std::move(reader)) {}

  const std::vector<std::string>& columns() const override { return reader_->columns(); }
  bool Next(std::vector<std::string_view>& fields) override { return reader_->Next(fields); }
  const Status& status() const override { return reader_->status(); }
  uint64_t line() const override { return reader_->line(); }
  uint64_t bytes_read() const override { return reader_->bytes_read(); }
  bool IsDateTimeColumn(size_t column) const override { return reader_->IsDateTimeColumn(column); }

 private:
  std::unique_ptr<io::TableSource> source_;
  std::unique_ptr<io::RowReader> reader_;  // destroyed before source_
};

std::string FileName(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

}  // namespace

Result<OpenedSource> OpenSourceReader(const Source& source) {
  OpenedSource opened;
  switch (source.kind) {
    case SourceKind::kCsv: {
      opened.display_name = FileName(source.location);
      auto reader = io::CsvReader::Open(source.location);
      if (!reader.ok()) return reader.status();
      opened.reader = std::move(*reader);
      break;
    }
    case SourceKind::kSqlite: {
      opened.display_name = FileName(source.location) + ":" +
                            (source.query.empty() ? source.table : "query of " + source.name);
      const std::string sql = source.query.empty()
                                  ? "SELECT * FROM " + io::QuoteSqlIdentifier(source.table)
                                  : source.query;
      MHDS_ASSIGN_OR_RETURN(opened.reader,
                            OpenSqliteQuery(source.location, sql, opened.display_name));
      break;
    }
    case SourceKind::kAccess: {
      opened.display_name = FileName(source.location) + ":" + source.table;
      std::error_code ec;
      if (!std::filesystem::is_regular_file(source.location, ec)) {
        return Status::NotFound(source.location + ": no such Access file");
      }
      MHDS_ASSIGN_OR_RETURN(auto access, io::OpenSource(source.location));
      // Access table names are matched ignoring case, as Access itself does.
      std::string table = source.table;
      for (const std::string& name : access->table_names()) {
        if (EqualsIgnoreCase(name, source.table)) table = name;
      }
      MHDS_ASSIGN_OR_RETURN(auto reader, access->Open(table));
      opened.reader = std::make_unique<OwningReader>(std::move(access), std::move(reader));
      break;
    }
    case SourceKind::kPostgres:
      opened.display_name = "PostgreSQL source '" + source.name + "'";
      MHDS_ASSIGN_OR_RETURN(opened.reader,
                            OpenPostgresQuery(source.location, source.query, opened.display_name));
      break;
  }
  return opened;
}

}  // namespace mhds::mapping
