// Reconciliation of a provider's own count of IPS referrals accessed in a month (local_list.h)
// with NHS England's derivation (derive/: the IPS cohort and its first direct contacts, with
// earlier months from earlier submissions): every referral counted on one side only gets a reason
// a data lead can act on. docs/extracts.md lists the reasons.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/extract/local_list.h"
#include "mhds/io/table_source.h"
#include "mhds/spec/spec.h"
#include "mhds/validate/validator.h"

namespace mhds::extract {

enum class Reason {
  kMatched,                   // counted by both
  kDateDiffers,               // counted by both, but on different first-contact dates
  kNotInSubmission,           // the referral is in no row of this submission
  kReferralRejected,          // its MHS101 row was rejected by the validator
  kNotIpsReferral,            // not to a D05 team and no direct contact with an IPS procedure
  kNoContact,                 // in the cohort, but no contact at all this month
  kContactRejected,           // its only contacts were rejected
  kContactOutsidePeriod,      // its contacts are dated outside the reporting month
  kContactNotAttended,        // its contacts were not attended (attendance not 5 or 6)
  kContactNotDirect,          // attended, but by a mechanism that is not direct (email, text...)
  kFirstContactEarlierMonth,  // first direct contact in an earlier month of this financial year
  kFirstContactEarlierYear,   // first direct contact before this financial year
  kNotInLocalList,            // the national derivation counts it; the provider's list does not
  kReplacedByResubmission,    // an earlier submission of the month counted it; a later one replaced
                              // it
  kNoTreatment,               // Talking Therapies: attended, but no treatment appointment (AppType)
  kEnteredTreatmentEarlier,   // Talking Therapies: first treatment appointment in an earlier month
};

// The reason's code in CSV and JSON ("referral_rejected").
std::string_view ReasonCode(Reason reason);

struct ReconcileLine {
  std::string referral;
  bool local = false;     // in the provider's list
  bool national = false;  // counted by the national derivation
  Reason reason = Reason::kMatched;
  std::optional<int64_t> local_date;
  std::optional<int64_t> national_date;  // the first direct contact the derivation found
  std::string rule;    // the rejecting rule's code, when a rejection explains the difference
  std::string detail;  // what the data show
  std::string action;  // what to do about it
};

// First direct contacts found in earlier months' submissions.
struct History {
  struct FirstContact {
    int64_t date = 0;
    std::string period;  // CCYY-MM of the submission it was found in
  };
  std::map<std::string, FirstContact, std::less<>> first_contacts;  // by referral
  std::map<std::string, std::string, std::less<>> referrals_seen;   // referral -> latest period
};

// Adds an earlier month's accepted submission to `history`: its IPS cohort's first direct
// contacts and the referrals it holds. kInvalidArgument if the submission was rejected as a whole.
Status AddEarlierMonth(const spec::Spec& spec, io::TableSource& source,
                       const validate::ValidationResult& validation, History& history);

struct Reconciliation {
  // What both sides count, for people ("IPS referrals accessed for the first time").
  std::string measure = "IPS referrals accessed for the first time";
  std::string provider;
  std::string period;  // CCYY-MM
  uint64_t local_count = 0;
  uint64_t national_count = 0;
  uint64_t matched = 0;              // in both (kMatched and kDateDiffers)
  std::vector<ReconcileLine> lines;  // every referral on either side, by referral id

  uint64_t differences() const { return local_count + national_count - 2 * matched; }
};

// Reconciles `local` with the national count of referrals accessed for the first time in the
// submission's month. kInvalidArgument if the submission was rejected as a whole or has no period.
Result<Reconciliation> Reconcile(const spec::Spec& spec, io::TableSource& source,
                                 const validate::ValidationResult& validation,
                                 const LocalList& local, const History& history);

}  // namespace mhds::extract
