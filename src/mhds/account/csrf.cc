#include "mhds/account/csrf.h"

#include "mhds/account/secrets.h"

namespace mhds::account {

namespace {
// Names the purpose, so a CSRF token is never equal to any other value derived from the session.
constexpr std::string_view kCsrfPurpose = "mhds form token v1";
}  // namespace

std::string CsrfToken(std::string_view session_token) {
  return HmacSha256Hex(session_token, kCsrfPurpose);
}

bool CheckCsrfToken(std::string_view session_token, std::string_view presented) {
  if (session_token.empty()) return false;
  return ConstantTimeEquals(CsrfToken(session_token), presented);
}

}  // namespace mhds::account
