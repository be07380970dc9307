#include "mhds/govern/governance.h"

#include "mhds/base/status_macros.h"
#include "mhds/base/text.h"
#include "mhds/govern/internal/json_fields.h"
#include "mhds/govern/internal/queries.h"
#include "mhds/govern/internal/schema.h"
#include "mhds/govern/ledger.h"
#include "mhds/govern/preconditions.h"
#include "mhds/store/migrations.h"

namespace mhds::govern {

Status Governance::Migrate(store::Database& db) {
  return store::Migrate(db, "govern", internal::GovernMigrations());
}

Result<std::string> Governance::Step(const std::string& reference, const std::string& action,
                                     const Actor& by, const std::string& reason,
                                     const std::vector<std::string>& documents,
                                     const StepFacts& facts) {
  if (Trim(by.name).empty()) return Status::InvalidArgument("refused: the actor has no name");
  MHDS_ASSIGN_OR_RETURN(auto state, CurrentState(db_, reference));
  const std::string from = state.value_or("");
  const std::string shown = from.empty() ? "(no application yet)" : from;
  const Transition* t = workflow_.Find(from, action);
  if (t == nullptr) {
    std::vector<std::string> allowed = workflow_.ActionsFrom(from);
    return Status::InvalidArgument(
        "refused: " + action + " on " + reference + ": not allowed in " + shown +
        " (allowed there: " + (allowed.empty() ? "none" : Join(allowed, ", ")) + ")");
  }
  if (t->role != by.role) {
    return Status::InvalidArgument("refused: " + action + " on " + reference +
                                   " is taken by role '" + t->role + "', not '" + by.role + "'");
  }
  // The application row exists before its first step (Apply records it in the same transaction).
  MHDS_ASSIGN_OR_RETURN(int64_t application_id, internal::ApplicationId(db_, reference));
  CheckContext context{db_, workflow_, application_id, by, reason, facts, internal::DayOf(by.at)};
  std::vector<std::string> failures;
  for (const std::string& name : t->preconditions) {
    auto check = Preconditions().find(name);
    if (check == Preconditions().end()) {
      return Status::Internal("precondition " + name + " has no check");
    }
    MHDS_ASSIGN_OR_RETURN(std::string failure, check->second(context));
    if (!failure.empty()) failures.push_back(name + ": " + failure);
  }
  if (!failures.empty()) {
    return Status::InvalidArgument("refused: " + action + " on " + reference + " (" + shown +
                                   " to " + t->to + "):\n  " + Join(failures, "\n  "));
  }
  LedgerRecord record;
  record.at = by.at;
  record.application_ref = reference;
  record.action = action;
  record.from_state = from;
  record.to_state = t->to;
  record.actor = by.name;
  record.role = by.role;
  record.reason = reason;
  record.documents = documents;
  record.actor_user_id = by.user_id;
  MHDS_RETURN_IF_ERROR(AppendLedger(db_, record));
  return t->to;
}

Result<std::string> Governance::Act(const std::string& reference, const std::string& action,
                                    const Actor& by, const std::string& reason,
                                    const std::vector<std::string>& documents) {
  MHDS_ASSIGN_OR_RETURN(auto tx, db_.Begin());
  MHDS_ASSIGN_OR_RETURN(std::string to, Step(reference, action, by, reason, documents, {}));
  MHDS_RETURN_IF_ERROR(tx.Commit());
  return to;
}

Status Governance::AddOrganisation(const nlohmann::json& org, const Actor& by) {
  const std::string where = "organisation";
  MHDS_ASSIGN_OR_RETURN(std::string ods, internal::RequiredString(org, "ods_code", where));
  const std::string at = "organisation " + ods;
  MHDS_ASSIGN_OR_RETURN(std::string name, internal::RequiredString(org, "name", at));
  MHDS_ASSIGN_OR_RETURN(std::string type, internal::RequiredString(org, "type", at));
  if (!workflow_.InVocabulary("organisation_type", type)) {
    return Status::InvalidArgument(at + ": type '" + type + "' is not one of " +
                                   workflow_.VocabularyList("organisation_type"));
  }
  const nlohmann::json none = nlohmann::json::object();
  const nlohmann::json& dsfc = org.contains("dsfc") ? org["dsfc"] : none;
  const nlohmann::json& assurance =
      org.contains("security_assurance") ? org["security_assurance"] : none;
  MHDS_ASSIGN_OR_RETURN(std::string dsfc_ref, internal::OptionalString(dsfc, "reference", at));
  MHDS_ASSIGN_OR_RETURN(std::string dsfc_start, internal::OptionalString(dsfc, "start", at));
  MHDS_ASSIGN_OR_RETURN(std::string dsfc_end, internal::OptionalString(dsfc, "end", at));
  MHDS_ASSIGN_OR_RETURN(std::string kind, internal::OptionalString(assurance, "kind", at));
  MHDS_ASSIGN_OR_RETURN(std::string until, internal::OptionalString(assurance, "until", at));
  MHDS_ASSIGN_OR_RETURN(std::string dpa, internal::OptionalString(org, "dpa_registration", at));
  if (!kind.empty() && !workflow_.InVocabulary("security_assurance", kind)) {
    return Status::InvalidArgument(at + ": security_assurance kind '" + kind + "' is not one of " +
                                   workflow_.VocabularyList("security_assurance"));
  }
  auto inserted = db_.Exec(
      "INSERT INTO gov_organisations (ods_code, name, org_type, dsfc_reference, dsfc_start, "
      "dsfc_end, security_assurance, security_assurance_until, dpa_registration, recorded_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {ods, name, type, dsfc_ref, dsfc_start, dsfc_end, kind, until, dpa, by.at});
  if (!inserted.ok() && store::IsConstraintViolation(inserted.status())) {
    return Status::InvalidArgument(at + " is already recorded");
  }
  return inserted.status();
}

}  // namespace mhds::govern
