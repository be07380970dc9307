#include "mhds/derive/person_key.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <fstream>
#include <sstream>

namespace mhds::derive {

Result<PersonKey> PersonKey::ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read the person key file " + path);
  std::stringstream bytes;
  bytes << in.rdbuf();
  std::string key = bytes.str();
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
  auto made = FromBytes(std::move(key));
  if (!made.ok()) return Status::InvalidArgument(path + ": " + made.status().message());
  return made;
}

Result<PersonKey> PersonKey::FromBytes(std::string key) {
  if (key.size() < kMinPersonKeyBytes) {
    return Status::InvalidArgument("the person key holds " + std::to_string(key.size()) +
                                   " bytes; at least " + std::to_string(kMinPersonKeyBytes) +
                                   " are needed (e.g. `head -c 48 /dev/urandom | base64`)");
  }
  return PersonKey(std::move(key));
}

std::string PersonKey::PersonId(std::string_view nhs_number) const {
  std::string number;
  for (char c : nhs_number) {
    if (c != ' ') number.push_back(c);
  }
  if (number.empty()) return "";
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
       reinterpret_cast<const unsigned char*>(number.data()), number.size(), mac, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[mac[i] >> 4]);
    hex.push_back(kHex[mac[i] & 0xf]);
  }
  return hex;
}

}  // namespace mhds::derive
