#include "mhds/account/totp.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <array>
#include <cassert>
#include <cctype>

#include "mhds/account/secrets.h"

namespace mhds::account {

namespace {
constexpr char kBase32Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr size_t kTotpKeyBytes = 20;
}  // namespace

std::string Hotp(std::string_view key, uint64_t counter, int digits) {
  assert(digits >= 1 && digits <= 9);
  unsigned char message[8];
  for (int i = 7; i >= 0; --i) {  // the counter, big-endian
    message[i] = static_cast<unsigned char>(counter & 0xff);
    counter >>= 8;
  }
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), message, sizeof(message), mac,
       &mac_len);
  // Dynamic truncation (RFC 4226 section 5.3): 31 bits from the offset in the last nibble.
  const int offset = mac[mac_len - 1] & 0x0f;
  const uint32_t binary = (static_cast<uint32_t>(mac[offset] & 0x7f) << 24) |
                          (static_cast<uint32_t>(mac[offset + 1]) << 16) |
                          (static_cast<uint32_t>(mac[offset + 2]) << 8) |
                          static_cast<uint32_t>(mac[offset + 3]);
  uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  std::string code = std::to_string(binary % modulus);
  return std::string(static_cast<size_t>(digits) - code.size(), '0') + code;
}

uint64_t TotpStep(int64_t unix_seconds) {
  return unix_seconds < 0 ? 0 : static_cast<uint64_t>(unix_seconds / kTotpStepSeconds);
}

std::string TotpCode(std::string_view key, int64_t unix_seconds, int digits) {
  return Hotp(key, TotpStep(unix_seconds), digits);
}

std::optional<uint64_t> MatchTotp(std::string_view key, std::string_view code, int64_t unix_seconds,
                                  int window) {
  if (code.size() != static_cast<size_t>(kTotpDigits)) return std::nullopt;
  const uint64_t now = TotpStep(unix_seconds);
  std::optional<uint64_t> match;
  // Every step in the window is computed, so the time taken does not depend on which matched.
  for (int delta = -window; delta <= window; ++delta) {
    if (delta < 0 && now < static_cast<uint64_t>(-delta)) continue;
    const uint64_t step = now + static_cast<uint64_t>(static_cast<int64_t>(delta));
    if (ConstantTimeEquals(Hotp(key, step, kTotpDigits), code) && !match) match = step;
  }
  return match;
}

std::string NewTotpKey() {
  if (sodium_init() < 0) return {};
  std::string key(kTotpKeyBytes, '\0');
  randombytes_buf(key.data(), key.size());
  return key;
}

std::string Base32Encode(std::string_view bytes) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out += kBase32Alphabet[(buffer >> (bits - 5)) & 0x1f];
      bits -= 5;
    }
  }
  if (bits > 0) out += kBase32Alphabet[(buffer << (5 - bits)) & 0x1f];
  return out;
}

std::optional<std::string> Base32Decode(std::string_view text) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char raw : text) {
    if (raw == ' ' || raw == '=' || raw == '-') continue;
    const char c = static_cast<char>(std::toupper(static_cast<unsigned char>(raw)));
    int value;
    if (c >= 'A' && c <= 'Z') {
      value = c - 'A';
    } else if (c >= '2' && c <= '7') {
      value = c - '2' + 26;
    } else {
      return std::nullopt;
    }
    buffer = (buffer << 5) | static_cast<uint32_t>(value);
    bits += 5;
    if (bits >= 8) {
      out += static_cast<char>((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return out;
}

namespace {

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '@') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0f];
    }
  }
  return out;
}

}  // namespace

std::string OtpauthUri(std::string_view issuer, std::string_view account, std::string_view key) {
  const std::string i = PercentEncode(issuer);
  return "otpauth://totp/" + i + ":" + PercentEncode(account) + "?secret=" + Base32Encode(key) +
         "&issuer=" + i + "&algorithm=SHA1&digits=" + std::to_string(kTotpDigits) +
         "&period=" + std::to_string(kTotpStepSeconds);
}

}  // namespace mhds::account
