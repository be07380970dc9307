#include "mhds/govern/internal/schema.h"

#include <array>
#include <span>
#include <string>

namespace mhds::govern::internal {

namespace {

// Every governance table is append-only: a fact, once recorded, is superseded by a newer row
// (a new application version, a condition met, a ledger entry), never changed. Dates are ISO
// text (YYYY-MM-DD), months YYYY-MM, times Unix seconds.
constexpr std::string_view kTables = R"sql(
CREATE TABLE gov_organisations (
  id {{id}},
  ods_code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  org_type TEXT NOT NULL,
  dsfc_reference TEXT,
  dsfc_start TEXT,
  dsfc_end TEXT,
  security_assurance TEXT,
  security_assurance_until TEXT,
  dpa_registration TEXT,
  recorded_at BIGINT NOT NULL
);
CREATE TABLE gov_applications (
  id {{id}},
  reference TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  applicant_org_id BIGINT NOT NULL REFERENCES gov_organisations(id),
  recorded_at BIGINT NOT NULL
);
CREATE TABLE gov_versions (
  id {{id}},
  application_id BIGINT NOT NULL REFERENCES gov_applications(id),
  major BIGINT NOT NULL,
  minor BIGINT NOT NULL,
  objective TEXT NOT NULL,
  processing TEXT NOT NULL,
  outputs TEXT NOT NULL,
  benefits TEXT NOT NULL,
  yielded_benefits TEXT NOT NULL,
  commercial BIGINT NOT NULL CHECK (commercial IN (0, 1)),
  sublicensing BIGINT NOT NULL CHECK (sublicensing IN (0, 1)),
  body_sha256 TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at BIGINT NOT NULL,
  UNIQUE (application_id, major, minor)
);
CREATE TABLE gov_parties (
  id {{id}},
  version_id BIGINT NOT NULL REFERENCES gov_versions(id),
  kind TEXT NOT NULL CHECK (kind IN ('controller', 'processor', 'storage')),
  ods_code TEXT,
  name TEXT NOT NULL,
  country TEXT
);
CREATE TABLE gov_requested_datasets (
  id {{id}},
  version_id BIGINT NOT NULL REFERENCES gov_versions(id),
  dataset TEXT NOT NULL,
  type_of_data TEXT NOT NULL,
  sensitivity TEXT NOT NULL,
  frequency TEXT NOT NULL,
  legal_basis TEXT NOT NULL,
  common_law_duty TEXT NOT NULL,
  cag_exemption BIGINT,
  opt_out_applies BIGINT,
  items_json TEXT NOT NULL
);
CREATE TABLE gov_reviews (
  id {{id}},
  application_id BIGINT NOT NULL REFERENCES gov_applications(id),
  version_id BIGINT NOT NULL REFERENCES gov_versions(id),
  panel TEXT NOT NULL,
  meeting_date TEXT NOT NULL,
  outcome TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at BIGINT NOT NULL
);
CREATE TABLE gov_conditions (
  id {{id}},
  review_id BIGINT NOT NULL REFERENCES gov_reviews(id),
  text TEXT NOT NULL,
  due TEXT
);
CREATE TABLE gov_conditions_met (
  id {{id}},
  condition_id BIGINT NOT NULL REFERENCES gov_conditions(id),
  met_by TEXT NOT NULL,
  evidence_sha256 TEXT,
  recorded_at BIGINT NOT NULL
);
CREATE TABLE gov_decisions (
  id {{id}},
  application_id BIGINT NOT NULL REFERENCES gov_applications(id),
  version_id BIGINT NOT NULL REFERENCES gov_versions(id),
  outcome TEXT NOT NULL CHECK (outcome IN ('approve', 'refuse')),
  approver TEXT NOT NULL,
  reason TEXT NOT NULL,
  recorded_at BIGINT NOT NULL
);
CREATE TABLE gov_agreements (
  id {{id}},
  application_id BIGINT NOT NULL REFERENCES gov_applications(id),
  version_id BIGINT NOT NULL REFERENCES gov_versions(id) UNIQUE,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  signed_by_nhse TEXT NOT NULL,
  signed_by_applicant TEXT NOT NULL,
  po_number TEXT,
  recorded_at BIGINT NOT NULL
);
CREATE TABLE gov_releases (
  id {{id}},
  application_id BIGINT NOT NULL REFERENCES gov_applications(id),
  agreement_id BIGINT NOT NULL REFERENCES gov_agreements(id),
  file_reference TEXT NOT NULL UNIQUE,
  dataset TEXT NOT NULL,
  month TEXT NOT NULL,
  type_of_data TEXT NOT NULL,
  sensitivity TEXT NOT NULL,
  legal_basis TEXT NOT NULL,
  frequency TEXT NOT NULL,
  opt_outs_applied BIGINT NOT NULL CHECK (opt_outs_applied IN (0, 1)),
  records_before BIGINT,
  records_after BIGINT,
  file_sha256 TEXT,
  channel TEXT NOT NULL,
  released_by TEXT NOT NULL,
  recorded_at BIGINT NOT NULL
);
CREATE TABLE gov_output_checks (
  id {{id}},
  application_id BIGINT NOT NULL REFERENCES gov_applications(id),
  output_name TEXT NOT NULL,
  checker TEXT NOT NULL,
  vote TEXT NOT NULL CHECK (vote IN ('approve', 'changes_requested')),
  recorded_at BIGINT NOT NULL
);
CREATE TABLE gov_destructions (
  id {{id}},
  application_id BIGINT NOT NULL REFERENCES gov_applications(id),
  certificate_sha256 TEXT NOT NULL,
  destroyed_on TEXT NOT NULL,
  signed_by TEXT NOT NULL,
  recorded_at BIGINT NOT NULL
);
CREATE TABLE gov_audits (
  id {{id}},
  application_id BIGINT NOT NULL REFERENCES gov_applications(id),
  auditor TEXT NOT NULL,
  finding TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('none', 'minor', 'major')),
  recorded_at BIGINT NOT NULL
);
CREATE TABLE gov_ledger (
  seq BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  application_ref TEXT NOT NULL,
  action TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  reason TEXT,
  documents TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX gov_ledger_by_application ON gov_ledger (application_ref, seq)
)sql";

// Migration 3: the governance roles people hold in the service (roles.h), the user id of the
// person behind each ledger entry taken through the service, and the files of a release made
// from an extract's manifest.
constexpr std::string_view kRolesAndFiles = R"sql(
ALTER TABLE gov_ledger ADD COLUMN actor_user_id BIGINT;
CREATE TABLE gov_role_grants (
  id {{id}},
  user_id BIGINT NOT NULL,
  username TEXT NOT NULL,
  role TEXT NOT NULL,
  org_ods TEXT NOT NULL,
  granted BIGINT NOT NULL CHECK (granted IN (0, 1)),
  recorded_by TEXT NOT NULL,
  recorded_at BIGINT NOT NULL
);
CREATE INDEX gov_role_grants_by_user ON gov_role_grants (user_id, id);
CREATE TABLE gov_release_files (
  id {{id}},
  release_id BIGINT NOT NULL REFERENCES gov_releases(id),
  name TEXT NOT NULL,
  bytes BIGINT NOT NULL,
  sha256 TEXT NOT NULL
)
)sql";

constexpr std::array<std::string_view, 2> kAppendOnlyTablesOfMigration3 = {"gov_role_grants",
                                                                           "gov_release_files"};

constexpr std::array<std::string_view, 15> kAppendOnlyTables = {
    "gov_organisations",      "gov_applications", "gov_versions",   "gov_parties",
    "gov_requested_datasets", "gov_reviews",      "gov_conditions", "gov_conditions_met",
    "gov_decisions",          "gov_agreements",   "gov_releases",   "gov_output_checks",
    "gov_destructions",       "gov_audits",       "gov_ledger"};

std::string AppendOnlySqlite(std::span<const std::string_view> tables) {
  std::string sql;
  for (std::string_view t : tables) {
    const std::string name(t);
    for (const char* op : {"UPDATE", "DELETE"}) {
      sql += "CREATE TRIGGER " + name + "_no_" +
             (std::string_view(op) == "UPDATE" ? "update" : "delete") + " BEFORE " + op + " ON " +
             name + " BEGIN SELECT RAISE(ABORT, '" + name + " is append-only'); END;\n";
    }
  }
  return sql;
}

// `with_function`: the first guard creates the trigger function the later ones reuse.
std::string AppendOnlyPostgres(std::span<const std::string_view> tables, bool with_function) {
  std::string sql =
      with_function ? "CREATE FUNCTION gov_append_only() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                      "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;\n"
                    : "";
  for (std::string_view t : tables) {
    const std::string name(t);
    sql += "CREATE TRIGGER " + name + "_no_change BEFORE UPDATE OR DELETE ON " + name +
           " FOR EACH ROW EXECUTE FUNCTION gov_append_only();\n";
    sql += "CREATE TRIGGER " + name + "_no_truncate BEFORE TRUNCATE ON " + name +
           " FOR EACH STATEMENT EXECUTE FUNCTION gov_append_only();\n";
  }
  return sql;
}

}  // namespace

std::span<const store::Migration> GovernMigrations() {
  // Built once; the texts live as long as the program.
  static const std::string sqlite_guard = AppendOnlySqlite(kAppendOnlyTables);
  static const std::string postgres_guard = AppendOnlyPostgres(kAppendOnlyTables, true);
  static const std::string sqlite_guard_3 = AppendOnlySqlite(kAppendOnlyTablesOfMigration3);
  static const std::string postgres_guard_3 =
      AppendOnlyPostgres(kAppendOnlyTablesOfMigration3, false);
  static const std::array<store::Migration, 4> migrations = {{
      {1, "governance tables and ledger", kTables},
      {2, "governance tables are append-only", sqlite_guard, postgres_guard},
      {3, "governance roles, ledger user ids, release files", kRolesAndFiles},
      {4, "governance roles and release files are append-only", sqlite_guard_3, postgres_guard_3},
  }};
  return migrations;
}

}  // namespace mhds::govern::internal
