#include "mhds/serve/findings_comparison.h"

#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <unordered_map>

#include "mhds/base/status_macros.h"
#include "mhds/io/csv/csv_reader.h"

namespace mhds::serve {
namespace {

// What matches a finding with one of the other submission, kept as 16 bytes of the SHA-256 of
// its rule code, table, keys (or message) and item: the memory held per finding is this digest
// and two counts, however long the finding's text. A chance collision needs some 2^64 findings.
using Identity = std::array<unsigned char, 16>;

struct IdentityHash {
  size_t operator()(const Identity& id) const {
    size_t h;
    std::memcpy(&h, id.data(), sizeof h);
    return h;
  }
};

// Per identity: earlier findings not yet matched by a later one, and those matched.
struct IdentityCounts {
  int64_t unmatched = 0;
  int64_t matched = 0;
};
using IdentityTable = std::unordered_map<Identity, IdentityCounts, IdentityHash>;

struct StreamedFinding {
  std::string_view code, severity;
  ComparedFinding shown;  // filled only when kept as an example
  Identity identity{};
};

// Reads a findings file row by row (io::CsvReader holds about one chunk, never the file), calling
// `each(finding, fields)` with the identity computed; `each` fills `shown` when it keeps one.
class FindingsStream {
 public:
  static Result<FindingsStream> Open(const std::filesystem::path& path) {
    FindingsStream stream;
    MHDS_ASSIGN_OR_RETURN(stream.reader_, io::CsvReader::Open(path.string()));
    const char* const names[] = {"code", "severity", "table", "keys", "item", "value", "message"};
    const auto& columns = stream.reader_->columns();
    for (size_t i = 0; i < 7; ++i) {
      auto it = std::find(columns.begin(), columns.end(), names[i]);
      if (it == columns.end()) {
        return Status::DataError(path.string() + " has no column '" + names[i] +
                                 "': it is not a findings file");
      }
      stream.column_[i] = static_cast<size_t>(it - columns.begin());
    }
    return stream;
  }

  // The next finding, or false at the end (check status()).
  bool Next(StreamedFinding& f) {
    if (!reader_->Next(fields_)) return false;
    f.code = Field(0);
    f.severity = Field(1);
    std::string_view keys = Field(3);
    // '\x1f' (unit separator) cannot occur in a CSV field the reports write.
    key_.clear();
    for (std::string_view part : {f.code, Field(2), keys.empty() ? Field(6) : keys, Field(4)}) {
      key_.append(part);
      key_.push_back('\x1f');
    }
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(key_.data()), key_.size(), digest);
    std::memcpy(f.identity.data(), digest, f.identity.size());
    return true;
  }

  ComparedFinding Shown() const {
    return {std::string(Field(2)), std::string(Field(3)), std::string(Field(4)),
            std::string(Field(5)), std::string(Field(6))};
  }

  const Status& status() const { return reader_->status(); }

 private:
  std::string_view Field(size_t i) const {
    return column_[i] < fields_.size() ? fields_[column_[i]] : std::string_view();
  }

  std::unique_ptr<io::CsvReader> reader_;
  size_t column_[7] = {};
  std::vector<std::string_view> fields_;
  std::string key_;
};

RuleComparison& RuleFor(std::map<std::string, RuleComparison, std::less<>>& rules,
                        const StreamedFinding& f) {
  auto it = rules.find(f.code);
  if (it == rules.end()) {
    it = rules.emplace(std::string(f.code), RuleComparison{}).first;
    it->second.code = std::string(f.code);
    it->second.severity = std::string(f.severity);
  }
  return it->second;
}

}  // namespace

Result<FindingsComparison> CompareFindings(const std::filesystem::path& before,
                                           const std::filesystem::path& after) {
  // Three passes over the files, holding only the identities: the earlier findings counted, the
  // later ones matched against them in file order, then the earlier ones again (in file order,
  // the first of an identity are those matched, the rest were fixed).
  IdentityTable table;
  std::map<std::string, RuleComparison, std::less<>> rules;
  StreamedFinding f;
  {
    MHDS_ASSIGN_OR_RETURN(FindingsStream earlier, FindingsStream::Open(before));
    while (earlier.Next(f)) {
      ++table[f.identity].unmatched;
      ++RuleFor(rules, f).before;
    }
    MHDS_RETURN_IF_ERROR(earlier.status());
  }
  {
    MHDS_ASSIGN_OR_RETURN(FindingsStream later, FindingsStream::Open(after));
    while (later.Next(f)) {
      RuleComparison& rule = RuleFor(rules, f);
      ++rule.after;
      auto left = table.find(f.identity);
      if (left != table.end() && left->second.unmatched > 0) {
        --left->second.unmatched;
        ++left->second.matched;
        ++rule.unchanged;
      } else {
        ++rule.added;
        if (rule.added_examples.size() < kComparisonExamples) {
          rule.added_examples.push_back(later.Shown());
        }
      }
    }
    MHDS_RETURN_IF_ERROR(later.status());
  }
  {
    MHDS_ASSIGN_OR_RETURN(FindingsStream earlier, FindingsStream::Open(before));
    while (earlier.Next(f)) {
      IdentityCounts& counts = table[f.identity];
      if (counts.matched > 0) {
        --counts.matched;
        continue;
      }
      RuleComparison& rule = RuleFor(rules, f);
      ++rule.fixed;
      if (rule.fixed_examples.size() < kComparisonExamples) {
        rule.fixed_examples.push_back(earlier.Shown());
      }
    }
    MHDS_RETURN_IF_ERROR(earlier.status());
  }
  FindingsComparison comparison;
  for (auto& [code, rule] : rules) {
    comparison.fixed += rule.fixed;
    comparison.added += rule.added;
    comparison.unchanged += rule.unchanged;
    comparison.rules.push_back(std::move(rule));
  }
  return comparison;
}

}  // namespace mhds::serve
