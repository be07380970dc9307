// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP, HMAC-SHA1), as authenticator apps
// implement them: 6 digits, 30-second steps, secrets shown as base32 in an otpauth:// URI.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mhds::account {

constexpr int kTotpDigits = 6;
constexpr int64_t kTotpStepSeconds = 30;

// HOTP value of `key` at `counter`, `digits` long with leading zeros (RFC 4226 section 5.3).
// REQUIRES: 1 <= digits <= 9.
std::string Hotp(std::string_view key, uint64_t counter, int digits = kTotpDigits);

// The TOTP step that contains Unix time `unix_seconds`.
uint64_t TotpStep(int64_t unix_seconds);

// TOTP code of `key` at `unix_seconds`.
std::string TotpCode(std::string_view key, int64_t unix_seconds, int digits = kTotpDigits);

// The step in [step(now) - window, step(now) + window] whose code equals `code`, if any; compared
// in constant time. Callers must also refuse a step already used (replay).
std::optional<uint64_t> MatchTotp(std::string_view key, std::string_view code, int64_t unix_seconds,
                                  int window = 1);

// A new random 20-byte key (160 bits, RFC 4226's recommended length).
std::string NewTotpKey();

// RFC 4648 base32 without padding, as authenticator apps expect; decoding ignores case, spaces
// and padding and returns nullopt for any other character.
std::string Base32Encode(std::string_view bytes);
std::optional<std::string> Base32Decode(std::string_view text);

// otpauth://totp/ISSUER:ACCOUNT?secret=BASE32&issuer=ISSUER&algorithm=SHA1&digits=6&period=30
// with ISSUER and ACCOUNT percent-encoded.
std::string OtpauthUri(std::string_view issuer, std::string_view account, std::string_view key);

}  // namespace mhds::account
