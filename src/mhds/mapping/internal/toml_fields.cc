#include "mhds/mapping/internal/toml_fields.h"

#include <algorithm>
#include <sstream>

namespace mhds::mapping {
namespace {

// toml11 parses nested arrays and inline tables recursively, so deep nesting would exhaust the
// stack; no mapping file needs more than a few levels.
constexpr int kMaxNesting = 32;

// The position of the first '[' or '{' nested deeper than kMaxNesting, outside strings and
// comments; nullopt if there is none.
std::optional<Position> TooDeep(std::string_view text) {
  int depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '#') {
      while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
    } else if (c == '"' || c == '\'') {
      // Strings, basic or literal, one-line or multi-line ("""...""" and '''...''').
      const std::string close(text.substr(i, 3) == std::string(3, c) ? 3 : 1, c);
      for (i += close.size(); i < text.size() && text.substr(i, close.size()) != close; ++i) {
        if (c == '"' && text[i] == '\\') ++i;  // an escaped character
      }
      i += close.size() - 1;
    } else if ((c == '[' || c == '{') && ++depth > kMaxNesting) {
      const size_t line_start = text.rfind('\n', i) + 1;  // npos + 1 == 0
      const auto lines = std::count(text.begin(), text.begin() + static_cast<ptrdiff_t>(i), '\n');
      return Position{static_cast<uint32_t>(lines + 1), static_cast<uint32_t>(i - line_start + 1)};
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

// "[error] toml::parse_key_value_pair: missing value ...\n --> f\n ... ^--- expected value" ->
// "missing value ... (expected value)".
std::string SyntaxMessage(const std::string& what) {
  std::string first = what.substr(0, what.find('\n'));
  if (first.rfind("[error] ", 0) == 0) first = first.substr(8);
  if (first.rfind("toml::", 0) == 0 && first.find(": ") != std::string::npos) {
    first = first.substr(first.find(": ") + 2);
  }
  const size_t hint = what.find("^--- ");
  if (hint != std::string::npos) {
    const size_t end = what.find('\n', hint);
    first += " (" + what.substr(hint + 5, end == std::string::npos ? end : end - hint - 5) + ")";
  }
  return "TOML syntax: " + first;
}

// toml11 places some syntax errors at the start of the line; its message's caret line
// (" 3 | output = " then "   |          ^--- expected value") shows the column.
Position SyntaxPosition(const toml::syntax_error& e) {
  Position at{static_cast<uint32_t>(e.location().line()),
              static_cast<uint32_t>(e.location().column())};
  const std::string what = e.what();
  const size_t caret = what.find("^---");
  if (caret == std::string::npos) return at;
  const size_t line_start = what.rfind('\n', caret) + 1;  // npos + 1 == 0
  const size_t bar = what.find('|', line_start);
  if (bar == std::string::npos || bar + 2 > caret) return at;
  at.column = static_cast<uint32_t>(caret - (bar + 2) + 1);
  return at;
}

}  // namespace

Position At(const toml::value& v) {
  const toml::source_location loc = v.location();
  return {static_cast<uint32_t>(loc.line()), static_cast<uint32_t>(loc.column())};
}

std::string TypeName(const toml::value& v) {
  if (v.is_string()) return "a string";
  if (v.is_integer()) return "an integer";
  if (v.is_floating()) return "a number";
  if (v.is_boolean()) return "true or false";
  if (v.is_array()) return "an array";
  if (v.is_table()) return "a table";
  return "a date or time";
}

std::optional<toml::value> ParseToml(const std::string& text, const std::string& name,
                                     MappingProblems& problems) {
  if (auto deep = TooDeep(text)) {
    problems.Add(*deep, "arrays or inline tables nested more than " + std::to_string(kMaxNesting) +
                            " deep; expected a flatter file");
    return std::nullopt;
  }
  std::istringstream in(text);
  try {
    return toml::parse(in, name);
  } catch (const toml::syntax_error& e) {
    problems.Add(SyntaxPosition(e), SyntaxMessage(e.what()));
  } catch (const std::exception& e) {
    problems.Add({1, 1}, std::string("cannot parse the file as TOML: ") + e.what());
  }
  return std::nullopt;
}

void TomlFields::CheckKeys(const toml::value& table, std::string_view what,
                           std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : table.as_table()) {
    bool ok = false;
    for (std::string_view k : known) ok = ok || k == key;
    if (ok) continue;
    std::string list;
    for (std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
    problems_.Add(At(value),
                  std::string(what) + ": unknown key '" + key + "'; expected one of " + list);
  }
}

std::optional<std::string> TomlFields::String(const toml::value& table, const std::string& key,
                                              std::string_view what) {
  if (!table.contains(key)) return std::nullopt;
  const toml::value& v = table.at(key);
  if (!v.is_string()) {
    problems_.Add(At(v), std::string(what) + ": '" + key + "' is " + TypeName(v) +
                             "; expected a string in quotes");
    return std::nullopt;
  }
  return v.as_string().str;
}

std::optional<bool> TomlFields::Bool(const toml::value& table, const std::string& key,
                                     std::string_view what) {
  if (!table.contains(key)) return std::nullopt;
  const toml::value& v = table.at(key);
  if (!v.is_boolean()) {
    problems_.Add(At(v), std::string(what) + ": '" + key + "' is " + TypeName(v) +
                             "; expected true or false");
    return std::nullopt;
  }
  return v.as_boolean();
}

std::optional<int64_t> TomlFields::Integer(const toml::value& table, const std::string& key,
                                           std::string_view what, int64_t min, int64_t max) {
  if (!table.contains(key)) return std::nullopt;
  const toml::value& v = table.at(key);
  if (!v.is_integer() || v.as_integer() < min || v.as_integer() > max) {
    problems_.Add(At(v), std::string(what) + ": '" + key + "' is " + TypeName(v) +
                             (v.is_integer() ? " out of range" : "") +
                             "; expected an integer from " + std::to_string(min) + " to " +
                             std::to_string(max));
    return std::nullopt;
  }
  return v.as_integer();
}

std::vector<std::string> TomlFields::Strings(const toml::value& table, const std::string& key,
                                             std::string_view what) {
  std::vector<std::string> out;
  if (!table.contains(key)) return out;
  const toml::value& v = table.at(key);
  if (!v.is_array()) {
    problems_.Add(At(v), std::string(what) + ": '" + key + "' is " + TypeName(v) +
                             "; expected an array of strings, e.g. [\"A\", \"B\"]");
    return out;
  }
  for (const toml::value& e : v.as_array()) {
    if (!e.is_string()) {
      problems_.Add(At(e), std::string(what) + ": an element of '" + key + "' is " + TypeName(e) +
                               "; expected a string");
      continue;
    }
    out.push_back(e.as_string().str);
  }
  return out;
}

}  // namespace mhds::mapping
