// Governance: the front door of the data access governance module. Organisations apply for data
// sets; the application moves through the workflow of specs/governance/ (workflow.h), each step
// recorded with the facts it rests on (versions, reviews, decisions, agreements, releases, output
// checks, audits, destruction certificates) and one ledger entry (ledger.h), in one transaction:
// a step that is refused leaves nothing behind. Tables: store component "govern".
//
// Every step names its actor (a person and the role they act in) and the time. A step is refused
// with kInvalidArgument and a message that names the action, the state, and each precondition
// that does not hold and what would satisfy it. Thread-safety: as the Database.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/govern/inputs.h"
#include "mhds/govern/workflow.h"
#include "mhds/store/database.h"

namespace mhds::govern {

class Governance {
 public:
  // Creates or upgrades the "govern" tables. Call once at start.
  static Status Migrate(store::Database& db);

  // Neither argument is owned; both must outlive the Governance.
  Governance(store::Database& db, const Workflow& workflow) : db_(db), workflow_(workflow) {}

  // Records an organisation (JSON object: ods_code, name, type, dsfc {reference, start, end},
  // security_assurance {kind, until}, dpa_registration). kInvalidArgument for a missing field, an
  // unknown type or an ODS code already recorded.
  Status AddOrganisation(const nlohmann::json& organisation, const Actor& by);

  // Records a version of an application (JSON, docs/governance.md). The first version opens the
  // application (ENQUIRY); later ones are allowed while the workflow has a "revise" action from
  // the current state. Returns the version, e.g. "0.2". `documents`: SHA-256 of attachments.
  Result<std::string> Apply(const nlohmann::json& application, const Actor& by,
                            const std::vector<std::string>& documents);

  // Takes `action` on application `reference` (any action without a fact of its own: assess,
  // proceed, submit, refer_back, refer_to_panel, ready_for_decision, withdraw, amend, renew,
  // expire, close_out, reinstate, close). Returns the new state.
  Result<std::string> Act(const std::string& reference, const std::string& action, const Actor& by,
                          const std::string& reason, const std::vector<std::string>& documents);

  // The panel's review of the current version, with conditions; takes recommend, defer or
  // not_recommend according to the outcome. Returns the ids of the conditions recorded.
  Result<std::vector<int64_t>> Review(const std::string& reference, const ReviewInput& review,
                                      const Actor& by, const std::vector<std::string>& documents);

  // Records that a panel condition has been met (no transition).
  Status MeetCondition(int64_t condition_id, const Actor& by, const std::string& evidence_sha256);

  // The approver's decision ("approve" or "refuse") on the current version.
  Result<std::string> Decide(const std::string& reference, const std::string& outcome,
                             const Actor& by, const std::string& reason);

  // The signed agreement for the current version; takes "sign" (DSA_ISSUED to ACTIVE).
  Status Agree(const std::string& reference, const AgreementInput& agreement, const Actor& by,
               const std::vector<std::string>& documents);

  // What a release of `dataset` under the current agreement must do about opt-outs.
  Result<DatasetTerms> TermsFor(const std::string& reference, const std::string& dataset);

  // Records one released file (one register row); takes "release".
  Status Release(const std::string& reference, const ReleaseInput& release, const Actor& by);

  // One output checker's vote ("approve" or "changes_requested") on an output of the secure
  // environment (no transition).
  Status CheckOutput(const std::string& reference, const std::string& output,
                     const std::string& vote, const Actor& by);

  // Releases a checked output from the secure environment; takes "release_output".
  Status ReleaseOutput(const std::string& reference, const std::string& output, const Actor& by);

  // An audit: severity none or minor takes "audit_passed", major takes "suspend".
  Result<std::string> Audit(const std::string& reference, const std::string& finding,
                            const std::string& severity, const Actor& by,
                            const std::vector<std::string>& documents);

  // A destruction certificate; takes "destroy" (DESTRUCTION_DUE to CLOSED).
  Status Destroy(const std::string& reference, const std::string& destroyed_on,
                 const std::string& certificate_sha256, const Actor& by);

  // The workflow action a review outcome takes (recommend, defer, not_recommend), and the one an
  // audit of `severity` takes (audit_passed, suspend): for callers that authorise the step's role
  // before taking it.
  static std::string ReviewAction(const std::string& outcome);
  static std::string AuditAction(const std::string& severity);

 private:
  // Checks and records one transition inside the caller's open transaction: the current state
  // has `action`, `by` acts in its role, and every precondition holds given `facts`.
  Result<std::string> Step(const std::string& reference, const std::string& action, const Actor& by,
                           const std::string& reason, const std::vector<std::string>& documents,
                           const StepFacts& facts);

  store::Database& db_;
  const Workflow& workflow_;
};

}  // namespace mhds::govern
