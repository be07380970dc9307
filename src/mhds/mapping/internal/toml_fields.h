// TomlFields: reading the fields of a TOML table with every type or name problem reported to a
// MappingProblems at the field's position, so that one pass finds them all. ParseToml: the TOML
// text parsed, or its syntax error placed at the right line and column.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <toml.hpp>
#include <vector>

#include "mhds/mapping/internal/mapping_problems.h"

namespace mhds::mapping {

Position At(const toml::value& v);
// "a string", "an integer", ... for messages.
std::string TypeName(const toml::value& v);

// Parses `text`; on a syntax error (or nesting deep enough to exhaust the stack) adds the problem
// and returns nullopt. `name` is the file name toml11 puts in its messages.
std::optional<toml::value> ParseToml(const std::string& text, const std::string& name,
                                     MappingProblems& problems);

class TomlFields {
 public:
  explicit TomlFields(MappingProblems& problems) : problems_(problems) {}

  // Reports keys of `table` that are not in `known`.
  void CheckKeys(const toml::value& table, std::string_view what,
                 std::initializer_list<std::string_view> known);
  // The value at `key` if present and of the type asked; other types are reported.
  std::optional<std::string> String(const toml::value& table, const std::string& key,
                                    std::string_view what);
  std::optional<bool> Bool(const toml::value& table, const std::string& key, std::string_view what);
  std::optional<int64_t> Integer(const toml::value& table, const std::string& key,
                                 std::string_view what, int64_t min, int64_t max);
  std::vector<std::string> Strings(const toml::value& table, const std::string& key,
                                   std::string_view what);

 protected:
  MappingProblems& problems_;
};

}  // namespace mhds::mapping
