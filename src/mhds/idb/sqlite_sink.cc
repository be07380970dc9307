#include "mhds/idb/sqlite_sink.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <system_error>

#include "mhds/base/status_macros.h"
#include "mhds/base/text.h"
#include "mhds/idb/output_path.h"
#include "mhds/idb/table_naming.h"
#include "mhds/io/sqlite/sqlite_table_reader.h"

namespace mhds::idb {
namespace {

namespace fs = std::filesystem;

// The pragmas of a database nobody else sees until it is renamed into place: no rollback journal
// on disk (a failed conversion deletes the file), no sync per transaction (Commit() syncs the
// file once), and a 64 MiB page cache so that building the key indexes stays in memory.
constexpr char kPragmas[] =
    "PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536";

// True if `text` is -?digits.digits, the only shape of decimal worth trying as a REAL.
bool LooksDecimal(std::string_view text) {
  if (!text.empty() && text.front() == '-') text.remove_prefix(1);
  const size_t point = text.find('.');
  if (point == 0 || point == std::string_view::npos || point + 1 == text.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (i != point && (text[i] < '0' || text[i] > '9')) return false;
  }
  return true;
}

// A SQL line comment saying what the spec says of a column.
std::string ColumnComment(const spec::Item* item) {
  if (item == nullptr) return "not a data set item";
  std::string comment = std::string(spec::ValueTypeName(item->type));
  if (!item->format.text.empty()) comment += ", " + item->format.text;
  for (char& c : comment) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return comment;
}

}  // namespace

Result<std::unique_ptr<SqliteSink>> SqliteSink::Create(const fs::path& out, bool overwrite) {
  MHDS_RETURN_IF_ERROR(CheckReplaceable(out, /*folder=*/false, overwrite));
  const fs::path parent = out.parent_path();
  if (!parent.empty() && !fs::is_directory(parent)) {
    return Status::IoError(out.string() + ": cannot create: the folder " + parent.string() +
                           " does not exist");
  }
  const fs::path temp = TemporarySibling(out);
  ::unlink(temp.c_str());  // left by an earlier run of this process id
  // Created here so that the mode is 0600: SQLite would create it 0644.
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IoError(temp.string() + ": cannot create: " + std::strerror(errno));
  ::close(fd);

  std::unique_ptr<SqliteSink> sink(new SqliteSink(out, temp, overwrite));
  if (sqlite3_open_v2(temp.c_str(), &sink->db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    return sink->SqliteError("cannot create the database");
  }
  MHDS_RETURN_IF_ERROR(sink->Exec(kPragmas, "cannot set up the database"));
  MHDS_RETURN_IF_ERROR(sink->Exec("BEGIN", "cannot begin the transaction"));
  if (sqlite3_prepare_v2(sink->db_, "SELECT ?1", -1, &sink->render_, nullptr) != SQLITE_OK) {
    return sink->SqliteError("cannot prepare a statement");
  }
  return sink;
}

SqliteSink::~SqliteSink() {
  Close();
  if (!committed_) ::unlink(temp_.c_str());
}

void SqliteSink::Close() {
  sqlite3_finalize(insert_);
  sqlite3_finalize(render_);
  insert_ = nullptr;
  render_ = nullptr;
  sqlite3_close_v2(db_);
  db_ = nullptr;
}

Status SqliteSink::SqliteError(std::string_view doing, StatusCode otherwise) const {
  const int code = db_ == nullptr ? SQLITE_NOMEM : sqlite3_errcode(db_);
  std::string message = out_.string() + ": " + std::string(doing) + " (" +
                        (db_ == nullptr ? "out of memory" : sqlite3_errmsg(db_)) + ")";
  const int primary = code & 0xFF;
  if (primary == SQLITE_IOERR || primary == SQLITE_FULL || primary == SQLITE_CANTOPEN ||
      primary == SQLITE_READONLY || primary == SQLITE_NOMEM) {
    return Status::IoError(std::move(message));
  }
  return Status(otherwise, std::move(message));
}

Status SqliteSink::Exec(const std::string& sql, std::string_view doing, StatusCode otherwise) {
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    return SqliteError(doing, otherwise);
  }
  return Status::Ok();
}

Status SqliteSink::BeginTable(std::string_view name, const spec::Table* table,
                              std::span<const std::string> columns) {
  if (insert_ != nullptr) return Status::Internal("SqliteSink: BeginTable before EndTable");
  table_ = SinkTableName(name, table);
  const std::string where = out_.string() + ": table " + table_;
  if (columns.empty()) {
    return Status::DataError(where + ": has no columns; a SQLite table needs at least one");
  }
  if (!written_.insert(ToLower(table_)).second) {
    return Status::DataError(where +
                             ": the source holds this table twice (names differing only "
                             "in case, or a code and a name); expected each table once");
  }
  const std::vector<int> items = ItemOfColumns(table, columns);
  columns_ = SinkColumnNames(table, columns, items);
  kinds_.clear();
  key_columns_.clear();
  rows_ = 0;

  std::set<std::string> seen;
  std::string create = "CREATE TABLE " + io::QuoteSqlIdentifier(table_) + " (\n";
  std::string insert = "INSERT INTO " + io::QuoteSqlIdentifier(table_) + " VALUES (";
  for (size_t c = 0; c < columns_.size(); ++c) {
    if (!seen.insert(ToLower(columns_[c])).second) {
      return Status::DataError(where + ": two columns are named " + columns_[c] +
                               " (SQLite ignores case in names); expected each column once");
    }
    const spec::Item* item = items[c] >= 0 ? &table->items[items[c]] : nullptr;
    kinds_.push_back(ColumnKindFor(item));
    create += "  " + io::QuoteSqlIdentifier(columns_[c]) + " " +
              std::string(DeclaredType(kinds_.back())) + (c + 1 < columns_.size() ? "," : "") +
              "  -- " + ColumnComment(item) + "\n";
    insert += c == 0 ? "?" : ", ?";
  }
  create += ") STRICT";
  insert += ")";
  MHDS_RETURN_IF_ERROR(Exec(create, "cannot create table " + table_, StatusCode::kDataError));
  if (sqlite3_prepare_v2(db_, insert.c_str(), -1, &insert_, nullptr) != SQLITE_OK) {
    return SqliteError("cannot prepare the insert into " + table_);
  }
  if (table != nullptr) {
    for (const int key : table->key_items) {
      for (size_t c = 0; c < items.size(); ++c) {
        if (items[c] == key) key_columns_.push_back(columns_[c]);
      }
    }
  }
  return Status::Ok();
}

Status SqliteSink::BindNumber(int index, std::string_view value) {
  if (const std::optional<int64_t> integer = CanonicalInteger(value)) {
    sqlite3_bind_int64(insert_, index, *integer);
    return Status::Ok();
  }
  double real = 0;
  if (LooksDecimal(value)) {
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), real);
    if (error == std::errc() && end == value.data() + value.size()) {
      // Bound as a REAL only if SQLite reads it back as the same text, as io/sqlite will.
      sqlite3_bind_double(render_, 1, real);
      bool same = false;
      if (sqlite3_step(render_) == SQLITE_ROW) {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(render_, 0));
        same = text != nullptr && value == text;
      }
      sqlite3_reset(render_);
      if (same) {
        sqlite3_bind_double(insert_, index, real);
        return Status::Ok();
      }
    }
  }
  sqlite3_bind_text(insert_, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
  return Status::Ok();
}

Status SqliteSink::AddRow(std::span<const std::string_view> values) {
  if (insert_ == nullptr) return Status::Internal("SqliteSink: AddRow outside a table");
  if (values.size() != columns_.size()) {
    return Status::Internal("SqliteSink: " + table_ + ": a row of " +
                            std::to_string(values.size()) + " values for " +
                            std::to_string(columns_.size()) + " columns");
  }
  ++rows_;
  for (size_t c = 0; c < values.size(); ++c) {
    const int index = static_cast<int>(c) + 1;
    const std::string_view value = values[c];
    if (value.size() > static_cast<size_t>(INT32_MAX)) {
      return Status::DataError(out_.string() + ": table " + table_ + ", row " +
                               std::to_string(rows_) + ", column " + columns_[c] +
                               ": a value of more than 2 GiB, which SQLite cannot hold");
    }
    if (value.empty()) {
      sqlite3_bind_null(insert_, index);
    } else if (kinds_[c] == SqliteColumnKind::kNumber) {
      MHDS_RETURN_IF_ERROR(BindNumber(index, value));
    } else {
      sqlite3_bind_text(insert_, index, value.data(), static_cast<int>(value.size()),
                        SQLITE_STATIC);
    }
  }
  const int rc = sqlite3_step(insert_);
  sqlite3_reset(insert_);
  if (rc != SQLITE_DONE) {
    return SqliteError("cannot write row " + std::to_string(rows_) + " of " + table_);
  }
  return Status::Ok();
}

Status SqliteSink::EndTable() {
  if (insert_ == nullptr) return Status::Internal("SqliteSink: EndTable outside a table");
  sqlite3_finalize(insert_);
  insert_ = nullptr;
  if (key_columns_.empty()) return Status::Ok();
  std::string sql = "CREATE INDEX " + io::QuoteSqlIdentifier(table_ + "_key") + " ON " +
                    io::QuoteSqlIdentifier(table_) + " (";
  for (size_t k = 0; k < key_columns_.size(); ++k) {
    sql += (k == 0 ? "" : ", ") + io::QuoteSqlIdentifier(key_columns_[k]);
  }
  sql += ")";
  return Exec(sql, "cannot index the key of " + table_, StatusCode::kDataError);
}

Status SqliteSink::Commit() {
  if (insert_ != nullptr) return Status::Internal("SqliteSink: Commit inside a table");
  if (committed_ || db_ == nullptr) return Status::Internal("SqliteSink: Commit twice");
  MHDS_RETURN_IF_ERROR(Exec("COMMIT", "cannot commit"));
  sqlite3_finalize(render_);
  render_ = nullptr;
  if (sqlite3_close(db_) != SQLITE_OK) return SqliteError("cannot close the database");
  db_ = nullptr;
  const int fd = ::open(temp_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const int error = errno;
    if (fd >= 0) ::close(fd);
    return Status::IoError(temp_.string() + ": cannot sync: " + std::strerror(error));
  }
  ::close(fd);
  // Checked again: something may have appeared at the output path while the tables were copied.
  MHDS_RETURN_IF_ERROR(CheckReplaceable(out_, /*folder=*/false, overwrite_));
  if (::rename(temp_.c_str(), out_.c_str()) != 0) {
    return Status::IoError(out_.string() + ": cannot create: " + std::strerror(errno));
  }
  committed_ = true;
  SyncFolder(out_.parent_path());
  return Status::Ok();
}

}  // namespace mhds::idb
