// The pathways of a Talking Therapies (IAPT v2.x) month, each summarised with what the published
// measures need (metrics.md Part 1B): dates of referral, discharge and treatment, the attended
// treatment appointments, the PHQ-9 and GAD-7 scores at the first and last contact that recorded
// both, and the month's appointments by attendance. NHS England reads these from nationally
// derived columns of IDS101, which summarise the whole pathway; a monthly file only carries the
// month's contacts (IDS20167 rejects earlier ones), so mhds derives them from the month's file
// together with the accepted files of earlier months.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/derive/tt_records.h"
#include "mhds/derive/tt_settings.h"
#include "mhds/spec/spec.h"

namespace mhds::derive {

// A PHQ-9 and a GAD-7 score recorded at the same care contact.
struct PairedScores {
  int phq9 = 0;
  int gad7 = 0;
};

struct TtPathway {
  std::string service_request_id;     // IDS101.ServiceRequestId
  std::string commissioner;           // IDS101.OrgIDComm
  int64_t received = 0;               // ReferralRequestReceivedDate, days since 1970-01-01
  std::optional<int64_t> discharged;  // ServDischDate
  std::string end_code;               // EndCode
  // Attended treatment appointments (the settings' attended codes and treatment types) up to the
  // period end, in date order.
  std::vector<int64_t> treatment_dates;
  uint32_t paired_contacts = 0;              // contacts with both a PHQ-9 and a GAD-7 score
  std::optional<PairedScores> first_scores;  // at the earliest such contact
  std::optional<PairedScores> last_scores;   // at the latest one (the same when there is one)
  std::map<std::string, uint32_t> appointments_in_period;  // AttendOrDNACode -> contacts in P
};

struct TtSubmission {
  std::string provider;             // IDS000Header.OrgIDProv of the month's file
  std::vector<TtPathway> pathways;  // the month's referrals, ordered by ServiceRequestId
  uint64_t contacts_read = 0;       // accepted IDS201 rows of the month's referrals, all files
  uint64_t scores_read = 0;         // accepted PHQ-9 and GAD-7 rows that read as numbers
  uint64_t scores_unreadable = 0;   // PHQ-9 and GAD-7 rows whose PersScore is not a whole number
};

// Builds a month's pathways from the month's records and those of earlier months. Not
// thread-safe.
class TtPathwayBuilder {
 public:
  TtPathwayBuilder(const TtSettings& settings, int64_t period_start, int64_t period_end);

  // The month's own records, first: they name the provider and their pathways are the ones
  // counted (as NHS England counts from the month's file). Then its contacts and scores.
  void AddMonth(const TtMonthRecords& month);
  // An earlier month's records, for the contacts and scores of the month's pathways. Add them
  // newest first, after AddMonth: a contact sent again keeps the copy of the newest month.
  void AddEarlier(const TtMonthRecords& earlier);

  // The summarised pathways. Call once, after every month is added.
  TtSubmission Finish();

 private:
  struct Contact {
    size_t pathway = 0;
    const TtContactRecord* record = nullptr;
  };
  using ContactMap = std::unordered_map<std::string, Contact, spec::TextHash, std::equal_to<>>;

  const TtSettings& settings_;
  int64_t period_start_;
  int64_t period_end_;
  TtSubmission out_;
  std::unordered_map<std::string, size_t, spec::TextHash, std::equal_to<>> pathway_by_id_;
  ContactMap contacts_;  // by CareContactId; records owned by the caller, alive until Finish
};

}  // namespace mhds::derive
