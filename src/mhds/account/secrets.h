// Random secrets and their digests: session ids, API tokens, SHA-256 in hex, constant-time
// comparison. Secrets are stored only as SHA-256 digests (they carry 256 random bits, so a plain
// digest cannot be reversed by guessing).
#pragma once

#include <string>
#include <string_view>

namespace mhds::account {

// `bytes` random bytes from the operating system's generator, as lowercase hex.
std::string RandomHex(size_t bytes);

// SHA-256 of `data` as 64 lowercase hex characters.
std::string Sha256Hex(std::string_view data);

// HMAC-SHA256 of `message` under `key`, as 64 lowercase hex characters.
std::string HmacSha256Hex(std::string_view key, std::string_view message);

// Equality of two strings in time that depends only on their lengths.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace mhds::account
