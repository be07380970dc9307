// Status: the outcome of an operation that can fail (a file that cannot be opened, a spec folder
// that is broken). A malformed submission is not a failed operation: it produces findings, which
// are data (see validate/finding.h). Modelled on leveldb's Status: ok() is cheap, errors carry a
// code and a message with the position and context a person needs to fix the cause.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace mhds {

// The codes, and when to choose each. They map onto the CLI's documented exit codes.
enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // the caller asked for something impossible (bad option, bad period); exit 64
  kNotFound,         // an input path or table does not exist; exit 66
  kDataError,        // input exists but cannot be read as what it claims to be; exit 65
  kSpecError,        // a specification folder is inconsistent; exit 65
  kIoError,          // the operating system refused (permissions, disk full); exit 74
  kInternal,         // a bug in mhds; exit 70
};

class Status {
 public:
  // An OK status.
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }
  static Status InvalidArgument(std::string m) {
    return {StatusCode::kInvalidArgument, std::move(m)};
  }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status DataError(std::string m) { return {StatusCode::kDataError, std::move(m)}; }
  static Status SpecError(std::string m) { return {StatusCode::kSpecError, std::move(m)}; }
  static Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // Returns a copy whose message is prefixed by `context` ("while reading MHS101Referral.csv:
  // ...").
  Status WithContext(std::string_view context) const;

  // "ok" or "<code name>: <message>".
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// The CLI exit code documented for a status (0 for OK).
int ExitCodeFor(const Status& status);

}  // namespace mhds
