// Password hashing with Argon2id (libsodium crypto_pwhash_str): the stored string carries its own
// salt and cost parameters, so costs can rise later without breaking older hashes.
#pragma once

#include <string>
#include <string_view>

#include "mhds/base/result.h"

namespace mhds::account {

// Cost of a new hash. kInteractive (64 MiB, 2 passes) suits sign-in on a server; kTest is the
// library's minimum, for tests only.
enum class PasswordCost { kInteractive, kModerate, kTest };

// An encoded Argon2id hash ("$argon2id$v=19$m=...") of `password`. kInternal when the library
// fails (out of memory).
Result<std::string> HashPassword(std::string_view password,
                                 PasswordCost cost = PasswordCost::kInteractive);

// Whether `password` matches `encoded_hash`; false for a malformed hash.
bool VerifyPassword(std::string_view encoded_hash, std::string_view password);

}  // namespace mhds::account
