// The codes of the national batch trace files (PDS over MESH): the file and row response codes
// and the match indicators. Their meanings, and which of them mhds uses when, are in
// docs/tracing.md.
#pragma once

#include <string_view>

namespace mhds::trace {

// The workflow id a request header must carry, and the most data records a file may hold.
inline constexpr std::string_view kWorkflowId = "SPINE_MPTPHASE4_TRACE";
inline constexpr size_t kMaxRequestRecords = 500000;

namespace code {
// File-level: the whole file is answered with the code in the response header, and no rows.
inline constexpr std::string_view kSuccess = "00";
inline constexpr std::string_view kParseError = "01";
inline constexpr std::string_view kInvalidReference = "02";
inline constexpr std::string_view kInvalidWorkflowId = "03";
inline constexpr std::string_view kCountMismatch = "04";
// An accepted file could not be traced to the end (out of memory, an internal fault): answered
// with no rows rather than with some.
inline constexpr std::string_view kUnexpectedError = "05";
inline constexpr std::string_view kTooManyRecords = "06";
inline constexpr std::string_view kFileNameMismatch = "07";
inline constexpr std::string_view kUniqueReferenceError = "08";
inline constexpr std::string_view kInvalidTimestamp = "09";
// Field-level: the row is answered with the code and not traced.
inline constexpr std::string_view kRequiredFieldMissing = "10";
inline constexpr std::string_view kFieldTooLong = "11";
inline constexpr std::string_view kInvalidGender = "12";
inline constexpr std::string_view kInvalidFormat = "13";
// The demographic index could not be opened or read: the file is answered with this code and no
// rows (used at file level; see docs/tracing.md).
inline constexpr std::string_view kDatastoreError = "14";
// A well-formed row with enough data that could not be searched: every blocking key it gave was
// over the block cap, so no one was compared.
inline constexpr std::string_view kNoTracePerformed = "15";
inline constexpr std::string_view kNotEnoughFields = "16";
inline constexpr std::string_view kTooManyFields = "17";
// Trace outcomes.
inline constexpr std::string_view kSuperseded = "90";
inline constexpr std::string_view kInvalidNumber = "91";
inline constexpr std::string_view kSensitive = "92";
inline constexpr std::string_view kNotEnoughData = "96";
inline constexpr std::string_view kMultipleMatches = "97";
}  // namespace code

// MATCHED_ALGORITHM_INDICATOR: which kind of trace answered the row.
enum class Indicator {
  kNoTrace = 0,       // the row was not traced (a field error, not enough data)
  kCrossCheck = 1,    // NHS Number with date of birth
  kAlphanumeric = 3,  // exact or relaxed demographic search
  kAlgorithmic = 4,   // scored (probabilistic) comparison
};

}  // namespace mhds::trace
