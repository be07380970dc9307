#include "mhds/govern/application_view.h"

#include "mhds/base/status_macros.h"

namespace mhds::govern {

namespace {

constexpr char kSelectSummary[] =
    "SELECT a.id, a.reference, a.title, o.ods_code, o.name, "
    "(SELECT l.to_state FROM gov_ledger l WHERE l.application_ref = a.reference "
    "ORDER BY l.seq DESC LIMIT 1), "
    "(SELECT v.major || '.' || v.minor FROM gov_versions v WHERE v.application_id = a.id "
    "ORDER BY v.id DESC LIMIT 1) "
    "FROM gov_applications a JOIN gov_organisations o ON o.id = a.applicant_org_id ";

ApplicationSummary SummaryOf(const store::Row& row) {
  return ApplicationSummary{row.Text(1), row.Text(2), row.Text(3),
                            row.Text(4), row.Text(5), row.Text(6)};
}

std::optional<int64_t> OptionalInt(const store::Row& row, int column) {
  if (row.IsNull(column)) return std::nullopt;
  return row.Int(column);
}

}  // namespace

Result<std::vector<ApplicationSummary>> ListApplications(store::Database& db,
                                                         const std::string& applicant_ods) {
  std::vector<store::Row> rows;
  if (applicant_ods.empty()) {
    MHDS_ASSIGN_OR_RETURN(rows, db.Query(std::string(kSelectSummary) + "ORDER BY a.reference"));
  } else {
    MHDS_ASSIGN_OR_RETURN(
        rows, db.Query(std::string(kSelectSummary) + "WHERE o.ods_code = ? ORDER BY a.reference",
                       {applicant_ods}));
  }
  std::vector<ApplicationSummary> out;
  for (const auto& row : rows) out.push_back(SummaryOf(row));
  return out;
}

Result<std::optional<ApplicationDetail>> FindApplication(store::Database& db,
                                                         const std::string& reference) {
  MHDS_ASSIGN_OR_RETURN(
      auto row, db.QueryRow(std::string(kSelectSummary) + "WHERE a.reference = ?", {reference}));
  if (!row) return std::optional<ApplicationDetail>();
  ApplicationDetail d;
  const int64_t app = row->Int(0);
  d.summary = SummaryOf(*row);
  MHDS_ASSIGN_OR_RETURN(
      auto datasets,
      db.Query("SELECT dataset, type_of_data, legal_basis, opt_out_applies FROM "
               "gov_requested_datasets WHERE version_id = (SELECT id FROM gov_versions WHERE "
               "application_id = ? ORDER BY id DESC LIMIT 1) ORDER BY id",
               {app}));
  for (const auto& r : datasets) {
    std::optional<int64_t> applies = OptionalInt(r, 3);
    d.datasets.push_back({r.Text(0), r.Text(1), r.Text(2),
                          applies ? std::optional<bool>(*applies == 1) : std::nullopt});
  }
  MHDS_ASSIGN_OR_RETURN(
      auto conditions,
      db.Query("SELECT c.id, c.text, r.panel, r.meeting_date, "
               "(SELECT COUNT(*) FROM gov_conditions_met m WHERE m.condition_id = c.id) "
               "FROM gov_conditions c JOIN gov_reviews r ON r.id = c.review_id "
               "WHERE r.application_id = ? ORDER BY c.id",
               {app}));
  for (const auto& r : conditions) {
    d.conditions.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4) > 0});
  }
  MHDS_ASSIGN_OR_RETURN(
      auto releases,
      db.Query("SELECT id, file_reference, dataset, month, opt_outs_applied, records_before, "
               "records_after, file_sha256 FROM gov_releases WHERE application_id = ? ORDER BY id",
               {app}));
  for (const auto& r : releases) {
    ReleaseView v;
    v.file_reference = r.Text(1);
    v.dataset = r.Text(2);
    v.month = r.Text(3);
    v.opt_outs_applied = r.Int(4) == 1;
    v.records_before = OptionalInt(r, 5);
    v.records_after = OptionalInt(r, 6);
    v.file_sha256 = r.Text(7);
    MHDS_ASSIGN_OR_RETURN(auto files, db.Query("SELECT name, bytes, sha256 FROM gov_release_files "
                                               "WHERE release_id = ? ORDER BY id",
                                               {r.Int(0)}));
    for (const auto& f : files) v.files.push_back({f.Text(0), f.Int(1), f.Text(2)});
    d.releases.push_back(std::move(v));
  }
  MHDS_ASSIGN_OR_RETURN(d.history, ReadLedger(db, reference));
  return std::optional<ApplicationDetail>(std::move(d));
}

Result<std::optional<ConditionOwner>> FindConditionOwner(store::Database& db,
                                                         int64_t condition_id) {
  MHDS_ASSIGN_OR_RETURN(auto row,
                        db.QueryRow("SELECT a.reference, o.ods_code FROM gov_conditions c "
                                    "JOIN gov_reviews r ON r.id = c.review_id "
                                    "JOIN gov_applications a ON a.id = r.application_id "
                                    "JOIN gov_organisations o ON o.id = a.applicant_org_id "
                                    "WHERE c.id = ?",
                                    {condition_id}));
  if (!row) return std::optional<ConditionOwner>();
  return std::optional<ConditionOwner>(ConditionOwner{row->Text(0), row->Text(1)});
}

}  // namespace mhds::govern
