// The codes the derivations look for, read from the spec folder's derivations.csv (format in
// docs/metrics.md): the IPS team type and procedures, the attendance and consultation mechanism
// codes of a direct contact, the contact media, the employment status groups and the cohort's
// earliest referral date. They are data of a data set version, so none of them is written in C++.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/derive/contact_flags.h"
#include "mhds/derive/derivation_lists.h"
#include "mhds/spec/spec.h"

namespace mhds::derive {

enum class EmploymentGroup { kEmployed, kNotEmployed, kUnknown, kNone };

class DeriveCodes {
 public:
  // Reads `spec.folder`/derivations.csv. kNotFound when the version has none, or names another
  // measure set (IPS derivations are not defined for it); kSpecError naming file, line and column
  // for a malformed row, an unknown list or a list that is missing.
  static Result<DeriveCodes> Load(const spec::Spec& spec);
  // Parses the text of a derivations.csv; `name` is used in messages.
  static Result<DeriveCodes> Parse(std::string_view text, const std::string& name);
  // The codes of lists already read: every IPS list present, `measure_set` allowed.
  static Result<DeriveCodes> FromLists(const DerivationLists& lists);

  bool IsIpsTeamType(std::string_view team_type) const;
  // The procedure's focus concept (FocusConcept) is an IPS procedure.
  bool IsIpsProcedure(std::string_view procedure) const;
  // Attended by a direct mechanism.
  bool IsDirectContact(std::string_view attend_status, std::string_view mechanism) const;
  ContactMedium MediumOf(std::string_view mechanism) const;
  // kNone for a blank or unlisted status.
  EmploymentGroup EmploymentOf(std::string_view employ_status) const;
  // Days since 1970-01-01 of the earliest referral received date in the IPS cohort.
  int64_t cohort_start() const { return cohort_start_; }

  // The breakdowns (metrics.md A.6 grain), when the folder has their lists: without them, none.
  bool has_breakdowns() const { return !age_band_upper_.empty(); }
  // A GMPReg that names no practice (not registered, not applicable, not known).
  bool IsUnregisteredPractice(std::string_view gmp_reg) const;
  // The commissioner group of a derived commissioner code: the code, or "Missing / Invalid".
  std::string CommissionerGroup(std::string_view commissioner) const;
  // "16-25", ..., "other" outside the bands, "missing" without an age.
  std::string AgeBand(std::optional<int> age) const;
  // Der_Gender: GenderIDCode when it is a listed identity code, else Gender; "missing" if blank.
  std::string GenderGroup(std::string_view gender, std::string_view gender_identity) const;
  // EthnicCategory, "Not known" for the listed codes, "missing" if blank.
  std::string EthnicityGroup(std::string_view ethnic_category) const;

 private:
  bool In(std::string_view list, std::string_view code) const;

  std::map<std::string, std::set<std::string, std::less<>>, std::less<>> lists_;
  int64_t cohort_start_ = 0;
  int64_t age_band_lower_ = 0;
  std::vector<int64_t> age_band_upper_;  // rising; empty without breakdowns
};

}  // namespace mhds::derive
