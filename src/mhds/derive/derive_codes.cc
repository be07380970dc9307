#include "mhds/derive/derive_codes.h"

#include <array>
#include <vector>

namespace mhds::derive {
namespace {

constexpr std::array<std::string_view, 11> kCodeLists = {
    "ips_team_type",       "ips_procedure",      "attended",     "direct_mechanism",
    "medium_face_to_face", "medium_telephone",   "medium_video", "employed",
    "not_employed",        "employment_unknown", "cohort_start"};

// Lists of the breakdowns, all present or all absent; then the optional measure_set (last).
constexpr std::array<std::string_view, 7> kBreakdownLists = {"gp_practice_not_registered",
                                                             "commissioner_missing",
                                                             "gender_identity_used",
                                                             "ethnicity_not_known",
                                                             "age_band_lower",
                                                             "age_band_upper",
                                                             "measure_set"};

// Group labels of the breakdowns (output words, not codes of the data set).
constexpr std::string_view kMissingGroup = "missing";
constexpr std::string_view kOtherAgeGroup = "other";
constexpr std::string_view kMissingCommissioner = "Missing / Invalid";
constexpr std::string_view kEthnicityNotKnown = "Not known";

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
  allowed.insert(allowed.end(), kBreakdownLists.begin(), kBreakdownLists.end());
  constexpr std::string_view kExpected =
      "ips_team_type, ips_procedure, attended, direct_mechanism, medium_*, employed, "
      "not_employed, employment_unknown, cohort_start, measure_set, gp_practice_not_registered, "
      "commissioner_missing, gender_identity_used, ethnicity_not_known, age_band_lower, "
      "age_band_upper";
  // Unknown lists first, then a bad date, then what is missing: the first mistake in the file.
  if (Status s = lists.Check({}, allowed, kExpected); !s.ok()) return s;
  DeriveCodes codes;
  if (lists.Has("cohort_start")) {
    auto start = lists.Date("cohort_start");
    if (!start.ok()) return start.status();
    codes.cohort_start_ = *start;
  }
  if (Status s = lists.Check(required, allowed, kExpected); !s.ok()) return s;
  // The breakdowns are optional, but all of their lists or none.
  bool any_breakdown = false;
  for (std::string_view list : kBreakdownLists) any_breakdown = any_breakdown || lists.Has(list);
  if (any_breakdown) {
    std::vector<std::string_view> breakdowns(kBreakdownLists.begin(), kBreakdownLists.end());
    breakdowns.pop_back();  // measure_set
    if (Status s = lists.Check(breakdowns, allowed, kExpected); !s.ok()) return s;
    auto lower = lists.Number("age_band_lower");
    if (!lower.ok()) return lower.status();
    const size_t bands = lists.Codes("age_band_upper").size();
    auto upper = lists.RisingNumbers("age_band_upper", bands);
    if (!upper.ok()) return upper.status();
    if (upper->empty() || upper->front() < *lower) {
      return Status::SpecError(
          "derivations.csv: age_band_upper must start at or above age_band_lower");
    }
    codes.age_band_lower_ = *lower;
    codes.age_band_upper_ = std::move(upper).value();
    for (std::string_view list : breakdowns) {
      if (list == "age_band_lower" || list == "age_band_upper") continue;
      for (std::string& code : lists.Codes(list)) codes.lists_[std::string(list)].insert(code);
    }
  }
  for (std::string_view list : kCodeLists) {
    for (std::string& code : lists.Codes(list)) codes.lists_[std::string(list)].insert(code);
  }
  return codes;
}

bool DeriveCodes::In(std::string_view list, std::string_view code) const {
  auto it = lists_.find(list);
  return it != lists_.end() && it->second.contains(code);
}

bool DeriveCodes::IsUnregisteredPractice(std::string_view gmp_reg) const {
  return In("gp_practice_not_registered", gmp_reg);
}

std::string DeriveCodes::CommissionerGroup(std::string_view commissioner) const {
  if (commissioner.empty() || In("commissioner_missing", commissioner)) {
    return std::string(kMissingCommissioner);
  }
  return std::string(commissioner);
}

std::string DeriveCodes::AgeBand(std::optional<int> age) const {
  if (!age) return std::string(kMissingGroup);
  int64_t from = age_band_lower_;
  for (int64_t upper : age_band_upper_) {
    if (*age >= from && *age <= upper) return std::to_string(from) + "-" + std::to_string(upper);
    from = upper + 1;
  }
  return std::string(kOtherAgeGroup);
}

std::string DeriveCodes::GenderGroup(std::string_view gender,
                                     std::string_view gender_identity) const {
  if (In("gender_identity_used", gender_identity)) return std::string(gender_identity);
  return gender.empty() ? std::string(kMissingGroup) : std::string(gender);
}

std::string DeriveCodes::EthnicityGroup(std::string_view ethnic_category) const {
  if (ethnic_category.empty()) return std::string(kMissingGroup);
  if (In("ethnicity_not_known", ethnic_category)) return std::string(kEthnicityNotKnown);
  return std::string(ethnic_category);
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
