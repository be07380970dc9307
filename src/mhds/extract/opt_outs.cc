#include "mhds/extract/opt_outs.h"

#include <fstream>
#include <sstream>

#include "mhds/account/secrets.h"

namespace mhds::extract {

Result<OptOutList> ParseOptOuts(std::string_view text, const std::string& name) {
  OptOutList list;
  uint64_t line_number = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string digits;
    size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') continue;
    for (size_t i = 0; i < line.size(); ++i) {
      char c = line[i];
      if (c == ' ' || c == '\t') continue;
      if (c < '0' || c > '9' || digits.size() == 10) {
        return Status::DataError(name + ":" + std::to_string(line_number) + ":" +
                                 std::to_string(i + 1) +
                                 ": expected an NHS Number of ten digits on each line of the "
                                 "opt-out list; found another character or more digits");
      }
      digits += c;
    }
    if (digits.size() != 10) {
      return Status::DataError(name + ":" + std::to_string(line_number) +
                               ":1: expected an NHS Number of ten digits; found " +
                               std::to_string(digits.size()) + " digits");
    }
    list.nhs_numbers.insert(std::move(digits));
  }
  list.sha256 = account::Sha256Hex(text);
  return list;
}

Result<OptOutList> ReadOptOuts(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read the opt-out list " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return ParseOptOuts(text.str(), path);
}

}  // namespace mhds::extract
