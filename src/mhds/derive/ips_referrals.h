// The IPS referral cohort of one accepted MHSDS v6.0 submission (metrics.md A.2-A.5), with each
// referral's contact figures for the month. This is what every IPS measure is counted from.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/derive/accepted_rows.h"
#include "mhds/derive/contact_flags.h"
#include "mhds/io/table_source.h"
#include "mhds/spec/spec.h"

namespace mhds::derive {

// The direct contacts of one referral that count for IPS, within the submission.
struct ContactTally {
  uint32_t total = 0;
  uint32_t face_to_face = 0;
  uint32_t telephone = 0;
  uint32_t video = 0;
  std::optional<int64_t> first_date;  // days since 1970-01-01 of the earliest one

  // Counts one direct contact on `date` (days since 1970-01-01) by `medium`.
  void Add(int64_t date, ContactMedium medium) {
    ++total;
    if (medium == ContactMedium::kFaceToFace) ++face_to_face;
    if (medium == ContactMedium::kTelephone) ++telephone;
    if (medium == ContactMedium::kVideo) ++video;
    if (!first_date || date < *first_date) first_date = date;
  }
};

struct IpsReferral {
  std::string service_request_id;  // MHS101.ServiceRequestID
  // The team the referral is counted under: its main team when that is a D05 team, else the
  // first (by id) D05 team among its other teams (MHS102), else its main team (SNOMED route).
  std::string team;
  int64_t received = 0;               // ReferralRequestReceivedDate, days since 1970-01-01
  std::optional<int64_t> discharged;  // ServDischDate
  bool by_team_type = false;          // route (a): a D05 main or other team
  bool by_procedure = false;          // route (b): a direct contact with an IPS procedure
  // Route (a) referrals count all their direct contacts; route (b) only the IPS-coded ones.
  ContactTally contacts;
};

struct IpsCohort {
  std::vector<IpsReferral> referrals;  // the cohort, ordered by ServiceRequestID
  uint64_t referrals_read = 0;         // accepted MHS101 rows looked at
  uint64_t direct_contacts_read = 0;   // accepted direct MHS201 contacts looked at
};

// Reads MHS902, MHS101, MHS102, MHS202 and MHS201 (accepted rows only, in that order) and builds
// the cohort. Keeps per referral only its dates, two team ids and two contact tallies. Fails with
// the reader's kDataError if a table cannot be read, kSpecError if `spec` lacks a needed item.
Result<IpsCohort> ReadIpsCohort(const spec::Spec& spec, io::TableSource& source,
                                const RejectedRows& rejected);

}  // namespace mhds::derive
