// The store tables of the landing service's own (store component "serve"): submissions and the
// validation job queue. The account tables come from account::Accounts::Migrate. The columns are
// described in docs/landing_service.md.
#pragma once

#include <span>

#include "mhds/base/status.h"
#include "mhds/store/database.h"

namespace mhds::serve {

// Brings the store up to date: the account tables, then the serve tables. Safe at every start and
// from several processes at once.
Status MigrateStore(store::Database& db);

}  // namespace mhds::serve
