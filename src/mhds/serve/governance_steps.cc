#include "mhds/serve/governance_steps.h"

#include <set>

#include "mhds/base/text.h"
#include "mhds/govern/application_view.h"
#include "mhds/govern/governance.h"
#include "mhds/govern/release_manifest.h"
#include "mhds/serve/responses.h"

namespace mhds::serve {
namespace {

GovernanceOutcome GovFailure(int status, std::string error) {
  GovernanceOutcome out;
  out.http_status = status;
  out.error = std::move(error);
  return out;
}

// A refused or malformed step is the user's to fix (409, with the workflow's reasons); a missing
// reference is 404; anything else is the store's fault.
GovernanceOutcome GovFailureOf(Service& service, const Status& status) {
  if (status.code() == StatusCode::kInvalidArgument) return GovFailure(409, status.message());
  if (status.code() == StatusCode::kNotFound) return GovFailure(404, kNotFoundText);
  service.Log("governance: " + status.message());
  return GovFailure(503, "the store is unavailable; try again shortly");
}

// Field readers that accept the API's JSON types and the pages' form strings alike.
std::string GovText(const nlohmann::json& in, const char* key) {
  auto it = in.find(key);
  if (it == in.end() || it->is_null()) return "";
  if (it->is_string()) return std::string(Trim(it->get<std::string>()));
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  return it->dump();
}

bool GovFlag(const nlohmann::json& in, const char* key) {
  auto it = in.find(key);
  if (it == in.end()) return false;
  if (it->is_boolean()) return it->get<bool>();
  const std::string v = GovText(in, key);
  return v == "on" || v == "true" || v == "yes" || v == "1";
}

std::optional<int64_t> GovCount(const nlohmann::json& in, const char* key) {
  auto it = in.find(key);
  if (it == in.end() || it->is_null()) return std::nullopt;
  if (it->is_number_integer()) return it->get<int64_t>();
  const std::string v = GovText(in, key);
  if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoll(v);
}

std::vector<std::string> GovLines(const nlohmann::json& in, const char* key) {
  std::vector<std::string> out;
  auto it = in.find(key);
  if (it == in.end()) return out;
  if (it->is_array()) {
    for (const auto& v : *it) {
      if (v.is_string() && !Trim(v.get<std::string>()).empty()) {
        out.emplace_back(Trim(v.get<std::string>()));
      }
    }
    return out;
  }
  for (const std::string& line : SplitTrimmed(GovText(in, key), '\n')) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

govern::Actor GovActor(Service& service, const GovernanceViewer& viewer, const std::string& role) {
  return govern::Actor{viewer.check.principal.username, role, service.Now(),
                       viewer.check.principal.user_id};
}

// The workflow action a step takes (empty for a step without a transition).
std::string ActionOf(const std::string& step, const nlohmann::json& in) {
  if (step == "version") return "revise";
  if (step == "act") return GovText(in, "action");
  if (step == "review") return govern::Governance::ReviewAction(GovText(in, "outcome"));
  if (step == "decision") return GovText(in, "outcome");
  if (step == "agreement") return "sign";
  if (step == "release") return "release";
  if (step == "audit") return govern::Governance::AuditAction(GovText(in, "severity"));
  if (step == "destruction") return "destroy";
  if (step == "output_release") return "release_output";
  return "";
}

GovernanceOutcome GovDone(nlohmann::json body) {
  GovernanceOutcome out;
  out.body = std::move(body);
  return out;
}

}  // namespace

bool IsGovernanceStep(const std::string& step) {
  static const std::set<std::string> kSteps = {
      "version", "act",   "review",      "decision",     "agreement",
      "release", "audit", "destruction", "output_check", "output_release"};
  return kSteps.count(step) > 0;
}

GovernanceOutcome OpenApplication(Service& service, store::Database& db,
                                  const govern::Workflow& workflow, const GovernanceViewer& viewer,
                                  const nlohmann::json& application) {
  if (!application.is_object()) return GovFailure(400, "expected an application (a JSON object)");
  const std::string applicant = GovText(application, "applicant");
  if (!viewer.CanActAs(govern::kApplicantRole, applicant)) {
    return GovFailure(403,
                      "you do not hold the applicant role for organisation '" + applicant + "'");
  }
  govern::Governance gov(db, workflow);
  auto version = gov.Apply(application, GovActor(service, viewer, govern::kApplicantRole), {});
  if (!version.ok()) return GovFailureOf(service, version.status());
  GovernanceOutcome out =
      GovDone({{"reference", GovText(application, "reference")}, {"version", *version}});
  out.http_status = 201;
  return out;
}

GovernanceOutcome TakeGovernanceStep(Service& service, store::Database& db,
                                     const govern::Workflow& workflow,
                                     const GovernanceViewer& viewer, const std::string& reference,
                                     const std::string& step, const nlohmann::json& in) {
  // Whether the application may be seen comes first: nothing else is said to one who may not.
  auto found = govern::FindApplication(db, reference);
  if (!found.ok()) return GovFailureOf(service, found.status());
  if (!found->has_value() || !viewer.CanSee((*found)->summary.applicant_ods)) {
    return GovFailure(404, kNotFoundText);
  }
  if (!in.is_object()) return GovFailure(400, "expected a JSON object");
  const govern::ApplicationSummary& app = (*found)->summary;
  std::string role = govern::kCheckerRole;
  if (step != "output_check") {
    const std::string action = ActionOf(step, in);
    const govern::Transition* t = workflow.Find(app.state, action);
    if (t == nullptr) {
      std::vector<std::string> allowed = workflow.ActionsFrom(app.state);
      return GovFailure(
          409, "refused: '" + action + "' is not allowed in " + app.state +
                   " (allowed there: " + (allowed.empty() ? "none" : Join(allowed, ", ")) + ")");
    }
    role = t->role;
  }
  if (!viewer.CanActAs(role, app.applicant_ods)) {
    return GovFailure(403, "this step is taken by role '" + role + "', which you do not hold" +
                               (role == govern::kApplicantRole ? " for " + app.applicant_ods : ""));
  }
  const govern::Actor by = GovActor(service, viewer, role);
  govern::Governance gov(db, workflow);
  nlohmann::json body = {{"reference", reference}};
  Status status;
  if (step == "version") {
    if (GovText(in, "reference") != reference || GovText(in, "applicant") != app.applicant_ods) {
      return GovFailure(409, "a new version must keep the reference " + reference +
                                 " and the applicant " + app.applicant_ods);
    }
    auto version = gov.Apply(in, by, {});
    status = version.status();
    if (version.ok()) body["version"] = *version;
  } else if (step == "act") {
    status = gov.Act(reference, GovText(in, "action"), by, GovText(in, "reason"), {}).status();
  } else if (step == "review") {
    govern::ReviewInput review{GovText(in, "panel"), GovText(in, "meeting_date"),
                               GovText(in, "outcome"), GovLines(in, "conditions")};
    auto ids = gov.Review(reference, review, by, {});
    status = ids.status();
    if (ids.ok()) body["conditions"] = *ids;
  } else if (step == "decision") {
    status = gov.Decide(reference, GovText(in, "outcome"), by, GovText(in, "reason")).status();
  } else if (step == "agreement") {
    govern::AgreementInput a{GovText(in, "start"), GovText(in, "end"),
                             GovText(in, "signed_by_nhse"), GovText(in, "signed_by_applicant"),
                             GovText(in, "po")};
    status = gov.Agree(reference, a, by, {});
  } else if (step == "release") {
    govern::ReleaseInput r;
    r.dataset = GovText(in, "dataset");
    r.file_reference = GovText(in, "file_reference");
    r.month = GovText(in, "month");
    r.channel = GovText(in, "channel").empty() ? "SEFT" : GovText(in, "channel");
    if (in.contains("manifest") && !in["manifest"].is_null()) {
      nlohmann::json manifest = in["manifest"];
      // The pages send the manifest as text pasted into the form.
      if (manifest.is_string()) {
        manifest = nlohmann::json::parse(manifest.get<std::string>(), nullptr, false);
      }
      status = govern::ReleaseFromManifest(manifest, "manifest", r);
    } else {
      r.opt_outs_applied = GovFlag(in, "opt_outs_applied");
      r.records_before = GovCount(in, "records_before");
      r.records_after = GovCount(in, "records_after");
      r.file_sha256 = GovText(in, "file_sha256");
    }
    if (status.ok()) status = gov.Release(reference, r, by);
  } else if (step == "audit") {
    status = gov.Audit(reference, GovText(in, "finding"), GovText(in, "severity"), by, {}).status();
  } else if (step == "destruction") {
    status =
        gov.Destroy(reference, GovText(in, "destroyed_on"), GovText(in, "certificate_sha256"), by);
  } else if (step == "output_check") {
    status = gov.CheckOutput(reference, GovText(in, "output"), GovText(in, "vote"), by);
  } else if (step == "output_release") {
    status = gov.ReleaseOutput(reference, GovText(in, "output"), by);
  } else {
    return GovFailure(404, kNotFoundText);
  }
  if (!status.ok()) return GovFailureOf(service, status);
  auto state = govern::CurrentState(db, reference);
  if (state.ok() && state->has_value()) body["state"] = **state;
  return GovDone(std::move(body));
}

GovernanceOutcome MeetCondition(Service& service, store::Database& db,
                                const govern::Workflow& workflow, const GovernanceViewer& viewer,
                                int64_t condition_id, const nlohmann::json& in) {
  auto owner = govern::FindConditionOwner(db, condition_id);
  if (!owner.ok()) return GovFailureOf(service, owner.status());
  if (!owner->has_value() || !viewer.CanSee((*owner)->applicant_ods)) {
    return GovFailure(404, kNotFoundText);
  }
  std::string role;
  for (const char* r : {govern::kApplicantRole, "case_officer"}) {
    if (role.empty() && viewer.CanActAs(r, (*owner)->applicant_ods)) role = r;
  }
  if (role.empty()) {
    return GovFailure(403, "a condition is recorded as met by the applicant or a case officer");
  }
  govern::Governance gov(db, workflow);
  const std::string evidence = in.is_object() ? GovText(in, "evidence_sha256") : "";
  if (Status s = gov.MeetCondition(condition_id, GovActor(service, viewer, role), evidence);
      !s.ok()) {
    return GovFailureOf(service, s);
  }
  return GovDone({{"condition", condition_id}, {"met", true}, {"reference", (*owner)->reference}});
}

}  // namespace mhds::serve
