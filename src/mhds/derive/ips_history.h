// The IPS measures of one provider and month counted against its history: the latest accepted
// submission of that month and of every earlier month the store holds (or a single submission,
// which is then its own history). First-ever and first-in-the-financial-year contacts, the
// caseload, time in caseload and the Core Data Pack's year to date all look back through it
// (metrics.md A.5-A.7; choices in docs/metrics.md).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/derive/derive.h"
#include "mhds/derive/derive_codes.h"
#include "mhds/derive/submission_records.h"
#include "mhds/store/database.h"

namespace mhds::derive {

// Counts the IPS figures of `months[target]`. `months` holds one provider's submissions, one per
// month (the latest accepted of each), in any order; those of later months than the target are
// ignored. kInvalidArgument if `target` is out of range.
Result<IpsMonth> CountIpsWithHistory(const std::vector<SubmissionRecords>& months, size_t target,
                                     const DeriveCodes& codes);

// Each referral's first counted contact (a direct contact of a cohort referral; for a referral in
// the cohort by procedure only, an IPS-coded one) over `months` (one submission per month), by
// UniqServReqID: the date A.5's "first ever" looks back to.
std::map<std::string, int64_t> FirstCountedContacts(
    const std::vector<const SubmissionRecords*>& months, const DeriveCodes& codes);
// True when the referral is in the IPS cohort (received on or after the cohort start, by team
// type or procedure).
bool InIpsCohort(const ReferralRecord& r, const DeriveCodes& codes);

// The IPS figures of `provider` for the month `uniq_month_id` from the history in the store
// (MigrateHistory must have run). With `preview`, a submission not recorded: it stands in for
// that provider-month (and its month and provider are used), as if it had been recorded last.
// kNotFound when the store has no accepted submission of the provider for the month and there is
// no preview; the store's errors otherwise.
Result<IpsMonth> DeriveIpsFromStore(store::Database& db, const std::string& provider,
                                    int uniq_month_id, const DeriveCodes& codes,
                                    const SubmissionRecords* preview = nullptr);

}  // namespace mhds::derive
