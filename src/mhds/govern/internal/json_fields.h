// Reading the governance JSON inputs (organisations, applications) with messages that name the
// field and what was expected.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "mhds/base/result.h"

namespace mhds::govern::internal {

// The string at `key` of `object`; kInvalidArgument "WHERE: field 'KEY' is missing (expected a
// string)" when absent, empty or not a string.
Result<std::string> RequiredString(const nlohmann::json& object, const char* key,
                                   const std::string& where);
// As RequiredString, but "" when absent.
Result<std::string> OptionalString(const nlohmann::json& object, const char* key,
                                   const std::string& where);
// A boolean at `key`; nullopt when absent; kInvalidArgument when not a boolean.
Result<std::optional<bool>> OptionalBool(const nlohmann::json& object, const char* key,
                                         const std::string& where);

}  // namespace mhds::govern::internal
