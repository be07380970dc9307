#include "mhds/derive/derive_codes.h"

#include <array>
#include <vector>

namespace mhds::derive {
namespace {

constexpr std::array<std::string_view, 11> kCodeLists = {
    "ips_team_type",       "ips_procedure",      "attended",     "direct_mechanism",
    "medium_face_to_face", "medium_telephone",   "medium_video", "employed",
    "not_employed",        "employment_unknown", "cohort_start"};

}  // namespace

Result<DeriveCodes> DeriveCodes::Load(const spec::Spec& spec) {
  auto lists = DerivationLists::ReadFolder(spec.folder);
  if (!lists.ok()) {
    if (lists.status().code() != StatusCode::kNotFound) return lists.status();
    return Status::NotFound("specification " + spec.name + " " + spec.version +
                            " defines no derivations (" + lists.status().message() + ")");
  }
  if (std::string set = lists->MeasureSet(); !set.empty() && set != "ips") {
    return Status::NotFound("specification " + spec.name + " " + spec.version +
                            " defines no IPS derivations (its derivations.csv is for the " + set +
                            " measures)");
  }
  return FromLists(*lists);
}

Result<DeriveCodes> DeriveCodes::Parse(std::string_view text, const std::string& name) {
  auto lists = DerivationLists::Parse(text, name);
  if (!lists.ok()) return lists.status();
  return FromLists(*lists);
}

Result<DeriveCodes> DeriveCodes::FromLists(const DerivationLists& lists) {
  const std::vector<std::string_view> required(kCodeLists.begin(), kCodeLists.end());
  std::vector<std::string_view> allowed = required;
  allowed.push_back("measure_set");
  constexpr std::string_view kExpected =
      "ips_team_type, ips_procedure, attended, direct_mechanism, medium_*, employed, "
      "not_employed, employment_unknown, cohort_start, measure_set";
  // Unknown lists first, then a bad date, then what is missing: the first mistake in the file.
  if (Status s = lists.Check({}, allowed, kExpected); !s.ok()) return s;
  DeriveCodes codes;
  if (lists.Has("cohort_start")) {
    auto start = lists.Date("cohort_start");
    if (!start.ok()) return start.status();
    codes.cohort_start_ = *start;
  }
  if (Status s = lists.Check(required, {"measure_set"}, kExpected); !s.ok()) return s;
  for (std::string_view list : kCodeLists) {
    for (std::string& code : lists.Codes(list)) codes.lists_[std::string(list)].insert(code);
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
