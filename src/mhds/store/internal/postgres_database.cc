#include "mhds/store/internal/postgres_database.h"

#include <libpq-fe.h>

#include <optional>

#include "mhds/base/status_macros.h"
#include "mhds/store/internal/sql_text.h"
#include "mhds/store/store.h"

namespace mhds::store::internal {

namespace {

constexpr Oid kInt8Oid = 20;  // pg_type.h INT8OID; text parameters are left to inference (0)

struct ResultCloser {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultCloser>;

// The message without the trailing newline libpq adds.
std::string Trimmed(const char* text) {
  std::string s = text == nullptr ? "" : text;
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

Result<std::unique_ptr<Database>> PostgresDatabase::Open(const std::string& url,
                                                         int busy_timeout_ms) {
  PGconn* conn = PQconnectdb(url.c_str());
  std::unique_ptr<PostgresDatabase> db(new PostgresDatabase(conn));
  if (conn == nullptr) return Status::IoError("cannot connect to " + RedactStoreUrl(url));
  if (PQstatus(conn) != CONNECTION_OK) {
    return Status::IoError("cannot connect to " + RedactStoreUrl(url) + ": " +
                           Trimmed(PQerrorMessage(conn)));
  }
  // Notices ("relation already exists, skipping") are not errors; keep them off stderr.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  MHDS_RETURN_IF_ERROR(db->ExecScript("SET lock_timeout = " + std::to_string(busy_timeout_ms) +
                                      "; SET client_min_messages = warning"));
  return std::unique_ptr<Database>(std::move(db));
}

PostgresDatabase::~PostgresDatabase() { PQfinish(conn_); }

bool PostgresDatabase::IsBroken() const { return PQstatus(conn_) != CONNECTION_OK; }

Status PostgresDatabase::Error(PGresult* result, std::string_view doing) const {
  const char* state = result == nullptr ? nullptr : PQresultErrorField(result, PG_DIAG_SQLSTATE);
  std::string message =
      std::string(doing) + ": " +
      Trimmed(result == nullptr ? PQerrorMessage(conn_) : PQresultErrorMessage(result));
  std::string_view sqlstate = state == nullptr ? "" : state;
  if (sqlstate.starts_with("23")) return Status::InvalidArgument("constraint: " + message);
  // Syntax errors and undefined objects are mistakes in mhds's SQL.
  if (sqlstate.starts_with("42")) return Status::Internal(message);
  return Status::IoError(message);
}

Result<PGresult*> PostgresDatabase::Run(std::string_view sql, const std::vector<Value>& params) {
  int placeholders = 0;
  std::string text = NumberPlaceholders(sql, &placeholders);
  if (placeholders != static_cast<int>(params.size())) {
    return Status::Internal("statement has " + std::to_string(placeholders) + " placeholders but " +
                            std::to_string(params.size()) + " values were given");
  }
  std::vector<std::optional<std::string>> texts;
  std::vector<const char*> values;
  std::vector<Oid> types;
  texts.reserve(params.size());
  for (const Value& v : params) {
    texts.push_back(v.AsText());
    types.push_back(v.is_int() ? kInt8Oid : 0);
  }
  for (const auto& t : texts) values.push_back(t ? t->c_str() : nullptr);
  ResultPtr result(PQexecParams(conn_, text.c_str(), static_cast<int>(params.size()), types.data(),
                                values.data(), nullptr, nullptr, 0));
  ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return Error(result.get(), "statement failed");
  }
  return result.release();
}

Result<std::vector<Row>> PostgresDatabase::Query(std::string_view sql,
                                                 const std::vector<Value>& params) {
  MHDS_ASSIGN_OR_RETURN(PGresult * raw, Run(sql, params));
  ResultPtr result(raw);
  const int rows = PQntuples(raw);
  const int columns = PQnfields(raw);
  std::vector<Row> out;
  out.reserve(rows);
  for (int r = 0; r < rows; ++r) {
    std::vector<Value> values;
    values.reserve(columns);
    for (int c = 0; c < columns; ++c) {
      if (PQgetisnull(raw, r, c)) {
        values.emplace_back();
      } else {
        values.emplace_back(std::string(PQgetvalue(raw, r, c), PQgetlength(raw, r, c)));
      }
    }
    out.emplace_back(std::move(values));
  }
  return out;
}

Result<int64_t> PostgresDatabase::Exec(std::string_view sql, const std::vector<Value>& params) {
  MHDS_ASSIGN_OR_RETURN(PGresult * raw, Run(sql, params));
  ResultPtr result(raw);
  return Value(std::string(PQcmdTuples(raw))).AsInt().value_or(0);
}

Status PostgresDatabase::ExecScript(std::string_view sql) {
  std::string text(sql);
  ResultPtr result(PQexec(conn_, text.c_str()));
  ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return Error(result.get(), "script failed");
  }
  return Status::Ok();
}

}  // namespace mhds::store::internal
