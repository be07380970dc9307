#include "mhds/serve/request_auth.h"

#include "mhds/account/csrf.h"
#include "mhds/base/text.h"

namespace mhds::serve {

std::optional<account::Credential> CredentialOf(const httplib::Request& req) {
  std::string authorization = req.get_header_value("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.size() > kBearer.size() &&
      EqualsIgnoreCase(std::string_view(authorization).substr(0, kBearer.size()), kBearer)) {
    return account::Credential::ApiToken(
        std::string(Trim(std::string_view(authorization).substr(kBearer.size()))));
  }
  // Cookie: a=b; mhds_session=...; c=d
  std::string cookies = req.get_header_value("Cookie");
  for (const std::string& pair : SplitTrimmed(cookies, ';')) {
    size_t eq = pair.find('=');
    if (eq == std::string::npos) continue;
    if (Trim(std::string_view(pair).substr(0, eq)) == kSessionCookie) {
      std::string value(Trim(std::string_view(pair).substr(eq + 1)));
      if (!value.empty()) return account::Credential::Session(std::move(value));
    }
  }
  return std::nullopt;
}

std::string SessionCookie(std::string_view token, int64_t max_age_seconds) {
  return std::string(kSessionCookie) + "=" + std::string(token) +
         "; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=" + std::to_string(max_age_seconds);
}

std::string ClearedSessionCookie() {
  return std::string(kSessionCookie) + "=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0";
}

bool CsrfOk(const httplib::Request& req, const account::Credential& credential,
            std::string_view form_token) {
  if (credential.kind == account::Credential::Kind::kApiToken) return true;
  std::string header = req.get_header_value(kCsrfHeader);
  std::string_view presented = header.empty() ? form_token : std::string_view(header);
  return account::CheckCsrfToken(credential.secret, presented);
}

std::string SessionSecret(const std::optional<account::Credential>& credential) {
  if (!credential || credential->kind != account::Credential::Kind::kSession) return "";
  return credential->secret;
}

}  // namespace mhds::serve
