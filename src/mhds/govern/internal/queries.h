// Lookups shared by the governance steps and their preconditions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "mhds/base/result.h"
#include "mhds/store/database.h"

namespace mhds::govern::internal {

// The application's id, or kNotFound naming the reference.
Result<int64_t> ApplicationId(store::Database& db, const std::string& reference);

struct VersionRef {
  int64_t id = 0;
  int64_t major = 0;
  int64_t minor = 0;
  std::string Label() const { return std::to_string(major) + "." + std::to_string(minor); }
};

// The latest version of an application (nullopt when it has none).
Result<std::optional<VersionRef>> LatestVersion(store::Database& db, int64_t application_id);

// The latest version that carries an agreement, with the agreement's id.
struct AgreedVersion {
  VersionRef version;
  int64_t agreement_id = 0;
  std::string start_date;
  std::string end_date;
};
Result<std::optional<AgreedVersion>> LatestAgreement(store::Database& db, int64_t application_id);

// "YYYY-MM-DD" of a Unix time (UTC).
std::string DayOf(int64_t unix_seconds);

}  // namespace mhds::govern::internal
