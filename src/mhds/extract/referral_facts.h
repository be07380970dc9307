// What one submission says about each of its referrals, rejected rows included: the facts the
// reconciliation needs to explain why NHS England's IPS derivation does or does not count a
// referral (team types, other teams, contacts with their attendance, mechanism and IPS
// procedures, and the finding that rejected each row).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/io/table_source.h"
#include "mhds/spec/spec.h"
#include "mhds/validate/validator.h"

namespace mhds::extract {

struct ContactFacts {
  std::string id;
  std::string date_text;  // as submitted
  std::optional<int64_t> date;
  std::string attend;
  std::string mechanism;
  bool ips_procedure = false;  // an MHS202 row of the contact carries an IPS procedure
  uint64_t line = 0;
  validate::FindingId rejection = validate::kNoFinding;  // the first finding rejecting the row
};

struct TeamFacts {
  std::string id;
  std::string type;  // ServTeamTypeMH of the team in MHS902, "" when not described
};

struct ReferralFacts {
  std::string id;
  TeamFacts team;
  std::vector<TeamFacts> other_teams;  // MHS102 rows
  std::optional<int64_t> received;
  uint64_t line = 0;
  validate::FindingId rejection = validate::kNoFinding;
  std::vector<ContactFacts> contacts;  // by date, then id
};

class ReferralFactsIndex {
 public:
  // Reads MHS902, MHS101, MHS102, MHS201 and MHS202 of `source`, every row, noting which ones
  // `validation` rejected. Read errors of a table as they come.
  static Result<ReferralFactsIndex> Read(const spec::Spec& spec, io::TableSource& source,
                                         const validate::ValidationResult& validation);

  const ReferralFacts* Find(std::string_view id) const;

 private:
  std::map<std::string, ReferralFacts, std::less<>> referrals_;
};

}  // namespace mhds::extract
