#include "mhds/govern/internal/json_fields.h"

namespace mhds::govern::internal {

Result<std::string> RequiredString(const nlohmann::json& object, const char* key,
                                   const std::string& where) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_string() ||
      object[key].get<std::string>().empty()) {
    return Status::InvalidArgument(where + ": field '" + key +
                                   "' is missing or empty (expected a string)");
  }
  return object[key].get<std::string>();
}

Result<std::string> OptionalString(const nlohmann::json& object, const char* key,
                                   const std::string& where) {
  if (!object.is_object() || !object.contains(key) || object[key].is_null()) return std::string();
  if (!object[key].is_string()) {
    return Status::InvalidArgument(where + ": field '" + key + "' must be a string");
  }
  return object[key].get<std::string>();
}

Result<std::optional<bool>> OptionalBool(const nlohmann::json& object, const char* key,
                                         const std::string& where) {
  if (!object.is_object() || !object.contains(key) || object[key].is_null()) {
    return std::optional<bool>();
  }
  if (!object[key].is_boolean()) {
    return Status::InvalidArgument(where + ": field '" + key + "' must be true or false");
  }
  return std::optional<bool>(object[key].get<bool>());
}

}  // namespace mhds::govern::internal
