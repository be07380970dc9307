// Person_ID: the pseudonymised person of the national post-deadline processing, here a keyed
// HMAC-SHA256 of the NHS Number. The key is a secret file the operator holds (`--person-key`);
// it is never written to the store, an output or a log, so the store alone cannot be turned back
// into NHS Numbers, and two stores keyed alike give the same Person_ID for the same person.
#pragma once

#include <string>
#include <string_view>

#include "mhds/base/result.h"

namespace mhds::derive {

// At least this many bytes of key (after a trailing newline is dropped).
constexpr size_t kMinPersonKeyBytes = 32;

class PersonKey {
 public:
  // Reads the key file. kNotFound if missing; kInvalidArgument if it holds fewer than
  // kMinPersonKeyBytes bytes. The message never contains the key.
  static Result<PersonKey> ReadFile(const std::string& path);
  // A key from bytes (tests). kInvalidArgument when too short.
  static Result<PersonKey> FromBytes(std::string key);

  // Lowercase hex HMAC-SHA256 of the NHS Number with spaces removed; "" for a blank number (a
  // person without one gets no Person_ID).
  std::string PersonId(std::string_view nhs_number) const;

 private:
  explicit PersonKey(std::string key) : key_(std::move(key)) {}
  std::string key_;
};

}  // namespace mhds::derive
