#include "mhds/serve/schema.h"

#include "mhds/account/accounts.h"
#include "mhds/base/status_macros.h"
#include "mhds/derive/history_store.h"
#include "mhds/derive/tt_history.h"
#include "mhds/store/migrations.h"

namespace mhds::serve {
namespace {

// Never edit a shipped migration: add the next one.
constexpr store::Migration kServeMigrations[] = {
    {1, "submissions and validation jobs",
     "CREATE TABLE submissions ("
     " id {{id}},"
     " org TEXT NOT NULL,"                  // ODS code of the organisation the data is for
     " dataset TEXT NOT NULL,"              // data set folder name: mhsds, iapt
     " version TEXT NOT NULL,"              // version folder in force for the period
     " period TEXT NOT NULL,"               // reporting month CCYY-MM
     " test BIGINT NOT NULL,"               // 1: a test submission, validated but never counted
     " window_kind TEXT NOT NULL,"          // single, primary, refresh, first, resubmission
     " submission_number BIGINT NOT NULL,"  // 1 = the month's first opportunity
     " sha256 TEXT NOT NULL,"
     " bytes BIGINT NOT NULL,"
     " format TEXT NOT NULL,"         // sqlite, access, zip
     " file_name TEXT NOT NULL,"      // under the data folder's uploads/
     " uploaded_by BIGINT NOT NULL,"  // user id
     " uploaded_at BIGINT NOT NULL,"
     " status TEXT NOT NULL,"  // received, validating, accepted, accepted_with_rejections,
                               // rejected, failed
     " rows_received BIGINT NOT NULL DEFAULT 0,"
     " rows_rejected BIGINT NOT NULL DEFAULT 0,"
     " findings BIGINT NOT NULL DEFAULT 0,"
     " validated_at BIGINT,"
     " message TEXT NOT NULL DEFAULT '');"  // why a submission was rejected or failed
     "CREATE INDEX submissions_by_month ON submissions (org, dataset, period, id);"
     "CREATE TABLE jobs ("
     " id {{id}},"
     " submission_id BIGINT NOT NULL REFERENCES submissions (id),"
     " state TEXT NOT NULL,"  // pending, running, done, failed
     " attempts BIGINT NOT NULL DEFAULT 0,"
     " lease_owner TEXT,"
     " lease_until BIGINT,"
     " created_at BIGINT NOT NULL,"
     " finished_at BIGINT,"
     " error TEXT NOT NULL DEFAULT '');"
     "CREATE INDEX jobs_by_state ON jobs (state, id)"},
};

}  // namespace

Status MigrateStore(store::Database& db) {
  MHDS_RETURN_IF_ERROR(account::Accounts::Migrate(db));
  MHDS_RETURN_IF_ERROR(store::Migrate(db, "serve", kServeMigrations));
  MHDS_RETURN_IF_ERROR(derive::MigrateHistory(db));
  return derive::MigrateTtHistory(db);
}

}  // namespace mhds::serve
