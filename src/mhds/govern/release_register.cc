#include "mhds/govern/release_register.h"

#include <array>
#include <map>

#include "mhds/base/calendar.h"
#include "mhds/base/status_macros.h"
#include "mhds/base/text.h"
#include "mhds/report/csv_writer.h"

namespace mhds::govern {

namespace {

const std::vector<std::string> kAgreementColumns = {
    "Reference Number",         "Application Title",
    "Applicant Organisation",   "Applicant Organisation Type",
    "Data Controller(s)",       "Sole/Joint Data Controller",
    "DSA Start Date",           "DSA End Date",
    "Does Sublicensing Apply",  "For Commercial Purposes",
    "Objective for Processing", "Processing Activities",
    "Expected Output",          "Expected Measurable Benefits",
    "Yielded Benefits"};
const std::vector<std::string> kDatasetColumns = {"Reference Number",
                                                  "Dataset",
                                                  "Type of Data",
                                                  "Sensitive or Non-Sensitive",
                                                  "Frequency",
                                                  "Legal Basis for Provision of Data",
                                                  "Common Law Duty of Confidentiality"};
const std::vector<std::string> kReleaseColumns = {
    "File Reference", "Reference Number",           "Dataset",
    "Type of Data",   "Sensitive or Non-Sensitive", "Legal Basis for Provision of Data",
    "Frequency",      "Patient Opt-Outs Applied",   "Month File Released"};
// Not part of the published layout: the files of each release made from an extract's manifest,
// so that anyone holding a file can check it is the one released. Record counts stay out of the
// public register (small numbers of opted-out people could be worked out from them).
const std::vector<std::string> kReleaseFileColumns = {"File Reference", "File Name", "Bytes",
                                                      "SHA-256"};

const char* YesNo(int64_t flag) { return flag == 1 ? "Yes" : "No"; }

// Fails the export when `value` of `column` is outside the published vocabulary `field`.
Status CheckVocabulary(const Workflow& w, const std::string& sheet, const std::string& key,
                       const std::string& column, const char* field, const std::string& value) {
  const bool known = std::string_view(field) == "legal_basis" ? w.OptOutRuleFor(value).has_value()
                                                              : w.InVocabulary(field, value);
  if (known) return Status::Ok();
  return Status::DataError("register " + sheet + " row " + key + ": " + column + " '" + value +
                           "' is not in the published vocabulary (specs/governance/)");
}

}  // namespace

std::string RegisterMonthText(const std::string& yyyy_mm) {
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const int month = std::stoi(yyyy_mm.substr(5, 2));
  return std::string(kMonths[month - 1]) + "-" + yyyy_mm.substr(2, 2);
}

Result<ReleaseRegister> BuildRegister(store::Database& db, const Workflow& w,
                                      const std::string& month) {
  if (!ParseReportingMonth(month)) {
    return Status::InvalidArgument("month '" + month + "' is not YYYY-MM");
  }
  ReleaseRegister reg;
  reg.edition = month;
  RegisterSheet agreements{"Agreements", kAgreementColumns, {}};
  RegisterSheet datasets{"Datasets", kDatasetColumns, {}};
  RegisterSheet releases{"DataReleases", kReleaseColumns, {}};
  // Agreements in force by the end of the edition's month, every version.
  MHDS_ASSIGN_OR_RETURN(
      auto rows,
      db.Query("SELECT a.reference, v.major, v.minor, a.title, o.name, o.org_type, v.id, "
               "g.start_date, g.end_date, v.sublicensing, v.commercial, v.objective, "
               "v.processing, v.outputs, v.benefits, v.yielded_benefits FROM gov_agreements g "
               "JOIN gov_versions v ON v.id = g.version_id JOIN gov_applications a ON a.id = "
               "g.application_id JOIN gov_organisations o ON o.id = a.applicant_org_id "
               "WHERE substr(g.start_date, 1, 7) <= ? ORDER BY a.reference, v.major, v.minor",
               {month}));
  for (const auto& r : rows) {
    const std::string ref = r.Text(0) + "-v" + r.Text(1) + "." + r.Text(2);
    MHDS_RETURN_IF_ERROR(CheckVocabulary(w, "Agreements", ref, kAgreementColumns[3],
                                         "organisation_type", r.Text(5)));
    MHDS_ASSIGN_OR_RETURN(auto controllers,
                          db.Query("SELECT name FROM gov_parties WHERE version_id = ? AND kind "
                                   "= 'controller' ORDER BY id",
                                   {r.Int(6)}));
    std::vector<std::string> names;
    for (const auto& c : controllers) names.push_back(c.Text(0));
    agreements.rows.push_back({ref, r.Text(3), r.Text(4), r.Text(5), Join(names, "; "),
                               names.size() > 1 ? "Joint Data Controller" : "Sole Data Controller",
                               r.Text(7), r.Text(8), YesNo(r.Int(9)), YesNo(r.Int(10)), r.Text(11),
                               r.Text(12), r.Text(13), r.Text(14), r.Text(15)});
    MHDS_ASSIGN_OR_RETURN(auto requested,
                          db.Query("SELECT dataset, type_of_data, sensitivity, frequency, "
                                   "legal_basis, common_law_duty FROM gov_requested_datasets "
                                   "WHERE version_id = ? ORDER BY id",
                                   {r.Int(6)}));
    for (const auto& d : requested) {
      const std::string key = ref + " " + d.Text(0);
      MHDS_RETURN_IF_ERROR(
          CheckVocabulary(w, "Datasets", key, kDatasetColumns[2], "type_of_data", d.Text(1)));
      MHDS_RETURN_IF_ERROR(
          CheckVocabulary(w, "Datasets", key, kDatasetColumns[3], "sensitivity", d.Text(2)));
      MHDS_RETURN_IF_ERROR(
          CheckVocabulary(w, "Datasets", key, kDatasetColumns[4], "frequency", d.Text(3)));
      MHDS_RETURN_IF_ERROR(
          CheckVocabulary(w, "Datasets", key, kDatasetColumns[5], "legal_basis", d.Text(4)));
      MHDS_RETURN_IF_ERROR(
          CheckVocabulary(w, "Datasets", key, kDatasetColumns[6], "common_law_duty", d.Text(5)));
      datasets.rows.push_back(
          {ref, d.Text(0), d.Text(1), d.Text(2), d.Text(3), d.Text(4), d.Text(5)});
    }
  }
  MHDS_ASSIGN_OR_RETURN(
      auto files,
      db.Query("SELECT r.file_reference, a.reference, v.major, v.minor, r.dataset, "
               "r.type_of_data, r.sensitivity, r.legal_basis, r.frequency, r.opt_outs_applied, "
               "r.month, o.name FROM gov_releases r JOIN gov_agreements g ON g.id = "
               "r.agreement_id JOIN gov_versions v ON v.id = g.version_id JOIN gov_applications "
               "a ON a.id = r.application_id JOIN gov_organisations o ON o.id = "
               "a.applicant_org_id WHERE r.month <= ? ORDER BY r.file_reference",
               {month}));
  std::map<std::array<std::string, 3>, DifferencingFlag> by_recipient;
  for (const auto& f : files) {
    const std::string key = f.Text(0);
    MHDS_RETURN_IF_ERROR(
        CheckVocabulary(w, "DataReleases", key, kReleaseColumns[3], "type_of_data", f.Text(5)));
    MHDS_RETURN_IF_ERROR(
        CheckVocabulary(w, "DataReleases", key, kReleaseColumns[4], "sensitivity", f.Text(6)));
    MHDS_RETURN_IF_ERROR(
        CheckVocabulary(w, "DataReleases", key, kReleaseColumns[5], "legal_basis", f.Text(7)));
    MHDS_RETURN_IF_ERROR(
        CheckVocabulary(w, "DataReleases", key, kReleaseColumns[6], "frequency", f.Text(8)));
    releases.rows.push_back({f.Text(0), f.Text(1) + "-v" + f.Text(2) + "." + f.Text(3), f.Text(4),
                             f.Text(5), f.Text(6), f.Text(7), f.Text(8), YesNo(f.Int(9)),
                             RegisterMonthText(f.Text(10))});
    DifferencingFlag& flag = by_recipient[{f.Text(11), f.Text(4), f.Text(10)}];
    flag.recipient = f.Text(11);
    flag.dataset = f.Text(4);
    flag.month = f.Text(10);
    (f.Int(9) == 1 ? flag.with_opt_outs : flag.without_opt_outs).push_back(f.Text(0));
  }
  for (auto& [key, flag] : by_recipient) {
    if (!flag.with_opt_outs.empty() && !flag.without_opt_outs.empty()) {
      reg.flags.push_back(std::move(flag));
    }
  }
  RegisterSheet release_files{"ReleaseFiles", kReleaseFileColumns, {}};
  MHDS_ASSIGN_OR_RETURN(auto parts,
                        db.Query("SELECT r.file_reference, f.name, f.bytes, f.sha256 FROM "
                                 "gov_release_files f JOIN gov_releases r ON r.id = f.release_id "
                                 "WHERE r.month <= ? ORDER BY r.file_reference, f.id",
                                 {month}));
  for (const auto& f : parts) {
    release_files.rows.push_back({f.Text(0), f.Text(1), std::to_string(f.Int(2)), f.Text(3)});
  }
  reg.sheets = {std::move(agreements), std::move(datasets), std::move(releases),
                std::move(release_files)};
  return reg;
}

std::string RegisterSheetCsv(const RegisterSheet& sheet) {
  report::CsvWriter out;
  for (const std::string& c : sheet.columns) out.Text(c);
  out.EndRow();
  for (const auto& row : sheet.rows) {
    for (const std::string& cell : row) out.Text(cell);
    out.EndRow();
  }
  return out.Take();
}

nlohmann::json RegisterJson(const ReleaseRegister& reg) {
  nlohmann::json out = {{"edition", reg.edition}};
  for (const RegisterSheet& sheet : reg.sheets) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& row : sheet.rows) {
      nlohmann::json object = nlohmann::json::object();
      for (size_t i = 0; i < sheet.columns.size(); ++i) object[sheet.columns[i]] = row[i];
      rows.push_back(std::move(object));
    }
    out[sheet.name] = std::move(rows);
  }
  nlohmann::json flags = nlohmann::json::array();
  for (const DifferencingFlag& f : reg.flags) {
    flags.push_back({{"kind", "same_month_with_and_without_opt_outs"},
                     {"recipient", f.recipient},
                     {"dataset", f.dataset},
                     {"month", f.month},
                     {"with_opt_outs", f.with_opt_outs},
                     {"without_opt_outs", f.without_opt_outs}});
  }
  out["flags"] = std::move(flags);
  return out;
}

}  // namespace mhds::govern
