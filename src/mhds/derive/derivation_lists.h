// One spec folder's derivations.csv, the single format of every setting a derivation reads (the
// IPS codes of MHSDS, the Talking Therapies codes and thresholds of IAPT): columns
// list,code,meaning,source, one code per row, a list of several codes on several rows. Which lists
// a measure set needs, and whether a list holds codes, a number or a date, is its reader's
// business (derive_codes.h, tt_settings.h); this only reads the file and answers with positioned
// errors (docs/metrics.md "Settings").
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/base/result.h"

namespace mhds::derive {

// The file name, in every version folder that defines derivations.
inline constexpr std::string_view kDerivationsFile = "derivations.csv";

class DerivationLists {
 public:
  // Reads `folder`/derivations.csv. kNotFound when it is missing; kSpecError naming
  // file:line:column when it is not CSV, lacks the list or code column, or has a blank list or
  // code.
  static Result<DerivationLists> ReadFolder(const std::filesystem::path& folder);
  // The same from text; `name` is used in messages.
  static Result<DerivationLists> Parse(std::string_view text, const std::string& name);

  // The code of the `measure_set` list ("ips", "talking_therapies"), "" when there is none.
  std::string MeasureSet() const;

  // kSpecError naming file:line:column of the first row of a list that is neither `required` nor
  // `optional` (`expected` lists what is allowed, for the message), or naming a required list
  // that is missing.
  Status Check(const std::vector<std::string_view>& required,
               const std::vector<std::string_view>& optional, std::string_view expected) const;

  bool Has(std::string_view list) const { return lists_.contains(list); }
  // The codes of a list, in file order (none for an absent list).
  std::vector<std::string> Codes(std::string_view list) const;
  // A list of exactly one whole non-negative number. kSpecError naming file:line:column
  // otherwise (or the file, for an absent list).
  Result<int64_t> Number(std::string_view list) const;
  // A list of exactly `count` whole non-negative numbers, each above the one before.
  Result<std::vector<int64_t>> RisingNumbers(std::string_view list, size_t count) const;
  // A list of exactly one date CCYY-MM-DD, as days since 1970-01-01.
  Result<int64_t> Date(std::string_view list) const;

 private:
  struct Entry {
    std::string code;
    uint64_t line = 0;
  };

  // "file:line:column: " of an entry's code.
  std::string CodeAt(const Entry& e) const;
  Result<const Entry*> Single(std::string_view list) const;

  std::string name_;
  int list_column_ = 1;  // 1-based, for messages
  int code_column_ = 2;
  std::map<std::string, std::vector<Entry>, std::less<>> lists_;
};

}  // namespace mhds::derive
