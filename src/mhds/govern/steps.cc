// The governance steps that record a fact of their own beside the ledger entry: reviews,
// decisions, agreements, releases, output checks, audits and destruction certificates.
#include "mhds/base/calendar.h"
#include "mhds/base/status_macros.h"
#include "mhds/base/text.h"
#include "mhds/govern/governance.h"
#include "mhds/govern/internal/queries.h"

namespace mhds::govern {

namespace {

Result<internal::VersionRef> CurrentVersion(store::Database& db, int64_t application_id,
                                            const std::string& reference) {
  MHDS_ASSIGN_OR_RETURN(auto v, internal::LatestVersion(db, application_id));
  if (!v) return Status::InvalidArgument(reference + " has no version");
  return *v;
}

Status RequireDate(const std::string& value, const char* what) {
  if (!ParseDate(value)) {
    return Status::InvalidArgument(std::string(what) + " '" + value +
                                   "' is not a date (YYYY-MM-DD)");
  }
  return Status::Ok();
}

// FILE and seven digits, as the register's File Reference column.
bool IsFileReference(const std::string& s) {
  constexpr std::string_view kPrefix = "FILE";
  constexpr size_t kDigits = 7;
  if (s.size() != kPrefix.size() + kDigits || s.rfind(kPrefix, 0) != 0) return false;
  for (size_t i = kPrefix.size(); i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

}  // namespace

std::string Governance::ReviewAction(const std::string& outcome) {
  return outcome == "deferred"          ? "defer"
         : outcome == "not_recommended" ? "not_recommend"
                                        : "recommend";
}

std::string Governance::AuditAction(const std::string& severity) {
  // A major finding stops data flows; anything less is recorded and the agreement continues.
  return severity == "major" ? "suspend" : "audit_passed";
}

Result<std::vector<int64_t>> Governance::Review(const std::string& reference,
                                                const ReviewInput& review, const Actor& by,
                                                const std::vector<std::string>& documents) {
  if (!workflow_.InVocabulary("panel", review.panel)) {
    return Status::InvalidArgument("panel '" + review.panel + "' is not one of " +
                                   workflow_.VocabularyList("panel"));
  }
  if (!workflow_.InVocabulary("review_outcome", review.outcome)) {
    return Status::InvalidArgument("outcome '" + review.outcome + "' is not one of " +
                                   workflow_.VocabularyList("review_outcome"));
  }
  MHDS_RETURN_IF_ERROR(RequireDate(review.meeting_date, "meeting date"));
  if (review.outcome == "recommended_with_conditions" && review.conditions.empty()) {
    return Status::InvalidArgument("outcome recommended_with_conditions needs --condition");
  }
  MHDS_ASSIGN_OR_RETURN(auto tx, db_.Begin());
  MHDS_ASSIGN_OR_RETURN(int64_t app, internal::ApplicationId(db_, reference));
  MHDS_ASSIGN_OR_RETURN(auto version, CurrentVersion(db_, app, reference));
  MHDS_ASSIGN_OR_RETURN(
      auto row, db_.QueryRow("INSERT INTO gov_reviews (application_id, version_id, panel, "
                             "meeting_date, outcome, recorded_by, recorded_at) VALUES "
                             "(?, ?, ?, ?, ?, ?, ?) RETURNING id",
                             {app, version.id, review.panel, review.meeting_date, review.outcome,
                              by.name, by.at}));
  std::vector<int64_t> ids;
  for (const std::string& text : review.conditions) {
    MHDS_ASSIGN_OR_RETURN(auto c, db_.QueryRow("INSERT INTO gov_conditions (review_id, text) "
                                               "VALUES (?, ?) RETURNING id",
                                               {row ? row->Int(0) : 0, text}));
    ids.push_back(c ? c->Int(0) : 0);
  }
  const std::string action = ReviewAction(review.outcome);
  StepFacts facts;
  facts.outcome = review.outcome;
  MHDS_RETURN_IF_ERROR(Step(reference, action, by,
                            review.panel + " " + review.meeting_date + ": " + review.outcome,
                            documents, facts)
                           .status());
  MHDS_RETURN_IF_ERROR(tx.Commit());
  return ids;
}

Status Governance::MeetCondition(int64_t condition_id, const Actor& by,
                                 const std::string& evidence_sha256) {
  MHDS_ASSIGN_OR_RETURN(auto row,
                        db_.QueryRow("SELECT id FROM gov_conditions WHERE id = ?", {condition_id}));
  if (!row) return Status::NotFound("no panel condition #" + std::to_string(condition_id));
  return db_
      .Exec(
          "INSERT INTO gov_conditions_met (condition_id, met_by, evidence_sha256, "
          "recorded_at) VALUES (?, ?, ?, ?)",
          {condition_id, by.name,
           evidence_sha256.empty() ? store::Value() : store::Value(evidence_sha256), by.at})
      .status();
}

Result<std::string> Governance::Decide(const std::string& reference, const std::string& outcome,
                                       const Actor& by, const std::string& reason) {
  if (outcome != "approve" && outcome != "refuse") {
    return Status::InvalidArgument("decision '" + outcome + "' is not approve or refuse");
  }
  MHDS_ASSIGN_OR_RETURN(auto tx, db_.Begin());
  MHDS_ASSIGN_OR_RETURN(int64_t app, internal::ApplicationId(db_, reference));
  MHDS_ASSIGN_OR_RETURN(auto version, CurrentVersion(db_, app, reference));
  MHDS_RETURN_IF_ERROR(db_.Exec("INSERT INTO gov_decisions (application_id, version_id, outcome, "
                                "approver, reason, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
                                {app, version.id, outcome, by.name, reason, by.at})
                           .status());
  StepFacts facts;
  facts.outcome = outcome;
  MHDS_ASSIGN_OR_RETURN(std::string to, Step(reference, outcome, by, reason, {}, facts));
  MHDS_RETURN_IF_ERROR(tx.Commit());
  return to;
}

Status Governance::Agree(const std::string& reference, const AgreementInput& a, const Actor& by,
                         const std::vector<std::string>& documents) {
  MHDS_RETURN_IF_ERROR(RequireDate(a.start_date, "agreement start"));
  MHDS_RETURN_IF_ERROR(RequireDate(a.end_date, "agreement end"));
  MHDS_ASSIGN_OR_RETURN(auto tx, db_.Begin());
  MHDS_ASSIGN_OR_RETURN(int64_t app, internal::ApplicationId(db_, reference));
  MHDS_ASSIGN_OR_RETURN(auto version, CurrentVersion(db_, app, reference));
  auto inserted = db_.Exec(
      "INSERT INTO gov_agreements (application_id, version_id, start_date, end_date, "
      "signed_by_nhse, signed_by_applicant, po_number, recorded_at) VALUES (?, ?, ?, ?, ?, ?, "
      "?, ?)",
      {app, version.id, a.start_date, a.end_date, a.signed_by_nhse, a.signed_by_applicant,
       a.po_number.empty() ? store::Value() : store::Value(a.po_number), by.at});
  if (!inserted.ok() && store::IsConstraintViolation(inserted.status())) {
    return Status::InvalidArgument("version " + version.Label() + " of " + reference +
                                   " already has an agreement");
  }
  MHDS_RETURN_IF_ERROR(inserted.status());
  MHDS_RETURN_IF_ERROR(
      Step(reference, "sign", by,
           reference + "-v" + version.Label() + " " + a.start_date + " to " + a.end_date, documents,
           {})
          .status());
  return tx.Commit();
}

Result<DatasetTerms> Governance::TermsFor(const std::string& reference,
                                          const std::string& dataset) {
  MHDS_ASSIGN_OR_RETURN(int64_t app, internal::ApplicationId(db_, reference));
  MHDS_ASSIGN_OR_RETURN(auto agreed, internal::LatestAgreement(db_, app));
  if (!agreed) return Status::InvalidArgument(reference + " has no agreement");
  MHDS_ASSIGN_OR_RETURN(
      auto row, db_.QueryRow("SELECT legal_basis, opt_out_applies FROM gov_requested_datasets "
                             "WHERE version_id = ? AND dataset = ?",
                             {agreed->version.id, dataset}));
  if (!row) {
    return Status::InvalidArgument("data set '" + dataset + "' is not on " + reference + "-v" +
                                   agreed->version.Label());
  }
  DatasetTerms terms;
  terms.dataset = dataset;
  terms.legal_basis = row->Text(0);
  if (!row->IsNull(1)) terms.opt_out_applies = row->Int(1) == 1;
  return terms;
}

Status Governance::Release(const std::string& reference, const ReleaseInput& r, const Actor& by) {
  if (!IsFileReference(r.file_reference)) {
    return Status::InvalidArgument("file reference '" + r.file_reference +
                                   "' is not FILE and 7 digits");
  }
  if (!ParseReportingMonth(r.month)) {
    return Status::InvalidArgument("month '" + r.month + "' is not YYYY-MM");
  }
  if (!workflow_.InVocabulary("channel", r.channel)) {
    return Status::InvalidArgument("channel '" + r.channel + "' is not one of " +
                                   workflow_.VocabularyList("channel"));
  }
  MHDS_ASSIGN_OR_RETURN(auto tx, db_.Begin());
  MHDS_ASSIGN_OR_RETURN(int64_t app, internal::ApplicationId(db_, reference));
  MHDS_ASSIGN_OR_RETURN(auto agreed, internal::LatestAgreement(db_, app));
  StepFacts facts;
  facts.release = &r;
  if (agreed) {
    MHDS_ASSIGN_OR_RETURN(auto terms,
                          db_.QueryRow("SELECT type_of_data, sensitivity, legal_basis, frequency "
                                       "FROM gov_requested_datasets WHERE version_id = ? AND "
                                       "dataset = ?",
                                       {agreed->version.id, r.dataset}));
    if (terms) {
      auto inserted = db_.Exec(
          "INSERT INTO gov_releases (application_id, agreement_id, file_reference, dataset, "
          "month, type_of_data, sensitivity, legal_basis, frequency, opt_outs_applied, "
          "records_before, records_after, file_sha256, channel, released_by, recorded_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {app, agreed->agreement_id, r.file_reference, r.dataset, r.month, terms->Text(0),
           terms->Text(1), terms->Text(2), terms->Text(3), r.opt_outs_applied ? 1 : 0,
           r.records_before, r.records_after,
           r.file_sha256.empty() ? store::Value() : store::Value(r.file_sha256), r.channel, by.name,
           by.at});
      if (!inserted.ok() && store::IsConstraintViolation(inserted.status())) {
        return Status::InvalidArgument("file reference " + r.file_reference +
                                       " is already released");
      }
      MHDS_RETURN_IF_ERROR(inserted.status());
      if (!r.files.empty()) {
        MHDS_ASSIGN_OR_RETURN(auto id, db_.QueryRow("SELECT id FROM gov_releases WHERE "
                                                    "file_reference = ?",
                                                    {r.file_reference}));
        for (const ReleaseInput::File& f : r.files) {
          MHDS_RETURN_IF_ERROR(db_.Exec("INSERT INTO gov_release_files (release_id, name, bytes, "
                                        "sha256) VALUES (?, ?, ?, ?)",
                                        {id ? id->Int(0) : 0, f.name, f.bytes, f.sha256})
                                   .status());
        }
      }
    }
  }
  std::string reason = r.file_reference + " " + r.dataset + " " + r.month +
                       (r.opt_outs_applied ? " opt-outs applied" : " opt-outs not applied");
  if (r.records_before && r.records_after) {
    reason += " (" + std::to_string(*r.records_before) + " records, " +
              std::to_string(*r.records_after) + " released)";
  }
  std::vector<std::string> documents;
  if (!r.file_sha256.empty()) documents.push_back(r.file_sha256);
  for (const ReleaseInput::File& f : r.files) documents.push_back(f.sha256);
  MHDS_RETURN_IF_ERROR(Step(reference, "release", by, reason, documents, facts).status());
  return tx.Commit();
}

Status Governance::CheckOutput(const std::string& reference, const std::string& output,
                               const std::string& vote, const Actor& by) {
  if (vote != "approve" && vote != "changes_requested") {
    return Status::InvalidArgument("vote '" + vote + "' is not approve or changes_requested");
  }
  MHDS_ASSIGN_OR_RETURN(int64_t app, internal::ApplicationId(db_, reference));
  MHDS_ASSIGN_OR_RETURN(auto previous,
                        db_.QueryRow("SELECT id FROM gov_output_checks WHERE application_id = ? "
                                     "AND output_name = ? AND checker = ?",
                                     {app, output, by.name}));
  if (previous) {
    return Status::InvalidArgument(by.name + " has already checked output '" + output +
                                   "'; a second check needs a second person");
  }
  return db_
      .Exec(
          "INSERT INTO gov_output_checks (application_id, output_name, checker, vote, "
          "recorded_at) VALUES (?, ?, ?, ?, ?)",
          {app, output, by.name, vote, by.at})
      .status();
}

Status Governance::ReleaseOutput(const std::string& reference, const std::string& output,
                                 const Actor& by) {
  MHDS_ASSIGN_OR_RETURN(auto tx, db_.Begin());
  StepFacts facts;
  facts.output = output;
  MHDS_RETURN_IF_ERROR(
      Step(reference, "release_output", by, "output " + output, {}, facts).status());
  return tx.Commit();
}

Result<std::string> Governance::Audit(const std::string& reference, const std::string& finding,
                                      const std::string& severity, const Actor& by,
                                      const std::vector<std::string>& documents) {
  if (severity != "none" && severity != "minor" && severity != "major") {
    return Status::InvalidArgument("severity '" + severity + "' is not none, minor or major");
  }
  MHDS_ASSIGN_OR_RETURN(auto tx, db_.Begin());
  MHDS_ASSIGN_OR_RETURN(int64_t app, internal::ApplicationId(db_, reference));
  MHDS_RETURN_IF_ERROR(db_.Exec("INSERT INTO gov_audits (application_id, auditor, finding, "
                                "severity, recorded_at) VALUES (?, ?, ?, ?, ?)",
                                {app, by.name, finding, severity, by.at})
                           .status());
  StepFacts facts;
  facts.outcome = severity;
  const std::string action = AuditAction(severity);
  MHDS_ASSIGN_OR_RETURN(std::string to,
                        Step(reference, action, by, severity + ": " + finding, documents, facts));
  MHDS_RETURN_IF_ERROR(tx.Commit());
  return to;
}

Status Governance::Destroy(const std::string& reference, const std::string& destroyed_on,
                           const std::string& certificate_sha256, const Actor& by) {
  MHDS_RETURN_IF_ERROR(RequireDate(destroyed_on, "destruction date"));
  MHDS_ASSIGN_OR_RETURN(auto tx, db_.Begin());
  MHDS_ASSIGN_OR_RETURN(int64_t app, internal::ApplicationId(db_, reference));
  MHDS_RETURN_IF_ERROR(db_.Exec("INSERT INTO gov_destructions (application_id, "
                                "certificate_sha256, destroyed_on, signed_by, recorded_at) "
                                "VALUES (?, ?, ?, ?, ?)",
                                {app, certificate_sha256, destroyed_on, by.name, by.at})
                           .status());
  MHDS_RETURN_IF_ERROR(
      Step(reference, "destroy", by, "data destroyed on " + destroyed_on, {certificate_sha256}, {})
          .status());
  return tx.Commit();
}

}  // namespace mhds::govern
