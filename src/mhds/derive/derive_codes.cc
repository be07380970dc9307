#include "mhds/derive/derive_codes.h"

#include <array>
#include <fstream>
#include <sstream>

#include "mhds/base/calendar.h"
#include "mhds/base/csv_document.h"
#include "mhds/base/status_macros.h"

namespace mhds::derive {
namespace {

constexpr std::array<std::string_view, 11> kCodeLists = {
    "ips_team_type",       "ips_procedure",      "attended",     "direct_mechanism",
    "medium_face_to_face", "medium_telephone",   "medium_video", "employed",
    "not_employed",        "employment_unknown", "cohort_start"};

std::string Where(const std::string& name, uint64_t line, int column) {
  return name + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
}

}  // namespace

Result<DeriveCodes> DeriveCodes::Load(const spec::Spec& spec) {
  std::filesystem::path path = spec.folder / "derivations.csv";
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::NotFound("specification " + spec.name + " " + spec.version +
                            " defines no derivations (" + path.string() + " is missing)");
  }
  std::stringstream text;
  text << in.rdbuf();
  return Parse(text.str(), path.string());
}

Result<DeriveCodes> DeriveCodes::Parse(std::string_view text, const std::string& name) {
  auto parsed = CsvDocument::Parse(text, name);
  if (!parsed.ok()) return Status::SpecError(parsed.status().message());
  const CsvDocument& doc = *parsed;
  int list_col = doc.ColumnIndex("list");
  int code_col = doc.ColumnIndex("code");
  if (list_col < 0 || code_col < 0) {
    return Status::SpecError(Where(name, 1, 1) + "expected the columns list,code,meaning,source");
  }
  DeriveCodes codes;
  for (const CsvDocument::Row& row : doc.rows()) {
    const std::string& list = row.fields[list_col];
    const std::string& code = row.fields[code_col];
    bool known = false;
    for (std::string_view k : kCodeLists) known = known || k == list;
    if (!known) {
      return Status::SpecError(Where(name, row.line, CsvDocument::ColumnNumber(list_col)) +
                               "unknown list '" + list +
                               "'; expected one of ips_team_type, "
                               "ips_procedure, attended, direct_mechanism, medium_*, employed, "
                               "not_employed, employment_unknown, cohort_start");
    }
    if (code.empty()) {
      return Status::SpecError(Where(name, row.line, CsvDocument::ColumnNumber(code_col)) +
                               "the code is blank");
    }
    if (list == "cohort_start") {
      std::optional<int64_t> day = ParseDate(code);
      if (!day) {
        return Status::SpecError(Where(name, row.line, CsvDocument::ColumnNumber(code_col)) +
                                 "cohort_start '" + code + "' is not a date CCYY-MM-DD");
      }
      codes.cohort_start_ = *day;
    }
    codes.lists_[list].insert(code);
  }
  for (std::string_view k : kCodeLists) {
    if (!codes.lists_.contains(k)) {
      return Status::SpecError(name + ": the list '" + std::string(k) +
                               "' is missing; every derivation list needs at least one row");
    }
  }
  return codes;
}

bool DeriveCodes::In(std::string_view list, std::string_view code) const {
  auto it = lists_.find(list);
  return it != lists_.end() && it->second.contains(code);
}

bool DeriveCodes::IsIpsTeamType(std::string_view team_type) const {
  return In("ips_team_type", team_type);
}

bool DeriveCodes::IsIpsProcedure(std::string_view procedure) const {
  return In("ips_procedure", FocusConcept(procedure));
}

bool DeriveCodes::IsDirectContact(std::string_view attend_status,
                                  std::string_view mechanism) const {
  return In("attended", attend_status) && In("direct_mechanism", mechanism);
}

ContactMedium DeriveCodes::MediumOf(std::string_view mechanism) const {
  if (In("medium_face_to_face", mechanism)) return ContactMedium::kFaceToFace;
  if (In("medium_telephone", mechanism)) return ContactMedium::kTelephone;
  if (In("medium_video", mechanism)) return ContactMedium::kVideo;
  return ContactMedium::kOther;
}

EmploymentGroup DeriveCodes::EmploymentOf(std::string_view employ_status) const {
  if (In("employed", employ_status)) return EmploymentGroup::kEmployed;
  if (In("not_employed", employ_status)) return EmploymentGroup::kNotEmployed;
  if (In("employment_unknown", employ_status)) return EmploymentGroup::kUnknown;
  return EmploymentGroup::kNone;
}

}  // namespace mhds::derive
