#include "mhds/account/sealed_totp_key.h"

#include <sodium.h>

#include <fstream>
#include <sstream>

namespace mhds::account {
namespace {

constexpr std::string_view kSealedPrefix = "sealed1:";

std::string ToHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 0xf];
  }
  return out;
}

std::optional<std::string> ParseHex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

}  // namespace

std::string StoreTotpKey(std::string_view key, std::string_view seal_key) {
  if (seal_key.size() != kTotpSealKeyBytes || sodium_init() < 0) return ToHex(key);
  std::string box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + key.size(), '\0');
  auto* out = reinterpret_cast<unsigned char*>(box.data());
  randombytes_buf(out, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(key.data()), key.size(), out,
                        reinterpret_cast<const unsigned char*>(seal_key.data()));
  return std::string(kSealedPrefix) + ToHex(box);
}

std::optional<std::string> OpenTotpKey(std::string_view stored, std::string_view seal_key) {
  if (!stored.starts_with(kSealedPrefix)) return ParseHex(stored);
  if (seal_key.size() != kTotpSealKeyBytes || sodium_init() < 0) return std::nullopt;
  auto box = ParseHex(stored.substr(kSealedPrefix.size()));
  if (!box || box->size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    return std::nullopt;
  }
  const auto* in = reinterpret_cast<const unsigned char*>(box->data());
  std::string key(box->size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(key.data()),
                                 in + crypto_secretbox_NONCEBYTES,
                                 box->size() - crypto_secretbox_NONCEBYTES, in,
                                 reinterpret_cast<const unsigned char*>(seal_key.data())) != 0) {
    return std::nullopt;
  }
  return key;
}

Result<std::string> ReadTotpSealKey(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read the TOTP sealing key " + path.string());
  std::stringstream content;
  content << in.rdbuf();
  std::string text = content.str();
  if (text.size() == kTotpSealKeyBytes) return text;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (text.size() == 2 * kTotpSealKeyBytes) {
    if (auto key = ParseHex(text)) return *key;
  }
  return Status::InvalidArgument("the TOTP sealing key " + path.string() +
                                 " must hold 32 raw bytes or 64 hex characters (make one with: "
                                 "head -c 32 /dev/urandom > FILE)");
}

}  // namespace mhds::account
