// CSRF protection for forms. A form token is derived from the session token with HMAC-SHA256, so
// only someone holding the session cookie (the browser, and the server that receives it) can
// produce it, and the server stores nothing extra. Pages put CsrfToken(session) in a hidden field;
// every state-changing POST is checked with CheckCsrfToken before it runs.
#pragma once

#include <string>
#include <string_view>

namespace mhds::account {

// 64 lowercase hex characters.
std::string CsrfToken(std::string_view session_token);

// Constant-time comparison of `presented` with CsrfToken(session_token). False for an empty
// session token.
bool CheckCsrfToken(std::string_view session_token, std::string_view presented);

}  // namespace mhds::account
