// What one accepted Talking Therapies (IAPT v2.x) monthly file gives the measures: its pathways
// (IDS101) and its care contacts (IDS201) with the PHQ-9 and GAD-7 scores recorded at them
// (IDS202, IDS607), read from the rows the validation accepted. The measures of a month are counted
// from its records and those of earlier months (talking_therapies.h), whether the records were
// just read from files or loaded from the history in the store (tt_history.h), so both routes
// count alike. No NHS Number or local patient id is kept: a pathway's person is its Person_ID
// (person_key.h), blank without a key.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/derive/ips_measures.h"
#include "mhds/derive/person_key.h"
#include "mhds/derive/tt_settings.h"
#include "mhds/io/table_source.h"
#include "mhds/spec/spec.h"
#include "mhds/validate/validator.h"

namespace mhds::derive {

struct TtPathwayRecord {
  std::string service_request_id;     // IDS101.ServiceRequestId
  std::string person_id;              // Person_ID; "" without a person key or an NHS Number
  std::string commissioner;           // IDS101.OrgIDComm
  int64_t received = 0;               // ReferralRequestReceivedDate, days since 1970-01-01
  std::optional<int64_t> discharged;  // ServDischDate
  std::string end_code;               // EndCode
};

struct TtContactRecord {
  std::string care_contact_id;     // IDS201.CareContactId
  std::string service_request_id;  // the pathway it belongs to
  int64_t date = 0;                // CareContDate
  std::string time;                // CareContTime as submitted, to order contacts of one day
  std::string attendance;          // AttendOrDNACode
  std::string app_type;            // AppType
  std::optional<int> phq9;         // the first PHQ-9 score read at the contact
  std::optional<int> gad7;         // the first GAD-7 score read at the contact
  uint32_t scores_read = 0;        // PHQ-9 and GAD-7 rows at the contact that read as numbers
  uint32_t scores_unreadable = 0;  // such rows whose PersScore is not a whole number
};

struct TtMonthRecords {
  std::string provider;  // IDS000Header.OrgIDProv
  ReportingMonth month;
  std::string spec_version;               // the version folder validated against ("2.1")
  uint64_t rows_left_out = 0;             // rows the validation rejected
  std::vector<TtPathwayRecord> pathways;  // by ServiceRequestId; the first row of an id counts
  std::vector<TtContactRecord> contacts;  // by CareContactId; the first row of an id counts
};

// Reads the accepted rows of IDS000, IDS001, IDS101, IDS201, IDS202 and IDS607 of a validated
// file. `person_key` may be null (Person_ID left blank). kInvalidArgument if the file was rejected
// as a whole or has no reporting period; kSpecError if `spec` lacks a table or item; the reader's
// kDataError if a table cannot be read again.
Result<TtMonthRecords> ReadTtMonthRecords(const spec::Spec& spec, const TtSettings& settings,
                                          io::TableSource& source,
                                          const validate::ValidationResult& validation,
                                          const PersonKey* person_key);

}  // namespace mhds::derive
