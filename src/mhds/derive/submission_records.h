// The derived items of one accepted MHSDS v6.0 submission, record by record, as NHS England's
// post-deadline processing adds them (docs/metrics.md "Derived items"): provider-qualified ids,
// UniqMonthID and financial year (on the month), ages, Person_ID, the IPS routes, direct-contact
// flags, contact media and the order of contacts within a referral. This is what the history in
// the store keeps of a submission, and all the IPS measures are counted from it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/derive/derive_codes.h"
#include "mhds/derive/ips_measures.h"
#include "mhds/derive/person_key.h"
#include "mhds/io/table_source.h"
#include "mhds/spec/spec.h"
#include "mhds/validate/validator.h"

namespace mhds::derive {

struct ReferralRecord {
  std::string uniq_serv_req_id;    // UniqServReqID: OrgIDProvider + ServiceRequestID
  std::string service_request_id;  // as submitted
  std::string person_id;           // Person_ID; "" without a person key or an NHS Number
  std::string main_team;           // MHS101.CareProfTeamLocalID
  // The team the referral is counted under (IpsReferral::team): its main team when that is an
  // IPS team, else the smallest id of an IPS team among its other teams (MHS102), else its main
  // team.
  std::string team;
  int64_t received = 0;               // ReferralRequestReceivedDate, days since 1970-01-01
  std::optional<int64_t> discharged;  // ServDischDate
  std::optional<int> age_at_start;    // whole years at ReportingPeriodStartDate
  std::optional<int> age_at_end;      // whole years at ReportingPeriodEndDate
  bool ips_team = false;              // route (a): its main or another team is an IPS team
  bool ips_procedure = false;         // route (b): a direct contact this month has an IPS procedure
  // The person's employment status recorded last and first in this month's file (MHS004, by
  // EmployStatusRecDate; on equal dates the later row); "" when none.
  std::string employ_status_last;
  std::string employ_status_first;
  // The breakdowns (docs/metrics.md "Breakdowns"): the commissioner derived from the person's GP
  // registration (MHS002 OrgIDGPPrac), else their residence (MHS001 OrgIDResidenceResp); the
  // person's Gender, GenderIDCode and EthnicCategory as submitted; age at referral.
  std::string commissioner;
  std::string gender;
  std::string gender_identity;
  std::string ethnic_category;
  std::optional<int> age_at_referral;  // whole years at ReferralRequestReceivedDate
};

struct ContactRecord {
  std::string uniq_care_cont_id;  // UniqCareContID: OrgIDProvider + CareContactID
  std::string uniq_serv_req_id;
  int64_t date = 0;  // CareContDate
  std::string time;  // CareContTime as submitted
  std::string attend_status;
  std::string mechanism;       // ConsMechanismMH
  bool direct = false;         // the direct-contact flag
  bool ips_procedure = false;  // an MHS202 activity of it carries an IPS procedure
  // 1, 2, ... among the referral's direct contacts in this submission, by date, time, then id;
  // 0 for a contact that is not direct.
  int contact_order = 0;
};

struct SubmissionRecords {
  std::string provider;  // MHS000.OrgIDProvider
  ReportingMonth month;
  uint64_t rows_left_out = 0;             // rows the validation rejected
  std::vector<ReferralRecord> referrals;  // accepted referrals, by UniqServReqID
  std::vector<ContactRecord> contacts;    // accepted contacts of those referrals, by id
};

// Reads the accepted rows of MHS000, MHS001, MHS004, MHS902, MHS101, MHS102, MHS202 and MHS201
// and derives every item. `person_key` may be null (Person_ID left blank). kInvalidArgument if
// the file was rejected or has no reporting period; kSpecError if `spec` lacks a table or item;
// the reader's kDataError if a table cannot be read again.
Result<SubmissionRecords> ReadSubmissionRecords(const spec::Spec& spec, io::TableSource& source,
                                                const validate::ValidationResult& validation,
                                                const DeriveCodes& codes,
                                                const PersonKey* person_key);

// Whole years from `birth` to `on` (days since 1970-01-01); nullopt when `on` is before `birth`.
std::optional<int> AgeOn(int64_t birth, int64_t on);

}  // namespace mhds::derive
