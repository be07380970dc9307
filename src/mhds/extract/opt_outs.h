// The national data opt-out list an operator loads: the NHS Numbers of people whose confidential
// data must not leave the provider for purposes beyond their care. docs/extracts.md gives the
// file's format.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "mhds/base/result.h"

namespace mhds::extract {

struct OptOutList {
  std::set<std::string, std::less<>> nhs_numbers;  // 10 digits each
  std::string sha256;  // of the file as read, for the extract's manifest; empty when no file

  bool contains(std::string_view nhs_number) const { return nhs_numbers.contains(nhs_number); }
};

// Parses the list: one NHS Number a line (spaces inside it are ignored, so "943 476 5919" reads
// as 9434765919), blank lines and lines starting with '#' skipped. kDataError naming
// `name`:line:column for a line that is not ten digits. The list itself is never logged.
Result<OptOutList> ParseOptOuts(std::string_view text, const std::string& name);

// Reads and parses the file at `path`. kNotFound if it cannot be opened.
Result<OptOutList> ReadOptOuts(const std::string& path);

}  // namespace mhds::extract
