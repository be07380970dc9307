// The shapes of the landing service's responses: JSON bodies and errors ({"error": "..."}), the
// status code for each authorisation refusal, the security headers every response carries, and
// small-body reading and form decoding for handlers that stream their request bodies.
#pragma once

#include <httplib.h>

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "mhds/account/accounts.h"

namespace mhds::serve {

void SendJson(httplib::Response& res, int status, const nlohmann::json& body);
void SendJsonError(httplib::Response& res, int status, std::string_view message);

// 401, 404 or 403 for a refusal; the same text for every 404, so that a refusal tells nothing of
// what exists.
int HttpStatusFor(account::Denial denial);
inline constexpr char kNotFoundText[] = "not found";

// Content-Security-Policy (no scripts, no external assets, forms only to this site, no framing),
// nosniff, no referrer, no caching. Set on every response.
void SetSecurityHeaders(httplib::Response& res);

// Reads a whole request body of at most `limit` bytes; nullopt when it is longer.
std::optional<std::string> ReadSmallBody(const httplib::ContentReader& reader, size_t limit);

// Reads away a body the handler has refused, so that the client, still sending, gets the answer.
void DrainBody(const httplib::ContentReader& reader);

// Decodes application/x-www-form-urlencoded text (later duplicates win).
std::map<std::string, std::string> ParseForm(std::string_view body);

// Percent-decoding of one component ('+' is a space); malformed escapes stay as they are.
std::string UrlDecode(std::string_view text);

}  // namespace mhds::serve
