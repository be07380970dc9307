// All of the trace module's SQL. The schema (format 1):
//   person(nhs_number PK, date_of_birth, date_of_death, gender, gp_practice_code,
//          gp_registration_date, sensitive)
//   person_name(nhs_number, seq, family_name, given_name, other_given_name, valid_from, valid_to,
//               family_key, given_key, family_soundex)
//   person_address(nhs_number, seq, line1..line5, postcode, outcode, valid_from, valid_to)
//   superseded_number(old_nhs_number PK, nhs_number)
//   index_info(key PK, value)  -- 'format' = '1'
// Dates are CCYYMMDD integers, 0 for none.
#include "mhds/trace/index_store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <string>
#include <system_error>

#include "mhds/base/status_macros.h"

namespace mhds::trace {
namespace {

constexpr const char* kFormatVersion = "1";

constexpr const char* kSchema = R"sql(
CREATE TABLE index_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE person (
  nhs_number TEXT PRIMARY KEY,
  date_of_birth INTEGER NOT NULL,
  date_of_death INTEGER NOT NULL,
  gender TEXT NOT NULL,
  gp_practice_code TEXT NOT NULL,
  gp_registration_date INTEGER NOT NULL,
  sensitive INTEGER NOT NULL);
CREATE TABLE person_name (
  nhs_number TEXT NOT NULL, seq INTEGER NOT NULL,
  family_name TEXT NOT NULL, given_name TEXT NOT NULL, other_given_name TEXT NOT NULL,
  valid_from INTEGER NOT NULL, valid_to INTEGER NOT NULL,
  family_key TEXT NOT NULL, given_key TEXT NOT NULL, family_soundex TEXT NOT NULL,
  PRIMARY KEY (nhs_number, seq));
CREATE TABLE person_address (
  nhs_number TEXT NOT NULL, seq INTEGER NOT NULL,
  line1 TEXT NOT NULL, line2 TEXT NOT NULL, line3 TEXT NOT NULL, line4 TEXT NOT NULL,
  line5 TEXT NOT NULL, postcode TEXT NOT NULL, outcode TEXT NOT NULL,
  valid_from INTEGER NOT NULL, valid_to INTEGER NOT NULL,
  PRIMARY KEY (nhs_number, seq));
CREATE TABLE superseded_number (
  old_nhs_number TEXT PRIMARY KEY, nhs_number TEXT NOT NULL);
)sql";

// Built after the rows are in, which is faster than maintaining them row by row.
constexpr const char* kIndexes = R"sql(
CREATE INDEX person_by_date_of_birth ON person (date_of_birth);
CREATE INDEX name_by_family_key ON person_name (family_key, given_key);
CREATE INDEX name_by_family_soundex ON person_name (family_soundex);
CREATE INDEX address_by_postcode ON person_address (postcode);
CREATE INDEX address_by_outcode ON person_address (outcode);
CREATE INDEX superseded_by_current ON superseded_number (nhs_number);
)sql";

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;

struct Finalize {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Statement = std::unique_ptr<sqlite3_stmt, Finalize>;

Status SqlError(const std::filesystem::path& path, sqlite3* db, std::string_view doing) {
  return Status::IoError(path.string() + ": cannot " + std::string(doing) + " the index (" +
                         sqlite3_errmsg(db) + ")");
}

Result<Statement> Prepare(const std::filesystem::path& path, sqlite3* db, const char* sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK) {
    sqlite3_finalize(raw);
    return SqlError(path, db, "prepare a statement for");
  }
  return Statement(raw);
}

void BindText(sqlite3_stmt* s, int column, const std::string& text) {
  sqlite3_bind_text(s, column, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

// Runs a bound statement that returns no rows and resets it for the next binding.
bool StepDone(sqlite3_stmt* s) {
  const bool ok = sqlite3_step(s) == SQLITE_DONE;
  sqlite3_reset(s);
  return ok;
}

std::string ColumnText(sqlite3_stmt* s, int column) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, column));
  return text == nullptr ? std::string() : std::string(text, sqlite3_column_bytes(s, column));
}

CompactDate ColumnDate(sqlite3_stmt* s, int column) {
  return static_cast<CompactDate>(sqlite3_column_int(s, column));
}

Status InsertAll(const std::filesystem::path& path, sqlite3* db,
                 const std::vector<Person>& people) {
  MHDS_ASSIGN_OR_RETURN(Statement person,
                        Prepare(path, db, "INSERT INTO person VALUES (?,?,?,?,?,?,?)"));
  MHDS_ASSIGN_OR_RETURN(Statement name,
                        Prepare(path, db, "INSERT INTO person_name VALUES (?,?,?,?,?,?,?,?,?,?)"));
  MHDS_ASSIGN_OR_RETURN(
      Statement address,
      Prepare(path, db, "INSERT INTO person_address VALUES (?,?,?,?,?,?,?,?,?,?,?)"));
  MHDS_ASSIGN_OR_RETURN(Statement superseded,
                        Prepare(path, db, "INSERT INTO superseded_number VALUES (?,?)"));
  for (const Person& p : people) {
    sqlite3_stmt* s = person.get();
    BindText(s, 1, p.nhs_number);
    sqlite3_bind_int(s, 2, p.date_of_birth);
    sqlite3_bind_int(s, 3, p.date_of_death);
    BindText(s, 4, std::string(1, p.gender));
    BindText(s, 5, p.gp_practice_code);
    sqlite3_bind_int(s, 6, p.gp_registration_date);
    sqlite3_bind_int(s, 7, p.sensitive ? 1 : 0);
    if (!StepDone(s)) return SqlError(path, db, "write a person to");
    for (size_t i = 0; i < p.names.size(); ++i) {
      const PersonName& n = p.names[i];
      s = name.get();
      BindText(s, 1, p.nhs_number);
      sqlite3_bind_int(s, 2, static_cast<int>(i));
      BindText(s, 3, n.family);
      BindText(s, 4, n.given);
      BindText(s, 5, n.other_given);
      sqlite3_bind_int(s, 6, n.valid_from);
      sqlite3_bind_int(s, 7, n.valid_to);
      BindText(s, 8, n.family_key);
      BindText(s, 9, n.given_key);
      BindText(s, 10, n.family_soundex);
      if (!StepDone(s)) return SqlError(path, db, "write a name to");
    }
    for (size_t i = 0; i < p.addresses.size(); ++i) {
      const PersonAddress& a = p.addresses[i];
      s = address.get();
      BindText(s, 1, p.nhs_number);
      sqlite3_bind_int(s, 2, static_cast<int>(i));
      for (int line = 0; line < 5; ++line) BindText(s, 3 + line, a.lines[line]);
      BindText(s, 8, a.postcode);
      BindText(s, 9, a.outcode);
      sqlite3_bind_int(s, 10, a.valid_from);
      sqlite3_bind_int(s, 11, a.valid_to);
      if (!StepDone(s)) return SqlError(path, db, "write an address to");
    }
    for (const std::string& old : p.superseded) {
      s = superseded.get();
      BindText(s, 1, old);
      BindText(s, 2, p.nhs_number);
      if (!StepDone(s)) return SqlError(path, db, "write a superseded number to");
    }
  }
  return Status::Ok();
}

Status Exec(const std::filesystem::path& path, sqlite3* db, const char* sql,
            std::string_view doing) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return SqlError(path, db, doing);
  }
  return Status::Ok();
}

Status BuildAt(const std::filesystem::path& path, const std::vector<Person>& people) {
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) {
    if (raw == nullptr) return Status::IoError(path.string() + ": cannot create: out of memory");
    return SqlError(path, raw, "create");
  }
  // The file is renamed into place only when complete, so no journal is needed while building.
  MHDS_RETURN_IF_ERROR(
      Exec(path, raw, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;", "configure"));
  MHDS_RETURN_IF_ERROR(Exec(path, raw, "BEGIN", "write"));
  MHDS_RETURN_IF_ERROR(Exec(path, raw, kSchema, "create the tables of"));
  MHDS_ASSIGN_OR_RETURN(Statement info,
                        Prepare(path, raw, "INSERT INTO index_info VALUES ('format', ?)"));
  BindText(info.get(), 1, kFormatVersion);
  if (!StepDone(info.get())) return SqlError(path, raw, "write");
  info.reset();
  MHDS_RETURN_IF_ERROR(InsertAll(path, raw, people));
  MHDS_RETURN_IF_ERROR(Exec(path, raw, kIndexes, "index"));
  MHDS_RETURN_IF_ERROR(Exec(path, raw, "COMMIT", "write"));
  db.reset();
  return Status::Ok();
}

Status SyncFile(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError(path.string() + ": cannot reopen to sync");
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return Status::IoError(path.string() + ": cannot sync to disk");
  return Status::Ok();
}

}  // namespace

Status WriteIndex(const std::filesystem::path& path, const std::vector<Person>& people) {
  std::filesystem::path temp = path;
  temp += ".tmp-" + std::to_string(::getpid());
  std::error_code ignored;
  std::filesystem::remove(temp, ignored);
  // Created empty first so that SQLite opens a file that already has mode 0600.
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Status::IoError(path.string() + ": cannot create the index: " +
                           std::error_code(errno, std::generic_category()).message());
  }
  ::close(fd);
  Status built = BuildAt(temp, people);
  if (built.ok()) built = SyncFile(temp);
  if (built.ok()) {
    std::error_code error;
    std::filesystem::rename(temp, path, error);
    if (error) built = Status::IoError(path.string() + ": cannot replace: " + error.message());
  }
  if (!built.ok()) std::filesystem::remove(temp, ignored);
  return built;
}

Result<std::vector<Person>> ReadIndex(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    return Status::NotFound(path.string() +
                            ": no such index; create one with `mhds trace index "
                            "load PEOPLE.csv --index " +
                            path.string() + "`");
  }
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) {
    if (raw == nullptr) return Status::IoError(path.string() + ": cannot open: out of memory");
    return Status::DataError(path.string() + ": cannot open the index (" + sqlite3_errmsg(raw) +
                             ")");
  }
  const auto not_an_index = [&path] {
    return Status::DataError(path.string() + ": not an mhds demographic index (format " +
                             kFormatVersion +
                             "); expected a file written by `mhds trace index load`");
  };
  sqlite3_stmt* check = nullptr;
  if (sqlite3_prepare_v2(raw, "SELECT value FROM index_info WHERE key = 'format'", -1, &check,
                         nullptr) != SQLITE_OK) {
    sqlite3_finalize(check);
    return not_an_index();
  }
  Statement format(check);
  if (sqlite3_step(check) != SQLITE_ROW || ColumnText(check, 0) != kFormatVersion) {
    return not_an_index();
  }

  std::vector<Person> people;
  MHDS_ASSIGN_OR_RETURN(
      Statement persons,
      Prepare(path, raw,
              "SELECT nhs_number, date_of_birth, date_of_death, gender, gp_practice_code, "
              "gp_registration_date, sensitive FROM person ORDER BY nhs_number"));
  int step = 0;
  while ((step = sqlite3_step(persons.get())) == SQLITE_ROW) {
    sqlite3_stmt* s = persons.get();
    Person& p = people.emplace_back();
    p.nhs_number = ColumnText(s, 0);
    p.date_of_birth = ColumnDate(s, 1);
    p.date_of_death = ColumnDate(s, 2);
    const std::string gender = ColumnText(s, 3);
    p.gender = gender.empty() ? '0' : gender[0];
    p.gp_practice_code = ColumnText(s, 4);
    p.gp_registration_date = ColumnDate(s, 5);
    p.sensitive = sqlite3_column_int(s, 6) != 0;
  }
  if (step != SQLITE_DONE) return SqlError(path, raw, "read");

  // The child tables are read in NHS Number order too, so each row belongs to the person at or
  // after the cursor: one merge pass, no lookups.
  MHDS_ASSIGN_OR_RETURN(
      Statement names,
      Prepare(path, raw,
              "SELECT nhs_number, family_name, given_name, other_given_name, valid_from, "
              "valid_to FROM person_name ORDER BY nhs_number, seq"));
  size_t cursor = 0;
  while ((step = sqlite3_step(names.get())) == SQLITE_ROW) {
    sqlite3_stmt* s = names.get();
    const std::string number = ColumnText(s, 0);
    while (cursor < people.size() && people[cursor].nhs_number < number) ++cursor;
    if (cursor == people.size() || people[cursor].nhs_number != number) return not_an_index();
    PersonName& n = people[cursor].names.emplace_back();
    n.family = ColumnText(s, 1);
    n.given = ColumnText(s, 2);
    n.other_given = ColumnText(s, 3);
    n.valid_from = ColumnDate(s, 4);
    n.valid_to = ColumnDate(s, 5);
  }
  if (step != SQLITE_DONE) return SqlError(path, raw, "read");

  MHDS_ASSIGN_OR_RETURN(
      Statement addresses,
      Prepare(path, raw,
              "SELECT nhs_number, line1, line2, line3, line4, line5, postcode, valid_from, "
              "valid_to FROM person_address ORDER BY nhs_number, seq"));
  cursor = 0;
  while ((step = sqlite3_step(addresses.get())) == SQLITE_ROW) {
    sqlite3_stmt* s = addresses.get();
    const std::string number = ColumnText(s, 0);
    while (cursor < people.size() && people[cursor].nhs_number < number) ++cursor;
    if (cursor == people.size() || people[cursor].nhs_number != number) return not_an_index();
    PersonAddress& a = people[cursor].addresses.emplace_back();
    for (int line = 0; line < 5; ++line) a.lines[line] = ColumnText(s, 1 + line);
    a.postcode = ColumnText(s, 6);
    a.valid_from = ColumnDate(s, 7);
    a.valid_to = ColumnDate(s, 8);
  }
  if (step != SQLITE_DONE) return SqlError(path, raw, "read");

  MHDS_ASSIGN_OR_RETURN(Statement superseded,
                        Prepare(path, raw,
                                "SELECT nhs_number, old_nhs_number FROM superseded_number "
                                "ORDER BY nhs_number, old_nhs_number"));
  cursor = 0;
  while ((step = sqlite3_step(superseded.get())) == SQLITE_ROW) {
    sqlite3_stmt* s = superseded.get();
    const std::string number = ColumnText(s, 0);
    while (cursor < people.size() && people[cursor].nhs_number < number) ++cursor;
    if (cursor == people.size() || people[cursor].nhs_number != number) return not_an_index();
    people[cursor].superseded.push_back(ColumnText(s, 1));
  }
  if (step != SQLITE_DONE) return SqlError(path, raw, "read");
  return people;
}

}  // namespace mhds::trace
