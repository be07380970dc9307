// Governance::Apply: recording an application version from its JSON form.
#include <cctype>

#include "mhds/account/secrets.h"
#include "mhds/base/status_macros.h"
#include "mhds/govern/governance.h"
#include "mhds/govern/internal/json_fields.h"
#include "mhds/govern/internal/queries.h"
#include "mhds/govern/ledger.h"

namespace mhds::govern {

namespace {

// DARS-NIC-<digits>-<5 upper-case letters or digits>: the agreement's base reference, to which
// the register appends -v<major>.<minor>.
bool IsNicReference(const std::string& s) {
  constexpr std::string_view kPrefix = "DARS-NIC-";
  constexpr size_t kSuffixLength = 5;
  if (s.rfind(kPrefix, 0) != 0) return false;
  size_t dash = s.find('-', kPrefix.size());
  if (dash == std::string::npos || dash == kPrefix.size()) return false;
  for (size_t i = kPrefix.size(); i < dash; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  if (s.size() - dash - 1 != kSuffixLength) return false;
  for (size_t i = dash + 1; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (!std::isdigit(c) && !std::isupper(c)) return false;
  }
  return true;
}

Result<std::vector<std::string>> StringList(const nlohmann::json& object, const char* key,
                                            const std::string& where) {
  std::vector<std::string> out;
  if (!object.contains(key)) return out;
  if (!object[key].is_array()) {
    return Status::InvalidArgument(where + ": field '" + key + "' must be a list of ODS codes");
  }
  for (const auto& v : object[key]) {
    if (!v.is_string() || v.get<std::string>().empty()) {
      return Status::InvalidArgument(where + ": field '" + key + "' holds a non-string entry");
    }
    out.push_back(v.get<std::string>());
  }
  return out;
}

}  // namespace

Result<std::string> Governance::Apply(const nlohmann::json& app, const Actor& by,
                                      const std::vector<std::string>& documents) {
  namespace in = internal;
  MHDS_ASSIGN_OR_RETURN(std::string ref, in::RequiredString(app, "reference", "application"));
  if (!IsNicReference(ref)) {
    return Status::InvalidArgument("application: reference '" + ref +
                                   "' is not DARS-NIC-<digits>-<5 capitals or digits>");
  }
  const std::string where = "application " + ref;
  MHDS_ASSIGN_OR_RETURN(std::string title, in::RequiredString(app, "title", where));
  MHDS_ASSIGN_OR_RETURN(std::string applicant, in::RequiredString(app, "applicant", where));
  MHDS_ASSIGN_OR_RETURN(std::string objective, in::RequiredString(app, "objective", where));
  MHDS_ASSIGN_OR_RETURN(std::string processing, in::RequiredString(app, "processing", where));
  MHDS_ASSIGN_OR_RETURN(std::string outputs, in::RequiredString(app, "outputs", where));
  MHDS_ASSIGN_OR_RETURN(std::string benefits, in::RequiredString(app, "benefits", where));
  MHDS_ASSIGN_OR_RETURN(std::string yielded, in::OptionalString(app, "yielded_benefits", where));
  MHDS_ASSIGN_OR_RETURN(auto commercial, in::OptionalBool(app, "commercial", where));
  MHDS_ASSIGN_OR_RETURN(auto sublicensing, in::OptionalBool(app, "sublicensing", where));
  if (!commercial || !sublicensing) {
    return Status::InvalidArgument(where +
                                   ": fields 'commercial' and 'sublicensing' are required"
                                   " (true or false)");
  }
  MHDS_ASSIGN_OR_RETURN(auto controllers, StringList(app, "controllers", where));
  MHDS_ASSIGN_OR_RETURN(auto processors, StringList(app, "processors", where));
  if (app.contains("storage") && !app["storage"].is_array()) {
    return Status::InvalidArgument(where + ": field 'storage' must be a list");
  }
  if (!app.contains("datasets") || !app["datasets"].is_array()) {
    return Status::InvalidArgument(where + ": field 'datasets' must be a list");
  }
  for (size_t i = 0; i < app["datasets"].size(); ++i) {
    const auto& d = app["datasets"][i];
    const std::string at = where + " datasets[" + std::to_string(i) + "]";
    MHDS_RETURN_IF_ERROR(in::RequiredString(d, "dataset", at).status());
    for (const char* field : {"type_of_data", "sensitivity", "frequency", "common_law_duty"}) {
      MHDS_ASSIGN_OR_RETURN(std::string value, in::RequiredString(d, field, at));
      if (!workflow_.InVocabulary(field, value)) {
        return Status::InvalidArgument(at + ": " + field + " '" + value + "' is not one of " +
                                       workflow_.VocabularyList(field));
      }
    }
    MHDS_RETURN_IF_ERROR(in::OptionalString(d, "legal_basis", at).status());
    MHDS_RETURN_IF_ERROR(in::OptionalBool(d, "cag_exemption", at).status());
    if (d.contains("items") && !d["items"].is_array()) {
      return Status::InvalidArgument(at +
                                     ": field 'items' must be a list of {item, justification}");
    }
    // Shape only: an empty justification is for the items_justified precondition to report.
    for (const auto& item : d.value("items", nlohmann::json::array())) {
      MHDS_RETURN_IF_ERROR(in::RequiredString(item, "item", at + " items").status());
      MHDS_RETURN_IF_ERROR(in::OptionalString(item, "justification", at + " items").status());
    }
  }

  MHDS_ASSIGN_OR_RETURN(auto tx, db_.Begin());
  MHDS_ASSIGN_OR_RETURN(auto state, CurrentState(db_, ref));
  int64_t app_id = 0;
  int64_t major = 0;
  int64_t minor = 1;
  if (!state) {
    MHDS_ASSIGN_OR_RETURN(auto org, db_.QueryRow("SELECT id FROM gov_organisations WHERE "
                                                 "ods_code = ?",
                                                 {applicant}));
    if (!org) {
      return Status::InvalidArgument(where + ": applicant organisation " + applicant +
                                     " is not recorded (add it with `mhds govern org`)");
    }
    MHDS_ASSIGN_OR_RETURN(
        auto row, db_.QueryRow("INSERT INTO gov_applications (reference, title, "
                               "applicant_org_id, recorded_at) VALUES (?, ?, ?, ?) RETURNING id",
                               {ref, title, org->Int(0), by.at}));
    app_id = row ? row->Int(0) : 0;
  } else {
    MHDS_ASSIGN_OR_RETURN(app_id, in::ApplicationId(db_, ref));
    MHDS_ASSIGN_OR_RETURN(auto latest, in::LatestVersion(db_, app_id));
    MHDS_ASSIGN_OR_RETURN(auto agreed, in::LatestAgreement(db_, app_id));
    major = latest ? latest->major : 0;
    minor = latest ? latest->minor + 1 : 1;
    // An amendment or renewal of an agreed version starts the next major version.
    if (agreed && latest && agreed->version.id == latest->id) {
      major = latest->major + 1;
      minor = 0;
    }
  }
  MHDS_ASSIGN_OR_RETURN(
      auto version_row,
      db_.QueryRow(
          "INSERT INTO gov_versions (application_id, major, minor, objective, processing, "
          "outputs, benefits, yielded_benefits, commercial, sublicensing, body_sha256, "
          "recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {app_id, major, minor, objective, processing, outputs, benefits, yielded,
           *commercial ? 1 : 0, *sublicensing ? 1 : 0, account::Sha256Hex(app.dump()), by.name,
           by.at}));
  const int64_t version_id = version_row ? version_row->Int(0) : 0;
  auto add_party = [&](const char* kind, const std::string& ods, const std::string& name,
                       const std::string& country) -> Status {
    return db_
        .Exec(
            "INSERT INTO gov_parties (version_id, kind, ods_code, name, country) VALUES "
            "(?, ?, ?, ?, ?)",
            {version_id, kind, ods.empty() ? store::Value() : store::Value(ods), name,
             country.empty() ? store::Value() : store::Value(country)})
        .status();
  };
  for (const auto& [kind, list] :
       {std::pair{"controller", &controllers}, std::pair{"processor", &processors}}) {
    for (const std::string& ods : *list) {
      MHDS_ASSIGN_OR_RETURN(auto org, db_.QueryRow("SELECT name FROM gov_organisations WHERE "
                                                   "ods_code = ?",
                                                   {ods}));
      MHDS_RETURN_IF_ERROR(add_party(kind, ods, org ? org->Text(0) : ods, ""));
    }
  }
  if (app.contains("storage")) {
    for (const auto& s : app["storage"]) {
      MHDS_ASSIGN_OR_RETURN(std::string name, in::RequiredString(s, "name", where + " storage"));
      MHDS_ASSIGN_OR_RETURN(std::string country, in::OptionalString(s, "country", where));
      MHDS_RETURN_IF_ERROR(add_party("storage", "", name, country));
    }
  }
  for (const auto& d : app["datasets"]) {
    const std::string legal_basis = d.value("legal_basis", "");
    std::optional<bool> cag;
    if (d.contains("cag_exemption") && d["cag_exemption"].is_boolean()) {
      cag = d["cag_exemption"].get<bool>();
    }
    std::optional<bool> applies =
        OptOutApplies(workflow_, legal_basis, d["type_of_data"].get<std::string>(), cag);
    MHDS_RETURN_IF_ERROR(
        db_.Exec("INSERT INTO gov_requested_datasets (version_id, dataset, type_of_data, "
                 "sensitivity, frequency, legal_basis, common_law_duty, cag_exemption, "
                 "opt_out_applies, items_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 {version_id, d["dataset"].get<std::string>(), d["type_of_data"].get<std::string>(),
                  d["sensitivity"].get<std::string>(), d["frequency"].get<std::string>(),
                  legal_basis, d["common_law_duty"].get<std::string>(),
                  cag ? store::Value(*cag ? 1 : 0) : store::Value(),
                  applies ? store::Value(*applies ? 1 : 0) : store::Value(),
                  d.value("items", nlohmann::json::array()).dump()})
            .status());
  }
  MHDS_RETURN_IF_ERROR(Step(ref, state ? "revise" : "enquire", by,
                            "version " + std::to_string(major) + "." + std::to_string(minor),
                            documents, {})
                           .status());
  MHDS_RETURN_IF_ERROR(tx.Commit());
  return std::to_string(major) + "." + std::to_string(minor);
}

}  // namespace mhds::govern
