// A PostgreSQL query of a local source, read as a RowReader through libpq in single-row mode, so
// that a large result is never held whole in memory.
#include <libpq-fe.h>

#include "mhds/mapping/source_reader.h"

namespace mhds::mapping {
namespace {

// libpq's messages end in a line break; messages here are one line.
std::string Reason(const char* message) {
  std::string reason = message == nullptr ? "" : message;
  while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) reason.pop_back();
  for (char& c : reason) {
    if (c == '\n') c = ' ';
  }
  return reason;
}

class PostgresQueryReader final : public io::RowReader {
 public:
  PostgresQueryReader(PGconn* connection, std::string display_name)
      : connection_(connection), display_name_(std::move(display_name)) {}
  ~PostgresQueryReader() override {
    PQclear(pending_);
    PQclear(row_);
    // Drain what is left so the connection closes cleanly.
    while (PGresult* r = PQgetResult(connection_)) PQclear(r);
    PQfinish(connection_);
  }
  PostgresQueryReader(const PostgresQueryReader&) = delete;
  PostgresQueryReader& operator=(const PostgresQueryReader&) = delete;

  // Fetches the first result, which names the columns. False with status_ set on error.
  bool Start() {
    pending_ = Fetch();
    if (pending_ == nullptr) return false;
    const int count = PQnfields(pending_);
    for (int i = 0; i < count; ++i) columns_.emplace_back(PQfname(pending_, i));
    return true;
  }

  const std::vector<std::string>& columns() const override { return columns_; }
  const Status& status() const override { return status_; }
  uint64_t line() const override { return line_; }
  uint64_t bytes_read() const override { return bytes_read_; }

  bool Next(std::vector<std::string_view>& fields) override {
    PQclear(row_);
    row_ = pending_ != nullptr ? pending_ : Fetch();
    pending_ = nullptr;
    if (row_ == nullptr || PQresultStatus(row_) != PGRES_SINGLE_TUPLE) return false;
    ++line_;
    fields.clear();
    for (int i = 0; i < static_cast<int>(columns_.size()); ++i) {
      if (PQgetisnull(row_, 0, i)) {
        fields.emplace_back();
        continue;
      }
      const int bytes = PQgetlength(row_, 0, i);
      fields.emplace_back(PQgetvalue(row_, 0, i), bytes);
      bytes_read_ += bytes;
    }
    return true;
  }

 private:
  // The next result: a row, or the final (empty) result. nullptr at the end or on error.
  PGresult* Fetch() {
    if (done_) return nullptr;
    PGresult* result = PQgetResult(connection_);
    if (result == nullptr) {
      done_ = true;
      return nullptr;
    }
    const ExecStatusType status = PQresultStatus(result);
    if (status == PGRES_SINGLE_TUPLE || status == PGRES_TUPLES_OK) {
      if (status == PGRES_TUPLES_OK) done_ = true;
      return result;
    }
    done_ = true;
    status_ = Status::DataError(display_name_ + ": row " + std::to_string(line_ + 1) +
                                ": the query failed (" + Reason(PQresultErrorMessage(result)) +
                                "); expected a SELECT");
    PQclear(result);
    return nullptr;
  }

  PGconn* connection_;
  std::string display_name_;
  std::vector<std::string> columns_;
  PGresult* pending_ = nullptr;  // fetched by Start(), not yet returned
  PGresult* row_ = nullptr;      // holds the values of the row last returned
  Status status_;
  bool done_ = false;
  uint64_t line_ = 0;
  uint64_t bytes_read_ = 0;
};

}  // namespace

Result<std::unique_ptr<io::RowReader>> OpenPostgresQuery(const std::string& connection,
                                                         const std::string& sql,
                                                         std::string display_name) {
  PGconn* conn = PQconnectdb(connection.c_str());
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    std::string reason = conn == nullptr ? "out of memory" : Reason(PQerrorMessage(conn));
    PQfinish(conn);
    return Status::DataError(display_name + ": cannot connect (" + reason + ")");
  }
  if (!PQsendQuery(conn, sql.c_str()) || !PQsetSingleRowMode(conn)) {
    std::string reason = Reason(PQerrorMessage(conn));
    PQfinish(conn);
    return Status::DataError(display_name + ": cannot send the query (" + reason + ")");
  }
  const std::string reader_name = display_name;
  auto reader = std::make_unique<PostgresQueryReader>(conn, std::move(display_name));
  if (!reader->Start()) {
    if (!reader->status().ok()) return reader->status();
    return Status::DataError(reader_name + ": the query returned no result; expected a SELECT");
  }
  return std::unique_ptr<io::RowReader>(std::move(reader));
}

}  // namespace mhds::mapping
