// TOTP keys sealed at rest: with a 32-byte sealing key (`--totp-key FILE`), a user's TOTP key is
// stored as "sealed1:" and the hex of a random nonce followed by the libsodium secretbox
// (XSalsa20-Poly1305) of the key, so that a copy of the store alone cannot mint sign-in codes.
// Without a sealing key, keys are stored as plain hex, as before; plain keys are still read when
// a sealing key is set, so a store can move to sealed keys one reset at a time.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "mhds/base/result.h"

namespace mhds::account {

inline constexpr size_t kTotpSealKeyBytes = 32;

// The stored form of `key`: sealed under `seal_key` when it is not empty, else plain hex.
std::string StoreTotpKey(std::string_view key, std::string_view seal_key);

// The key from its stored form; nullopt when it is malformed, sealed under another key, or sealed
// and no sealing key is given.
std::optional<std::string> OpenTotpKey(std::string_view stored, std::string_view seal_key);

// Reads a sealing key file: 32 raw bytes, or 64 hex characters (a trailing newline allowed).
// kNotFound when missing, kInvalidArgument when of another form.
Result<std::string> ReadTotpSealKey(const std::filesystem::path& path);

}  // namespace mhds::account
