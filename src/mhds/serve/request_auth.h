// How a request proves who sent it: an API token in "Authorization: Bearer mhds_..." (scripts),
// or the session cookie set at sign-in (browsers). Cookie-authenticated requests that change
// anything must also carry the session's CSRF token (account/csrf.h), in the X-CSRF-Token header
// or a form field named "csrf"; token-authenticated ones need not (no browser sends a token on its
// own).
#pragma once

#include <httplib.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "mhds/account/accounts.h"

namespace mhds::serve {

inline constexpr char kSessionCookie[] = "mhds_session";
inline constexpr char kCsrfHeader[] = "X-CSRF-Token";
inline constexpr char kCsrfField[] = "csrf";

// The credential presented, or nullopt.
std::optional<account::Credential> CredentialOf(const httplib::Request& req);

// Set-Cookie values: the session (HttpOnly, Secure, SameSite=Strict, Path=/) and its removal.
std::string SessionCookie(std::string_view token, int64_t max_age_seconds);
std::string ClearedSessionCookie();

// True when the request may change state: a token credential, or a session credential with the
// right CSRF token in the header or in `form_token`.
bool CsrfOk(const httplib::Request& req, const account::Credential& credential,
            std::string_view form_token = {});

// The session token of a cookie credential ("" for a token credential), for CsrfToken().
std::string SessionSecret(const std::optional<account::Credential>& credential);

}  // namespace mhds::serve
