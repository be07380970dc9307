// Reconciliations counted from derived records rather than from a validated file: the IPS
// referrals accessed for the first time, from the history in the store, and the Talking Therapies
// pathways entering treatment, from the store or from files. The records hold accepted rows only,
// so a referral the validator rejected shows as missing from the submission (mhds reconcile
// SUBMISSION explains rejections with their rules). Because the store keeps every recorded
// submission of a month, these also name the referrals an earlier submission of the month counted
// and a later resubmission replaced. Reasons are those of reconcile.h (docs/extracts.md).
#pragma once

#include <vector>

#include "mhds/base/result.h"
#include "mhds/derive/derive_codes.h"
#include "mhds/derive/history_store.h"
#include "mhds/derive/submission_records.h"
#include "mhds/derive/tt_history.h"
#include "mhds/derive/tt_records.h"
#include "mhds/derive/tt_settings.h"
#include "mhds/extract/local_list.h"
#include "mhds/extract/reconcile.h"

namespace mhds::extract {

// `months`: one provider's latest submission of each month up to the month reconciled, which is
// the last (oldest first). `superseded`: the month's submissions a later one replaced.
// kInvalidArgument when `months` is empty.
Result<Reconciliation> ReconcileIpsHistory(
    const std::vector<derive::SubmissionRecords>& months,
    const std::vector<derive::RecordedSubmission>& superseded, const LocalList& local,
    const derive::DeriveCodes& codes);

// `month`: the month reconciled (its latest submission); `earlier`: the latest of earlier months
// (any order); `superseded`: the month's submissions a later one replaced. The provider's list
// names the ServiceRequestIds it counts as entering treatment in the month (its FirstContactDate,
// if given, is the first treatment date it counts).
Result<Reconciliation> ReconcileEnteringTreatment(
    const derive::TtMonthRecords& month, const std::vector<const derive::TtMonthRecords*>& earlier,
    const std::vector<derive::RecordedTtSubmission>& superseded, const LocalList& local,
    const derive::TtSettings& settings);

}  // namespace mhds::extract
