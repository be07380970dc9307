// The reconciliation for people and programs: a terminal summary, CSV (one row per referral
// counted on either side) and JSON. Referral ids are the provider's own and reach no log.
#pragma once

#include <string>

#include "mhds/extract/reconcile.h"

namespace mhds::extract {

// Counts on each side, then one block per difference: referral, reason, detail, action.
std::string ReconcileSummary(const Reconciliation& r);

// Columns: referral, in_local_list, in_national_count, reason, rule, local_first_contact,
// national_first_contact, detail, action. Text cells are protected against formula injection.
std::string ReconcileCsv(const Reconciliation& r);

// {"provider", "period", "local_count", "national_count", "matched", "differences",
//  "referrals": [{"referral", "local", "national", "reason", "rule", ...}]}
std::string ReconcileJson(const Reconciliation& r);

}  // namespace mhds::extract
