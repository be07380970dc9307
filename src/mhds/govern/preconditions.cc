#include "mhds/govern/preconditions.h"

#include <nlohmann/json.hpp>

#include "mhds/base/status_macros.h"
#include "mhds/base/text.h"
#include "mhds/govern/internal/queries.h"

namespace mhds::govern {

namespace {

using internal::LatestAgreement;
using internal::LatestVersion;

const std::string kHolds;

Result<std::string> ReasonGiven(const CheckContext& c) {
  if (!Trim(c.reason).empty()) return kHolds;
  return std::string("a reason is required: give --reason");
}

Result<int64_t> CurrentVersionId(const CheckContext& c) {
  MHDS_ASSIGN_OR_RETURN(auto v, LatestVersion(c.db, c.application_id));
  return v ? v->id : 0;
}

Result<std::string> VersionRecorded(const CheckContext& c) {
  MHDS_ASSIGN_OR_RETURN(int64_t v, CurrentVersionId(c));
  if (v != 0) return kHolds;
  return std::string("no application version is recorded: record one with `mhds govern apply`");
}

// Parties of one kind on the current version joined to their organisation (NULL columns when
// the organisation is not recorded).
Result<std::vector<store::Row>> Parties(const CheckContext& c, const char* kind) {
  MHDS_ASSIGN_OR_RETURN(int64_t v, CurrentVersionId(c));
  return c.db.Query(
      "SELECT p.name, p.ods_code, o.id, o.dsfc_reference, o.dsfc_start, o.dsfc_end, "
      "o.security_assurance, o.security_assurance_until, p.country FROM gov_parties p "
      "LEFT JOIN gov_organisations o ON o.ods_code = p.ods_code "
      "WHERE p.version_id = ? AND p.kind = ? ORDER BY p.id",
      {v, kind});
}

Result<std::string> ContractForEveryController(const CheckContext& c) {
  MHDS_ASSIGN_OR_RETURN(auto rows, Parties(c, "controller"));
  if (rows.empty()) return std::string("the version names no data controller");
  std::vector<std::string> missing;
  for (const auto& r : rows) {
    const std::string who = r.Text(0) + " (" + r.Text(1) + ")";
    if (r.IsNull(2)) {
      missing.push_back(who + " is not a recorded organisation");
    } else if (r.Text(3).empty()) {
      missing.push_back(who + " holds no data sharing framework contract");
    } else if (r.Text(4) > c.today || r.Text(5) < c.today) {
      missing.push_back(who + "'s contract " + r.Text(3) + " runs " + r.Text(4) + " to " +
                        r.Text(5) + ", not on " + c.today);
    }
  }
  if (missing.empty()) return kHolds;
  return "every data controller needs a data sharing framework contract in force: " +
         Join(missing, "; ");
}

Result<std::string> SecurityAssuranceInDate(const CheckContext& c) {
  std::vector<std::string> missing;
  for (const char* kind : {"controller", "processor"}) {
    MHDS_ASSIGN_OR_RETURN(auto rows, Parties(c, kind));
    for (const auto& r : rows) {
      const std::string who = r.Text(0) + " (" + r.Text(1) + ")";
      if (r.IsNull(2)) {
        missing.push_back(who + " is not a recorded organisation");
      } else if (!c.workflow.InVocabulary("security_assurance", r.Text(6))) {
        missing.push_back(who + " has no security assurance (expected " +
                          c.workflow.VocabularyList("security_assurance") + ")");
      } else if (r.Text(7) < c.today) {
        missing.push_back(who + "'s " + r.Text(6) + " assurance ended " + r.Text(7));
      }
    }
  }
  if (missing.empty()) return kHolds;
  return "every controller and processor needs security assurance in date: " + Join(missing, "; ");
}

Result<std::string> LocationsInUk(const CheckContext& c) {
  MHDS_ASSIGN_OR_RETURN(auto rows, Parties(c, "storage"));
  if (rows.empty()) return std::string("the version names no storage location");
  std::vector<std::string> outside;
  for (const auto& r : rows) {
    if (!c.workflow.InVocabulary("uk_country", r.Text(8))) {
      outside.push_back(r.Text(0) + " is in '" + r.Text(8) + "'");
    }
  }
  if (outside.empty()) return kHolds;
  return "every storage location must be in the UK (" + c.workflow.VocabularyList("uk_country") +
         "): " + Join(outside, "; ");
}

Result<std::vector<store::Row>> Datasets(const CheckContext& c) {
  MHDS_ASSIGN_OR_RETURN(int64_t v, CurrentVersionId(c));
  return c.db.Query(
      "SELECT dataset, legal_basis, opt_out_applies, items_json, cag_exemption FROM "
      "gov_requested_datasets WHERE version_id = ? ORDER BY id",
      {v});
}

Result<std::string> LegalBasisForEveryDataset(const CheckContext& c) {
  MHDS_ASSIGN_OR_RETURN(auto rows, Datasets(c));
  if (rows.empty()) return std::string("the version requests no data set");
  std::vector<std::string> missing;
  for (const auto& r : rows) {
    if (Trim(r.Text(1)).empty()) {
      missing.push_back(r.Text(0) + " has none");
    } else if (!c.workflow.OptOutRuleFor(r.Text(1))) {
      missing.push_back(r.Text(0) + " has '" + r.Text(1) +
                        "', which is not in specs/governance/legal_bases.csv");
    }
  }
  if (missing.empty()) return kHolds;
  return "every data set needs a recognised legal basis: " + Join(missing, "; ");
}

Result<std::string> ItemsJustified(const CheckContext& c) {
  MHDS_ASSIGN_OR_RETURN(auto rows, Datasets(c));
  std::vector<std::string> missing;
  for (const auto& r : rows) {
    nlohmann::json items = nlohmann::json::parse(r.Text(3), nullptr, false);
    if (!items.is_array() || items.empty()) {
      missing.push_back(r.Text(0) + " lists no item");
      continue;
    }
    for (const auto& item : items) {
      if (item.value("justification", "").empty()) {
        missing.push_back(r.Text(0) + " item " + item.value("item", "?") + " is not justified");
      }
    }
  }
  if (missing.empty()) return kHolds;
  return "data minimisation: every requested item needs a justification: " + Join(missing, "; ");
}

Result<std::string> OptOutDecisionRecorded(const CheckContext& c) {
  MHDS_ASSIGN_OR_RETURN(auto rows, Datasets(c));
  std::vector<std::string> missing;
  for (const auto& r : rows) {
    if (r.IsNull(2)) missing.push_back(r.Text(0) + " (" + r.Text(1) + ")");
  }
  if (missing.empty()) return kHolds;
  return "the national data opt-out decision is not recorded for " + Join(missing, "; ") +
         ": a section 251 basis needs cag_exemption true or false in a new version";
}

Result<std::string> OutcomeIs(const CheckContext& c, std::vector<std::string> wanted,
                              const std::string& how) {
  for (const std::string& w : wanted) {
    if (c.facts.outcome == w) return kHolds;
  }
  return "this action needs " + how + " with outcome " + Join(wanted, " or ") +
         (c.facts.outcome.empty() ? std::string(", recorded in the same step")
                                  : ", not " + c.facts.outcome);
}

Result<std::string> ReviewRecommends(const CheckContext& c) {
  return OutcomeIs(c, {"recommended", "recommended_with_conditions"},
                   "a panel review (`mhds govern review`)");
}
Result<std::string> ReviewDefers(const CheckContext& c) {
  return OutcomeIs(c, {"deferred"}, "a panel review (`mhds govern review`)");
}
Result<std::string> ReviewDoesNotRecommend(const CheckContext& c) {
  return OutcomeIs(c, {"not_recommended"}, "a panel review (`mhds govern review`)");
}
Result<std::string> DecisionApproves(const CheckContext& c) {
  return OutcomeIs(c, {"approve"}, "a decision (`mhds govern decide`)");
}
Result<std::string> DecisionRefuses(const CheckContext& c) {
  return OutcomeIs(c, {"refuse"}, "a decision (`mhds govern decide`)");
}
Result<std::string> AuditRecorded(const CheckContext& c) {
  if (c.facts.outcome.empty()) {
    return std::string("this action needs an audit recorded with `mhds govern audit`");
  }
  return kHolds;
}

Result<std::string> PanelConditionsMet(const CheckContext& c) {
  MHDS_ASSIGN_OR_RETURN(
      auto rows, c.db.Query("SELECT k.id, k.text FROM gov_conditions k JOIN gov_reviews r ON "
                            "r.id = k.review_id WHERE r.application_id = ? AND NOT EXISTS "
                            "(SELECT 1 FROM gov_conditions_met m WHERE m.condition_id = k.id) "
                            "ORDER BY k.id",
                            {c.application_id}));
  if (rows.empty()) return kHolds;
  std::vector<std::string> open;
  for (const auto& r : rows) open.push_back("#" + r.Text(0) + " \"" + r.Text(1) + "\"");
  return "every panel condition must be met before the agreement; still open: " + Join(open, ", ") +
         " (record each with `mhds govern meet-condition`)";
}

Result<std::string> AgreementSigned(const CheckContext& c) {
  MHDS_ASSIGN_OR_RETURN(auto version, LatestVersion(c.db, c.application_id));
  MHDS_ASSIGN_OR_RETURN(auto agreed, LatestAgreement(c.db, c.application_id));
  if (!agreed || !version || agreed->version.id != version->id) {
    return std::string("no signed agreement is recorded for the current version");
  }
  MHDS_ASSIGN_OR_RETURN(
      auto row, c.db.QueryRow("SELECT signed_by_nhse, signed_by_applicant FROM gov_agreements "
                              "WHERE id = ?",
                              {agreed->agreement_id}));
  if (!row || row->Text(0).empty() || row->Text(1).empty()) {
    return std::string("the agreement needs both signatures (NHS England and the applicant)");
  }
  if (row->Text(0) == row->Text(1)) {
    return std::string("the agreement must be signed by two different people");
  }
  if (agreed->start_date > agreed->end_date) {
    return "the agreement ends (" + agreed->end_date + ") before it starts (" + agreed->start_date +
           ")";
  }
  return kHolds;
}

Result<std::string> ActiveAgreement(const CheckContext& c) {
  MHDS_ASSIGN_OR_RETURN(auto agreed, LatestAgreement(c.db, c.application_id));
  if (!agreed) return std::string("no agreement is recorded");
  if (agreed->start_date > c.today || agreed->end_date < c.today) {
    return "the agreement runs " + agreed->start_date + " to " + agreed->end_date +
           " and is not active on " + c.today;
  }
  if (c.facts.release != nullptr) {
    const std::string& month = c.facts.release->month;
    if (month < agreed->start_date.substr(0, 7) || month > agreed->end_date.substr(0, 7)) {
      return "the release month " + month + " is outside the agreement (" + agreed->start_date +
             " to " + agreed->end_date + ")";
    }
  }
  return kHolds;
}

Result<std::string> OptOutsHandled(const CheckContext& c) {
  if (c.facts.release == nullptr) return std::string("no release is recorded with this step");
  MHDS_ASSIGN_OR_RETURN(auto agreed, LatestAgreement(c.db, c.application_id));
  if (!agreed) return std::string("no agreement is recorded");
  MHDS_ASSIGN_OR_RETURN(
      auto row, c.db.QueryRow("SELECT opt_out_applies, legal_basis FROM gov_requested_datasets "
                              "WHERE version_id = ? AND dataset = ?",
                              {agreed->version.id, c.facts.release->dataset}));
  if (!row) {
    return "data set '" + c.facts.release->dataset + "' is not on agreement version " +
           agreed->version.Label();
  }
  if (row->IsNull(0)) return std::string("the opt-out decision is not recorded for this data set");
  const bool applies = row->Int(0) == 1;
  if (applies && !c.facts.release->opt_outs_applied) {
    return "the national data opt-out applies to " + c.facts.release->dataset + " (legal basis " +
           row->Text(1) + "): remove opted-out records with the operator's list (--opt-outs FILE)";
  }
  if (!applies && c.facts.release->opt_outs_applied) {
    return "the national data opt-out does not apply to " + c.facts.release->dataset +
           " (legal basis " + row->Text(1) + "): release without removing records";
  }
  return kHolds;
}

Result<std::string> OutputCheckedByTwoPeople(const CheckContext& c) {
  MHDS_ASSIGN_OR_RETURN(
      auto rows, c.db.Query("SELECT checker, vote FROM gov_output_checks WHERE application_id "
                            "= ? AND output_name = ? ORDER BY id",
                            {c.application_id, c.facts.output}));
  std::set<std::string> approvers;
  for (const auto& r : rows) {
    if (r.Text(1) == "changes_requested") {
      return "checker " + r.Text(0) + " requested changes to output '" + c.facts.output + "'";
    }
    if (r.Text(0) != c.actor.name) approvers.insert(r.Text(0));
  }
  if (approvers.size() >= 2) return kHolds;
  return "output '" + c.facts.output + "' needs approval by two different checkers other than " +
         c.actor.name + " (has " + std::to_string(approvers.size()) + ")";
}

Result<std::string> AgreementEnded(const CheckContext& c) {
  MHDS_ASSIGN_OR_RETURN(auto agreed, LatestAgreement(c.db, c.application_id));
  if (!agreed) return std::string("no agreement is recorded");
  if (agreed->end_date < c.today) return kHolds;
  return "the agreement runs to " + agreed->end_date + "; it has not ended on " + c.today;
}

Result<std::string> DestructionCertified(const CheckContext& c) {
  MHDS_ASSIGN_OR_RETURN(auto row,
                        c.db.QueryRow("SELECT id FROM gov_destructions WHERE application_id = ?",
                                      {c.application_id}));
  if (row) return kHolds;
  return std::string("no destruction certificate is recorded (`mhds govern destroy`)");
}

}  // namespace

const std::map<std::string, Precondition>& Preconditions() {
  static const std::map<std::string, Precondition> checks = {
      {"reason_given", ReasonGiven},
      {"version_recorded", VersionRecorded},
      {"contract_for_every_controller", ContractForEveryController},
      {"security_assurance_in_date", SecurityAssuranceInDate},
      {"locations_in_uk", LocationsInUk},
      {"legal_basis_for_every_dataset", LegalBasisForEveryDataset},
      {"items_justified", ItemsJustified},
      {"opt_out_decision_recorded", OptOutDecisionRecorded},
      {"review_recommends", ReviewRecommends},
      {"review_defers", ReviewDefers},
      {"review_does_not_recommend", ReviewDoesNotRecommend},
      {"decision_approves", DecisionApproves},
      {"decision_refuses", DecisionRefuses},
      {"audit_recorded", AuditRecorded},
      {"panel_conditions_met", PanelConditionsMet},
      {"agreement_signed", AgreementSigned},
      {"active_agreement", ActiveAgreement},
      {"opt_outs_handled", OptOutsHandled},
      {"output_checked_by_two_people", OutputCheckedByTwoPeople},
      {"agreement_ended", AgreementEnded},
      {"destruction_certified", DestructionCertified},
  };
  return checks;
}

std::set<std::string> PreconditionNames() {
  std::set<std::string> names;
  for (const auto& [name, check] : Preconditions()) names.insert(name);
  return names;
}

}  // namespace mhds::govern
