#include "mhds/base/status.h"

namespace mhds {

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  std::string m(context);
  m += ": ";
  m += message_;
  return {code_, std::move(m)};
}

std::string Status::ToString() const {
  const char* name = "ok";
  switch (code_) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidArgument:
      name = "invalid argument";
      break;
    case StatusCode::kNotFound:
      name = "not found";
      break;
    case StatusCode::kDataError:
      name = "unreadable input";
      break;
    case StatusCode::kSpecError:
      name = "specification error";
      break;
    case StatusCode::kIoError:
      name = "i/o error";
      break;
    case StatusCode::kInternal:
      name = "internal error";
      break;
  }
  return std::string(name) + ": " + message_;
}

int ExitCodeFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk:
      return 0;
    case StatusCode::kInvalidArgument:
      return 64;
    case StatusCode::kDataError:
      return 65;
    case StatusCode::kSpecError:
      return 65;
    case StatusCode::kNotFound:
      return 66;
    case StatusCode::kInternal:
      return 70;
    case StatusCode::kIoError:
      return 74;
  }
  return 70;
}

}  // namespace mhds
