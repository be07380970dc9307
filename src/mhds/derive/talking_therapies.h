// The Talking Therapies (IAPT v2.0, v2.1) key measures of one validated submission, computed the
// moment it is validated (metrics.md Part 1B). As in NHS England's scripts, the pathways counted
// are the referrals of the month's file; their earlier contacts and scores (first treatment,
// first paired scores) come from the accepted files of earlier months, given beside it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/derive/ips_measures.h"
#include "mhds/derive/tt_measures.h"
#include "mhds/derive/tt_records.h"
#include "mhds/derive/tt_settings.h"
#include "mhds/io/table_source.h"
#include "mhds/spec/spec.h"
#include "mhds/validate/validator.h"

namespace mhds::derive {

struct TtMonth {
  std::string provider;  // IDS000Header.OrgIDProv
  ReportingMonth month;
  uint64_t rows_left_out = 0;  // rows the validation rejected, none of which is counted
  uint64_t earlier_files = 0;  // earlier months' files whose contacts were read
  uint64_t pathways_read = 0;
  uint64_t contacts_read = 0;
  uint64_t scores_read = 0;
  uint64_t scores_unreadable = 0;
  std::vector<TtFigures> figures;  // provider row first, then one per commissioner
};

// True when `spec` is a Talking Therapies version (its derivations.csv has measure_set
// talking_therapies).
bool IsTalkingTherapiesSpec(const spec::Spec& spec);
// True when `folder` is a Talking Therapies version folder; false for "".
bool IsTalkingTherapiesFolder(const std::filesystem::path& folder);

// An earlier month's file and the result of validating it against its own version's spec.
struct TtEarlierFile {
  const spec::Spec* spec = nullptr;
  io::TableSource* source = nullptr;
  const validate::ValidationResult* validation = nullptr;
};

// Counts the month's figures from its records and those of earlier months (any order, one per
// month, each before `month`). kInvalidArgument if an earlier record is not of an earlier month or
// two are of one month. `earlier_files` of the result is the number of earlier months.
Result<TtMonth> CountTtMonth(const TtSettings& settings, const TtMonthRecords& month,
                             std::vector<const TtMonthRecords*> earlier);

// Derives the month's figures from the rows of `source` that `validation` accepted, with the
// accepted rows of `earlier` files (any order) for the pathways' history; each validation must be
// the result of validating that source against that spec. kInvalidArgument if the month's file was
// rejected or has no reporting period, or an earlier file was rejected as a whole or is not of an
// earlier month; kSpecError if the settings file is missing or wrong, or a spec lacks a table or
// item the measures read; the reader's kDataError if a table cannot be read again.
Result<TtMonth> DeriveTtMonth(const spec::Spec& spec, io::TableSource& source,
                              const validate::ValidationResult& validation,
                              const std::vector<TtEarlierFile>& earlier = {});

}  // namespace mhds::derive
