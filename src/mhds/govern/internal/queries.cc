#include "mhds/govern/internal/queries.h"

#include "mhds/base/calendar.h"
#include "mhds/base/status_macros.h"

namespace mhds::govern::internal {

Result<int64_t> ApplicationId(store::Database& db, const std::string& reference) {
  MHDS_ASSIGN_OR_RETURN(
      auto row, db.QueryRow("SELECT id FROM gov_applications WHERE reference = ?", {reference}));
  if (!row) return Status::NotFound("no application " + reference);
  return row->Int(0);
}

Result<std::optional<VersionRef>> LatestVersion(store::Database& db, int64_t application_id) {
  MHDS_ASSIGN_OR_RETURN(auto row, db.QueryRow("SELECT id, major, minor FROM gov_versions WHERE "
                                              "application_id = ? ORDER BY id DESC LIMIT 1",
                                              {application_id}));
  if (!row) return std::optional<VersionRef>();
  return std::optional<VersionRef>(VersionRef{row->Int(0), row->Int(1), row->Int(2)});
}

Result<std::optional<AgreedVersion>> LatestAgreement(store::Database& db, int64_t application_id) {
  MHDS_ASSIGN_OR_RETURN(
      auto row, db.QueryRow("SELECT v.id, v.major, v.minor, a.id, a.start_date, a.end_date "
                            "FROM gov_agreements a JOIN gov_versions v ON v.id = a.version_id "
                            "WHERE a.application_id = ? ORDER BY a.id DESC LIMIT 1",
                            {application_id}));
  if (!row) return std::optional<AgreedVersion>();
  AgreedVersion a;
  a.version = VersionRef{row->Int(0), row->Int(1), row->Int(2)};
  a.agreement_id = row->Int(3);
  a.start_date = row->Text(4);
  a.end_date = row->Text(5);
  return std::optional<AgreedVersion>(std::move(a));
}

std::string DayOf(int64_t unix_seconds) {
  constexpr int64_t kSecondsPerDay = 86400;
  int64_t days = unix_seconds / kSecondsPerDay;
  if (unix_seconds < 0 && unix_seconds % kSecondsPerDay != 0) --days;
  return FormatDate(days);
}

}  // namespace mhds::govern::internal
