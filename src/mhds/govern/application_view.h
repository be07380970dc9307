// What the landing service shows of applications: a list with each one's state, and one
// application in full (its versions, requested data sets, conditions, releases and ledger
// history). Reads only; who may see what is decided by the caller (serve/governance_routes.cc).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/govern/ledger.h"
#include "mhds/store/database.h"

namespace mhds::govern {

struct ApplicationSummary {
  std::string reference;
  std::string title;
  std::string applicant_ods;
  std::string applicant_name;
  std::string state;    // the `to` of its last ledger entry
  std::string version;  // the latest, e.g. "0.2"
};

struct ConditionView {
  int64_t id = 0;
  std::string text;
  std::string panel;
  std::string meeting_date;
  bool met = false;
};

struct RequestedDatasetView {
  std::string dataset;
  std::string type_of_data;
  std::string legal_basis;
  std::optional<bool> opt_out_applies;
};

struct ReleaseView {
  std::string file_reference;
  std::string dataset;
  std::string month;
  bool opt_outs_applied = false;
  std::optional<int64_t> records_before;
  std::optional<int64_t> records_after;
  std::string file_sha256;
  struct File {
    std::string name;
    int64_t bytes = 0;
    std::string sha256;
  };
  std::vector<File> files;  // from an extract's manifest
};

struct ApplicationDetail {
  ApplicationSummary summary;
  std::vector<RequestedDatasetView> datasets;  // of the latest version
  std::vector<ConditionView> conditions;
  std::vector<ReleaseView> releases;
  std::vector<LedgerEntry> history;
};

// Every application, by reference; `applicant_ods` non-empty: only that organisation's.
Result<std::vector<ApplicationSummary>> ListApplications(store::Database& db,
                                                         const std::string& applicant_ods = "");

// One application; nullopt when there is none with that reference.
Result<std::optional<ApplicationDetail>> FindApplication(store::Database& db,
                                                         const std::string& reference);

// The applicant organisation of a condition's application, and the application's reference
// (nullopt when there is no such condition), for authorising "meet condition".
struct ConditionOwner {
  std::string reference;
  std::string applicant_ods;
};
Result<std::optional<ConditionOwner>> FindConditionOwner(store::Database& db, int64_t condition_id);

}  // namespace mhds::govern
