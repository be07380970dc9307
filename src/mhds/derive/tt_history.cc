#include "mhds/derive/tt_history.h"

#include "mhds/base/status_macros.h"
#include "mhds/derive/history_tables.h"
#include "mhds/store/migrations.h"

namespace mhds::derive {
namespace {

constexpr store::Migration kTtHistoryMigrations[] = {
    {1, "accepted Talking Therapies submissions with their pathways and care contacts",
     "CREATE TABLE tt_history_submissions ("
     " id {{id}},"
     " provider TEXT NOT NULL,"
     " uniq_month_id BIGINT NOT NULL,"
     " period_start BIGINT NOT NULL,"
     " period_end BIGINT NOT NULL,"
     " spec_version TEXT NOT NULL,"
     " label TEXT NOT NULL,"
     " recorded_at BIGINT NOT NULL,"
     " rows_left_out BIGINT NOT NULL);"
     "CREATE INDEX tt_history_submissions_by_month ON tt_history_submissions "
     "(provider, uniq_month_id, id);"
     "CREATE TABLE tt_history_pathways ("
     " submission_id BIGINT NOT NULL REFERENCES tt_history_submissions (id),"
     " service_request_id TEXT NOT NULL,"
     " person_id TEXT NOT NULL,"
     " commissioner TEXT NOT NULL,"
     " received BIGINT NOT NULL,"
     " discharged BIGINT,"
     " end_code TEXT NOT NULL);"
     "CREATE INDEX tt_history_pathways_by_submission ON tt_history_pathways (submission_id);"
     "CREATE TABLE tt_history_contacts ("
     " submission_id BIGINT NOT NULL REFERENCES tt_history_submissions (id),"
     " care_contact_id TEXT NOT NULL,"
     " service_request_id TEXT NOT NULL,"
     " contact_date BIGINT NOT NULL,"
     " contact_time TEXT NOT NULL,"
     " attendance TEXT NOT NULL,"
     " app_type TEXT NOT NULL,"
     " phq9 BIGINT,"
     " gad7 BIGINT,"
     " scores_read BIGINT NOT NULL,"
     " scores_unreadable BIGINT NOT NULL);"
     "CREATE INDEX tt_history_contacts_by_submission ON tt_history_contacts (submission_id)"},
};

std::optional<int64_t> OptionalScore(const std::optional<int>& v) {
  if (!v) return std::nullopt;
  return int64_t{*v};
}

Status LoadTtPathways(store::Database& db, int64_t id, TtMonthRecords& m) {
  MHDS_ASSIGN_OR_RETURN(auto rows,
                        db.Query("SELECT service_request_id, person_id, commissioner, received, "
                                 "discharged, end_code FROM tt_history_pathways "
                                 "WHERE submission_id = ? ORDER BY service_request_id",
                                 {id}));
  m.pathways.reserve(rows.size());
  for (const store::Row& row : rows) {
    TtPathwayRecord p;
    p.service_request_id = row.Text(0);
    p.person_id = row.Text(1);
    p.commissioner = row.Text(2);
    p.received = row.Int(3);
    p.discharged = row[4].AsInt();
    p.end_code = row.Text(5);
    m.pathways.push_back(std::move(p));
  }
  return Status::Ok();
}

Status LoadTtContacts(store::Database& db, int64_t id, TtMonthRecords& m) {
  MHDS_ASSIGN_OR_RETURN(
      auto rows,
      db.Query("SELECT care_contact_id, service_request_id, contact_date, contact_time, "
               "attendance, app_type, phq9, gad7, scores_read, scores_unreadable "
               "FROM tt_history_contacts WHERE submission_id = ? ORDER BY care_contact_id",
               {id}));
  m.contacts.reserve(rows.size());
  for (const store::Row& row : rows) {
    TtContactRecord c;
    c.care_contact_id = row.Text(0);
    c.service_request_id = row.Text(1);
    c.date = row.Int(2);
    c.time = row.Text(3);
    c.attendance = row.Text(4);
    c.app_type = row.Text(5);
    if (auto score = row[6].AsInt()) c.phq9 = static_cast<int>(*score);
    if (auto score = row[7].AsInt()) c.gad7 = static_cast<int>(*score);
    c.scores_read = static_cast<uint32_t>(row.Int(8));
    c.scores_unreadable = static_cast<uint32_t>(row.Int(9));
    m.contacts.push_back(std::move(c));
  }
  return Status::Ok();
}

}  // namespace

Status MigrateTtHistory(store::Database& db) {
  return store::Migrate(db, "tt_history", kTtHistoryMigrations);
}

Result<int64_t> RecordTtSubmission(store::Database& db, const TtMonthRecords& records,
                                   const std::string& label, int64_t recorded_at) {
  if (records.provider.empty()) {
    return Status::InvalidArgument("the submission names no provider (IDS000Header.OrgIDProv)");
  }
  MHDS_ASSIGN_OR_RETURN(auto tx, db.Begin());
  const ReportingMonth& m = records.month;
  MHDS_ASSIGN_OR_RETURN(
      auto inserted,
      db.QueryRow("INSERT INTO tt_history_submissions (provider, uniq_month_id, period_start, "
                  "period_end, spec_version, label, recorded_at, rows_left_out) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  {records.provider, m.uniq_month_id, m.start, m.end, records.spec_version, label,
                   recorded_at, static_cast<int64_t>(records.rows_left_out)}));
  if (!inserted) return Status::Internal("INSERT ... RETURNING id returned no row");
  int64_t id = inserted->Int(0);
  MHDS_RETURN_IF_ERROR(InsertRowsInBatches(
      db, "tt_history_pathways",
      "submission_id, service_request_id, person_id, commissioner, received, discharged, end_code",
      7, records.pathways.size(), [&](size_t i, std::vector<store::Value>& p) {
        const TtPathwayRecord& r = records.pathways[i];
        p.insert(p.end(), {id, r.service_request_id, r.person_id, r.commissioner, r.received,
                           r.discharged, r.end_code});
      }));
  MHDS_RETURN_IF_ERROR(InsertRowsInBatches(
      db, "tt_history_contacts",
      "submission_id, care_contact_id, service_request_id, contact_date, contact_time, "
      "attendance, app_type, phq9, gad7, scores_read, scores_unreadable",
      11, records.contacts.size(), [&](size_t i, std::vector<store::Value>& p) {
        const TtContactRecord& c = records.contacts[i];
        p.insert(p.end(), {id, c.care_contact_id, c.service_request_id, c.date, c.time,
                           c.attendance, c.app_type, OptionalScore(c.phq9), OptionalScore(c.gad7),
                           int64_t{c.scores_read}, int64_t{c.scores_unreadable}});
      }));
  MHDS_RETURN_IF_ERROR(tx.Commit());
  return id;
}

Result<std::vector<HistoryEntry>> ListTtHistory(store::Database& db, const std::string& provider) {
  return ListRecordedSubmissions(db, "tt_history_submissions", provider);
}

Result<std::vector<TtMonthRecords>> LoadTtHistory(store::Database& db, const std::string& provider,
                                                  int last_month_id) {
  // The latest of a provider-month is the one recorded last (the largest id).
  MHDS_ASSIGN_OR_RETURN(
      auto rows,
      db.Query("SELECT id, period_start, period_end, spec_version, rows_left_out "
               "FROM tt_history_submissions s WHERE provider = ? AND uniq_month_id <= ? AND id = "
               "(SELECT MAX(id) FROM tt_history_submissions latest WHERE latest.provider = "
               "s.provider AND latest.uniq_month_id = s.uniq_month_id) "
               "ORDER BY uniq_month_id",
               {provider, last_month_id}));
  std::vector<TtMonthRecords> out;
  out.reserve(rows.size());
  for (const store::Row& row : rows) {
    TtMonthRecords m;
    m.provider = provider;
    m.month = MonthOf(row.Int(1), row.Int(2));
    m.spec_version = row.Text(3);
    m.rows_left_out = static_cast<uint64_t>(row.Int(4));
    MHDS_RETURN_IF_ERROR(LoadTtPathways(db, row.Int(0), m));
    MHDS_RETURN_IF_ERROR(LoadTtContacts(db, row.Int(0), m));
    out.push_back(std::move(m));
  }
  return out;
}

Result<std::vector<RecordedTtSubmission>> LoadSupersededTtMonth(store::Database& db,
                                                                const std::string& provider,
                                                                int uniq_month_id) {
  MHDS_ASSIGN_OR_RETURN(std::vector<HistoryEntry> all, ListTtHistory(db, provider));
  std::vector<RecordedTtSubmission> out;
  for (HistoryEntry& e : all) {
    if (e.uniq_month_id != uniq_month_id || !e.superseded) continue;
    MHDS_ASSIGN_OR_RETURN(
        auto row, db.QueryRow("SELECT period_start, period_end, spec_version, rows_left_out "
                              "FROM tt_history_submissions WHERE id = ?",
                              {e.id}));
    if (!row) return Status::Internal("history submission " + std::to_string(e.id) + " vanished");
    RecordedTtSubmission r;
    r.records.provider = provider;
    r.records.month = MonthOf(row->Int(0), row->Int(1));
    r.records.spec_version = row->Text(2);
    r.records.rows_left_out = static_cast<uint64_t>(row->Int(3));
    MHDS_RETURN_IF_ERROR(LoadTtPathways(db, e.id, r.records));
    MHDS_RETURN_IF_ERROR(LoadTtContacts(db, e.id, r.records));
    r.entry = std::move(e);
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<std::string>> TtProvidersInMonth(store::Database& db, int uniq_month_id) {
  return ProvidersRecordedIn(db, "tt_history_submissions", uniq_month_id);
}

Result<TtMonth> DeriveTtFromStore(store::Database& db, const std::string& provider,
                                  int uniq_month_id, const std::filesystem::path& specs_root,
                                  const std::filesystem::path& settings_folder) {
  MHDS_ASSIGN_OR_RETURN(std::vector<TtMonthRecords> months,
                        LoadTtHistory(db, provider, uniq_month_id));
  if (months.empty() || months.back().month.uniq_month_id != uniq_month_id) {
    return Status::NotFound("the store holds no accepted Talking Therapies submission of " +
                            provider + " for UniqMonthID " + std::to_string(uniq_month_id) +
                            "; record one with `mhds validate SUBMISSION --store URL`");
  }
  const TtMonthRecords& month = months.back();
  std::filesystem::path folder =
      settings_folder.empty() ? specs_root / "iapt" / month.spec_version : settings_folder;
  auto settings = LoadTtSettings(folder);
  if (!settings.ok()) {
    if (settings.status().code() != StatusCode::kNotFound) return settings.status();
    return Status::SpecError("no Talking Therapies derivations.csv in " + folder.string() +
                             ", the settings of the version the month was validated against (" +
                             month.spec_version + "); give --spec with the version folder");
  }
  std::vector<const TtMonthRecords*> earlier;
  for (size_t i = 0; i + 1 < months.size(); ++i) earlier.push_back(&months[i]);
  return CountTtMonth(*settings, month, std::move(earlier));
}

}  // namespace mhds::derive
