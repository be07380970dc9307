#include "mhds/derive/history_store.h"

#include "mhds/base/status_macros.h"
#include "mhds/derive/history_tables.h"
#include "mhds/store/migrations.h"

namespace mhds::derive {
namespace {

constexpr store::Migration kHistoryMigrations[] = {
    {1, "accepted submissions with their referrals and care contacts",
     "CREATE TABLE history_submissions ("
     " id {{id}},"
     " provider TEXT NOT NULL,"
     " uniq_month_id BIGINT NOT NULL,"
     " period_start BIGINT NOT NULL,"
     " period_end BIGINT NOT NULL,"
     " financial_year TEXT NOT NULL,"
     " label TEXT NOT NULL,"
     " recorded_at BIGINT NOT NULL,"
     " rows_left_out BIGINT NOT NULL);"
     "CREATE INDEX history_submissions_by_month ON history_submissions "
     "(provider, uniq_month_id, id);"
     "CREATE TABLE history_referrals ("
     " submission_id BIGINT NOT NULL REFERENCES history_submissions (id),"
     " uniq_serv_req_id TEXT NOT NULL,"
     " service_request_id TEXT NOT NULL,"
     " person_id TEXT NOT NULL,"
     " main_team TEXT NOT NULL,"
     " team TEXT NOT NULL,"
     " received BIGINT NOT NULL,"
     " discharged BIGINT,"
     " age_at_start BIGINT,"
     " age_at_end BIGINT,"
     " ips_team BIGINT NOT NULL,"
     " ips_procedure BIGINT NOT NULL,"
     " employ_status_first TEXT NOT NULL,"
     " employ_status_last TEXT NOT NULL);"
     "CREATE INDEX history_referrals_by_submission ON history_referrals (submission_id);"
     "CREATE TABLE history_contacts ("
     " submission_id BIGINT NOT NULL REFERENCES history_submissions (id),"
     " uniq_care_cont_id TEXT NOT NULL,"
     " uniq_serv_req_id TEXT NOT NULL,"
     " contact_date BIGINT NOT NULL,"
     " contact_time TEXT NOT NULL,"
     " attend_status TEXT NOT NULL,"
     " mechanism TEXT NOT NULL,"
     " direct BIGINT NOT NULL,"
     " ips_procedure BIGINT NOT NULL,"
     " contact_order BIGINT NOT NULL);"
     "CREATE INDEX history_contacts_by_submission ON history_contacts (submission_id)"},
    {2, "the breakdowns of each referral: commissioner, gender, ethnicity, age at referral",
     "ALTER TABLE history_referrals ADD COLUMN commissioner TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE history_referrals ADD COLUMN gender TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE history_referrals ADD COLUMN gender_identity TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE history_referrals ADD COLUMN ethnic_category TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE history_referrals ADD COLUMN age_at_referral BIGINT"},
};

// An optional age as the store holds it.
std::optional<int64_t> OptionalAge(const std::optional<int>& v) {
  if (!v) return std::nullopt;
  return int64_t{*v};
}

Status LoadReferrals(store::Database& db, int64_t id, SubmissionRecords& s) {
  MHDS_ASSIGN_OR_RETURN(
      auto rows,
      db.Query("SELECT uniq_serv_req_id, service_request_id, person_id, main_team, team, "
               "received, discharged, age_at_start, age_at_end, ips_team, ips_procedure, "
               "employ_status_first, employ_status_last, commissioner, gender, gender_identity, "
               "ethnic_category, age_at_referral FROM history_referrals "
               "WHERE submission_id = ? ORDER BY uniq_serv_req_id",
               {id}));
  s.referrals.reserve(rows.size());
  for (const store::Row& row : rows) {
    ReferralRecord r;
    r.uniq_serv_req_id = row.Text(0);
    r.service_request_id = row.Text(1);
    r.person_id = row.Text(2);
    r.main_team = row.Text(3);
    r.team = row.Text(4);
    r.received = row.Int(5);
    r.discharged = row[6].AsInt();
    if (auto age = row[7].AsInt()) r.age_at_start = static_cast<int>(*age);
    if (auto age = row[8].AsInt()) r.age_at_end = static_cast<int>(*age);
    r.ips_team = row.Int(9) != 0;
    r.ips_procedure = row.Int(10) != 0;
    r.employ_status_first = row.Text(11);
    r.employ_status_last = row.Text(12);
    r.commissioner = row.Text(13);
    r.gender = row.Text(14);
    r.gender_identity = row.Text(15);
    r.ethnic_category = row.Text(16);
    if (auto age = row[17].AsInt()) r.age_at_referral = static_cast<int>(*age);
    s.referrals.push_back(std::move(r));
  }
  return Status::Ok();
}

Status LoadContacts(store::Database& db, int64_t id, SubmissionRecords& s) {
  MHDS_ASSIGN_OR_RETURN(
      auto rows,
      db.Query("SELECT uniq_care_cont_id, uniq_serv_req_id, contact_date, contact_time, "
               "attend_status, mechanism, direct, ips_procedure, contact_order "
               "FROM history_contacts WHERE submission_id = ? ORDER BY uniq_care_cont_id",
               {id}));
  s.contacts.reserve(rows.size());
  for (const store::Row& row : rows) {
    ContactRecord c;
    c.uniq_care_cont_id = row.Text(0);
    c.uniq_serv_req_id = row.Text(1);
    c.date = row.Int(2);
    c.time = row.Text(3);
    c.attend_status = row.Text(4);
    c.mechanism = row.Text(5);
    c.direct = row.Int(6) != 0;
    c.ips_procedure = row.Int(7) != 0;
    c.contact_order = static_cast<int>(row.Int(8));
    s.contacts.push_back(std::move(c));
  }
  return Status::Ok();
}

}  // namespace

Status MigrateHistory(store::Database& db) {
  return store::Migrate(db, "history", kHistoryMigrations);
}

Result<int64_t> RecordSubmission(store::Database& db, const SubmissionRecords& records,
                                 const std::string& label, int64_t recorded_at) {
  if (records.provider.empty()) {
    return Status::InvalidArgument("the submission names no provider (MHS000.OrgIDProvider)");
  }
  MHDS_ASSIGN_OR_RETURN(auto tx, db.Begin());
  const ReportingMonth& m = records.month;
  MHDS_ASSIGN_OR_RETURN(
      auto inserted,
      db.QueryRow("INSERT INTO history_submissions (provider, uniq_month_id, period_start, "
                  "period_end, financial_year, label, recorded_at, rows_left_out) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  {records.provider, m.uniq_month_id, m.start, m.end, m.financial_year, label,
                   recorded_at, static_cast<int64_t>(records.rows_left_out)}));
  if (!inserted) return Status::Internal("INSERT ... RETURNING id returned no row");
  int64_t id = inserted->Int(0);
  MHDS_RETURN_IF_ERROR(InsertRowsInBatches(
      db, "history_referrals",
      "submission_id, uniq_serv_req_id, service_request_id, person_id, main_team, team, "
      "received, discharged, age_at_start, age_at_end, ips_team, ips_procedure, "
      "employ_status_first, employ_status_last, commissioner, gender, gender_identity, "
      "ethnic_category, age_at_referral",
      19, records.referrals.size(), [&](size_t i, std::vector<store::Value>& p) {
        const ReferralRecord& r = records.referrals[i];
        p.insert(p.end(), {id, r.uniq_serv_req_id, r.service_request_id, r.person_id, r.main_team,
                           r.team, r.received, r.discharged, OptionalAge(r.age_at_start),
                           OptionalAge(r.age_at_end), int64_t{r.ips_team}, int64_t{r.ips_procedure},
                           r.employ_status_first, r.employ_status_last, r.commissioner, r.gender,
                           r.gender_identity, r.ethnic_category, OptionalAge(r.age_at_referral)});
      }));
  MHDS_RETURN_IF_ERROR(InsertRowsInBatches(
      db, "history_contacts",
      "submission_id, uniq_care_cont_id, uniq_serv_req_id, contact_date, contact_time, "
      "attend_status, mechanism, direct, ips_procedure, contact_order",
      10, records.contacts.size(), [&](size_t i, std::vector<store::Value>& p) {
        const ContactRecord& c = records.contacts[i];
        p.insert(p.end(), {id, c.uniq_care_cont_id, c.uniq_serv_req_id, c.date, c.time,
                           c.attend_status, c.mechanism, int64_t{c.direct},
                           int64_t{c.ips_procedure}, int64_t{c.contact_order}});
      }));
  MHDS_RETURN_IF_ERROR(tx.Commit());
  return id;
}

Result<std::vector<HistoryEntry>> ListHistory(store::Database& db, const std::string& provider) {
  return ListRecordedSubmissions(db, "history_submissions", provider);
}

Result<std::vector<SubmissionRecords>> LoadHistory(store::Database& db, const std::string& provider,
                                                   int last_month_id) {
  MHDS_ASSIGN_OR_RETURN(
      auto rows,
      db.Query("SELECT id, uniq_month_id, period_start, period_end, rows_left_out "
               "FROM history_submissions s WHERE provider = ? AND uniq_month_id <= ? AND id = "
               "(SELECT MAX(id) FROM history_submissions latest WHERE latest.provider = "
               "s.provider AND latest.uniq_month_id = s.uniq_month_id) "
               "ORDER BY uniq_month_id",
               {provider, last_month_id}));
  std::vector<SubmissionRecords> out;
  out.reserve(rows.size());
  for (const store::Row& row : rows) {
    SubmissionRecords s;
    s.provider = provider;
    s.month = MonthOf(row.Int(2), row.Int(3));
    s.rows_left_out = static_cast<uint64_t>(row.Int(4));
    MHDS_RETURN_IF_ERROR(LoadReferrals(db, row.Int(0), s));
    MHDS_RETURN_IF_ERROR(LoadContacts(db, row.Int(0), s));
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<RecordedSubmission>> LoadSupersededMonth(store::Database& db,
                                                            const std::string& provider,
                                                            int uniq_month_id) {
  MHDS_ASSIGN_OR_RETURN(std::vector<HistoryEntry> all, ListHistory(db, provider));
  std::vector<RecordedSubmission> out;
  for (HistoryEntry& e : all) {
    if (e.uniq_month_id != uniq_month_id || !e.superseded) continue;
    MHDS_ASSIGN_OR_RETURN(auto row, db.QueryRow("SELECT period_start, period_end, rows_left_out "
                                                "FROM history_submissions WHERE id = ?",
                                                {e.id}));
    if (!row) return Status::Internal("history submission " + std::to_string(e.id) + " vanished");
    RecordedSubmission r;
    r.records.provider = provider;
    r.records.month = MonthOf(row->Int(0), row->Int(1));
    r.records.rows_left_out = static_cast<uint64_t>(row->Int(2));
    MHDS_RETURN_IF_ERROR(LoadReferrals(db, e.id, r.records));
    MHDS_RETURN_IF_ERROR(LoadContacts(db, e.id, r.records));
    r.entry = std::move(e);
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<std::string>> ProvidersInMonth(store::Database& db, int uniq_month_id) {
  return ProvidersRecordedIn(db, "history_submissions", uniq_month_id);
}

}  // namespace mhds::derive
