// The front door of derive/: the figures NHS England derives after the submission deadline,
// computed from one validated submission the moment it is validated. It covers the IPS measures of
// MHSDS v6.0 (metrics.md Part 1A), from one month's file alone (here) or against the history of
// earlier months kept in the store (history_store.h, ips_history.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/derive/ips_measures.h"
#include "mhds/io/table_source.h"
#include "mhds/spec/spec.h"
#include "mhds/validate/validator.h"

namespace mhds::derive {

struct IpsMonth {
  std::string provider;  // MHS000Header.OrgIDProvider
  ReportingMonth month;
  uint64_t rows_left_out = 0;  // rows the validation rejected, none of which is counted
  uint64_t referrals_read = 0;
  uint64_t cohort_size = 0;
  uint64_t cohort_by_team_type = 0;  // of the cohort, found through a D05 team
  uint64_t cohort_by_procedure_only = 0;
  // The provider row first, then one per team, then the breakdown rows (commissioner, age band,
  // gender, ethnicity; each by group).
  std::vector<IpsFigures> figures;
  // Submissions the figures were counted from: 1 for a file alone, else this month's and those of
  // the earlier months of the provider in the store.
  size_t months_read = 1;
  // Where the figures looked for earlier contacts, for people ("this submission only", or the
  // store's months), and a caveat to print with them.
  std::string history = "this submission only";
  std::string note =
      "AccessedFirstTimeEver, Caseload, the waiting bands and the financial year look at this "
      "submission only: a referral's first direct contact is the first one in this file.";
};

// Derives the month's IPS figures from the rows of `source` that `validation` accepted.
// `validation` must be the result of validating this `source` against this `spec`.
// "First ever" and the financial year look no further back than this file. Codes come from the
// spec folder's derivations.csv (kNotFound when it has none).
// kInvalidArgument if the file was rejected (a rejected file gives no figures) or the validation
// found no reporting period; kSpecError if `spec` is not an MHSDS version with the v6.0 team tables
// (MHS902); the reader's kDataError if a table cannot be read again.
Result<IpsMonth> DeriveIpsMonth(const spec::Spec& spec, io::TableSource& source,
                                const validate::ValidationResult& validation);

}  // namespace mhds::derive
