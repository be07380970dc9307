// The layout of the post-deadline extracts, held as data in a specification folder:
// extract.csv (which tables and items each extract carries, and how derived items are made) and
// extract_settings.csv (how rows link to a person and a commissioner, and which extracts apply the
// national data opt-outs). docs/extracts.md describes both files.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/spec/spec.h"

namespace mhds::extract {

// How one column of an extract is made.
enum class Derivation {
  kCopy,            // the submitted item, as submitted
  kQualify,         // provider code followed by the submitted `source_item`
  kPersonId,        // HMAC-SHA256 of the row's person's NHS Number under the operator's key
  kUniqMonthId,     // the national month number of the reporting period
  kAgeAtPeriodEnd,  // whole years from the date `source_item` of the row's person to the period end
};

struct ExtractColumn {
  std::string name;  // the column's name in CSV and its element name in XML
  Derivation derivation = Derivation::kCopy;
  std::string source_item;  // the submitted item read (kCopy, kQualify, kAgeAtPeriodEnd)
  std::string description;
};

struct ExtractTable {
  int table = -1;  // index into Spec::tables
  std::vector<ExtractColumn> columns;
};

// One kind of extract ("provider", "commissioner").
struct ExtractKind {
  std::string name;
  bool apply_opt_outs = false;
  std::vector<ExtractTable> tables;  // in extract.csv order of first appearance
};

struct ExtractLayout {
  int person_table = -1;
  std::string person_key_item;
  std::string nhs_number_item;
  int referral_table = -1;
  std::string referral_key_item;
  std::string commissioner_item;
  int contact_table = -1;
  std::string contact_key_item;
  std::vector<ExtractKind> kinds;

  const ExtractKind* Find(std::string_view kind) const;
};

// Loads extract.csv and extract_settings.csv from `spec.folder`. kNotFound if the folder has no
// extract.csv (this data set version has no extract layout yet); kSpecError listing every problem
// as "file:line:column: problem" (unknown table, item or derivation, missing setting).
Result<ExtractLayout> LoadExtractLayout(const spec::Spec& spec);

}  // namespace mhds::extract
