// Value and Row: what goes into a statement's placeholders and what comes back. Both engines are
// used through three kinds of value only: NULL, a 64-bit integer and text. Times are stored as
// integer Unix seconds, flags as 0/1, binary data as lowercase hex text, so that one schema works
// on SQLite and PostgreSQL alike.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace mhds::store {

class Value {
 public:
  Value() = default;                                    // NULL
  Value(std::nullptr_t) {}                              // NOLINT: implicit by design
  Value(int v) : data_(int64_t{v}) {}                   // NOLINT
  Value(int64_t v) : data_(v) {}                        // NOLINT
  Value(std::string v) : data_(std::move(v)) {}         // NOLINT
  Value(std::string_view v) : data_(std::string(v)) {}  // NOLINT
  Value(const char* v) : data_(std::string(v)) {}       // NOLINT
  Value(const std::optional<std::string>& v) {          // NOLINT: nullopt is NULL
    if (v) data_ = *v;
  }
  Value(const std::optional<int64_t>& v) {  // NOLINT: nullopt is NULL
    if (v) data_ = *v;
  }

  bool is_null() const { return std::holds_alternative<std::monostate>(data_); }
  bool is_int() const { return std::holds_alternative<int64_t>(data_); }
  bool is_text() const { return std::holds_alternative<std::string>(data_); }

  // The integer, or the text parsed as a decimal integer; nullopt for NULL or text that is not
  // one (PostgreSQL returns every column as text, so integers arrive as "42").
  std::optional<int64_t> AsInt() const;
  // The text, or the integer written in decimal; nullopt for NULL.
  std::optional<std::string> AsText() const;

  bool operator==(const Value&) const = default;

 private:
  std::variant<std::monostate, int64_t, std::string> data_;
};

// One result row; columns in the order of the SELECT list.
class Row {
 public:
  Row() = default;
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}

  size_t size() const { return values_.size(); }
  // REQUIRES: i < size() (an out-of-range column is a programming error).
  const Value& operator[](size_t i) const { return values_[i]; }
  bool IsNull(size_t i) const { return values_[i].is_null(); }
  // Convenience readers: "" and 0 for NULL (use AsText()/AsInt() to tell NULL apart).
  std::string Text(size_t i) const { return values_[i].AsText().value_or(""); }
  int64_t Int(size_t i) const { return values_[i].AsInt().value_or(0); }

 private:
  std::vector<Value> values_;
};

}  // namespace mhds::store
