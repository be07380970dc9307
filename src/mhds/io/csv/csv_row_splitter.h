// RowSplitter: the inner loop of CsvReader. Finds one CSV row and its fields in a byte range,
// checking every byte (quoting, NUL, UTF-8) on the way. It knows nothing of files: the reader owns
// the buffer, asks for more bytes when a row runs past its end, and turns errors into messages with
// a file, line and column.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/io/csv/special_byte_scanner.h"

namespace mhds::io {

class RowSplitter {
 public:
  // Bytes after the end of the range that must be readable (their values do not matter).
  static constexpr size_t kPadding = SpecialByteScanner::kPadding;

  enum class Step {
    kRow,       // a row was split into the fields
    kBlank,     // an empty line (LF or CRLF alone), to be skipped
    kEnd,       // the range is empty and at_eof: no more rows
    kNeedMore,  // the row runs past `end`: call again with the same `row` and more bytes
    kError,     // malformed input: see error_at() and error()
  };

  // Splits the row starting at `row` in [row, end). `at_eof` says that `end` is the end of the
  // file, so a row may end there. On kRow, `fields` holds one view per field: unquoted fields as
  // written, quoted fields without their outer quotes but with any inner "" still doubled (see
  // escaped()). Does not write to the range. When `row` is the next() of the previous call and
  // `end` is unchanged, the scan carries on from where that call stopped (which is faster);
  // call Restart() first if the bytes may have changed since.
  Step Split(const char* row, const char* end, bool at_eof, std::vector<std::string_view>& fields);

  // Forgets the previous call, so the next one scans its range afresh.
  void Restart() { scan_continues_ = false; }

  // After kRow or kBlank: the first byte after the row and its line end, and the number of line
  // breaks (LF) consumed, those inside quoted fields included.
  const char* next() const { return next_; }
  uint64_t line_breaks() const { return line_breaks_; }

  // After kRow: indexes of the fields that are quoted and hold "" to be unescaped.
  const std::vector<size_t>& escaped() const { return escaped_; }

  // After kError: where the fault is, and "what was found; what was expected".
  const char* error_at() const { return error_at_; }
  const std::string& error() const { return error_; }

 private:
  // A CR, quote, NUL, other control or non-ASCII byte at `p` in the field starting at *field:
  // the outcome if it ends the row (or is an error), nullopt if the row goes on (from a new
  // *field after a quoted value).
  std::optional<Step> OnRareByte(const char* p, const char** field,
                                 std::vector<std::string_view>& fields);
  Step EndRow(std::vector<std::string_view>& fields, const char* field, const char* line_end,
              const char* next);
  // After a closing quote at `close`: the comma or line end that must follow it. *next_field is
  // where the next field starts, or null if the row ended.
  Step AfterClosingQuote(const char* close, const char** next_field);
  // From just after the opening quote at `open`, finds the closing quote.
  Step FindClosingQuote(const char* open, const char** close, bool* has_escape);
  // Checks the run of non-ASCII bytes starting at `p`; *after is the first ASCII byte after it.
  Step CheckUtf8(const char* p, const char** after);
  // Checks that the CR at `cr` is followed by LF.
  Step CheckCrLf(const char* cr);
  Step Fail(const char* where, std::string what);

  SpecialByteScanner scanner_;
  bool scan_continues_ = false;  // scanner_ has returned every special byte before next_
  const char* row_ = nullptr;
  const char* end_ = nullptr;
  bool at_eof_ = false;

  const char* next_ = nullptr;
  uint64_t line_breaks_ = 0;
  std::vector<size_t> escaped_;
  const char* error_at_ = nullptr;
  std::string error_;
};

}  // namespace mhds::io
