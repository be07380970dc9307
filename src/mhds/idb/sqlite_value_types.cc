#include "mhds/idb/sqlite_value_types.h"

#include <charconv>

namespace mhds::idb {

SqliteColumnKind ColumnKindFor(const spec::Item* item) {
  if (item == nullptr) return SqliteColumnKind::kText;
  switch (item->type) {
    case spec::ValueType::kInteger:
    case spec::ValueType::kDecimal:
      return SqliteColumnKind::kNumber;
    default:
      return SqliteColumnKind::kText;
  }
}

std::string_view DeclaredType(SqliteColumnKind kind) {
  return kind == SqliteColumnKind::kNumber ? "ANY" : "TEXT";
}

std::optional<int64_t> CanonicalInteger(std::string_view text) {
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '-') digits.remove_prefix(1);
  if (digits.empty() || (digits.front() == '0' && (digits.size() > 1 || text.size() > 1))) {
    return std::nullopt;
  }
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace mhds::idb
