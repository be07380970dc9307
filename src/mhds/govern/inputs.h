// What the steps of the governance workflow take as input (governance.h), and the facts a step
// records beside its ledger entry, which the preconditions (preconditions.h) examine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mhds::govern {

struct Actor {
  std::string name;  // the person, e.g. a username
  std::string role;  // applicant, case_officer, panel, approver, dissemination, auditor, checker
  int64_t at = 0;    // Unix seconds
  // The landing service's user id of a signed-in actor (recorded in the ledger); 0 for the CLI.
  int64_t user_id = 0;
};

struct ReviewInput {
  std::string panel;         // vocabulary "panel"
  std::string meeting_date;  // YYYY-MM-DD
  std::string outcome;       // vocabulary "review_outcome"
  std::vector<std::string> conditions;
};

struct AgreementInput {
  std::string start_date;  // YYYY-MM-DD
  std::string end_date;
  std::string signed_by_nhse;
  std::string signed_by_applicant;
  std::string po_number;
};

struct ReleaseInput {
  std::string dataset;         // as requested on the agreed version
  std::string file_reference;  // FILE and 7 digits
  std::string month;           // YYYY-MM
  std::string channel;         // vocabulary "channel": SEFT (a file) or SDE
  bool opt_outs_applied = false;
  std::optional<int64_t> records_before;
  std::optional<int64_t> records_after;
  std::string file_sha256;
  // The files of an extract released together (from its manifest.json; manifest.h).
  struct File {
    std::string name;
    int64_t bytes = 0;
    std::string sha256;
  };
  std::vector<File> files;
};

// Facts about the application a release needs before the file is built.
struct DatasetTerms {
  std::string dataset;
  std::string legal_basis;
  std::optional<bool> opt_out_applies;
};

// Facts recorded together with a step, for its preconditions to examine.
struct StepFacts {
  std::string outcome;                    // the review outcome, decision or audit severity
  const ReleaseInput* release = nullptr;  // the file a "release" step records
  std::string output;                     // the output a "release_output" step releases
};

}  // namespace mhds::govern
