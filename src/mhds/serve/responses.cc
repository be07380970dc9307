#include "mhds/serve/responses.h"

namespace mhds::serve {

void SendJson(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n",
                  "application/json");
}

void SendJsonError(httplib::Response& res, int status, std::string_view message) {
  SendJson(res, status, {{"error", message}});
}

int HttpStatusFor(account::Denial denial) {
  switch (denial) {
    case account::Denial::kUnauthenticated:
      return 401;
    case account::Denial::kForbidden:
      return 403;
    case account::Denial::kNotFound:
    case account::Denial::kNone:
      break;
  }
  return 404;
}

void SetSecurityHeaders(httplib::Response& res) {
  res.set_header("Content-Security-Policy",
                 "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                 "frame-ancestors 'none'; base-uri 'none'");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Cache-Control", "no-store");
  res.set_header("Cross-Origin-Opener-Policy", "same-origin");
  res.set_header("Cross-Origin-Resource-Policy", "same-origin");
}

std::optional<std::string> ReadSmallBody(const httplib::ContentReader& reader, size_t limit) {
  std::string body;
  bool too_long = false;
  reader([&](const char* data, size_t length) {
    if (body.size() + length > limit) {
      too_long = true;
      return true;  // keep reading (and dropping) so that the answer reaches the client
    }
    body.append(data, length);
    return true;
  });
  if (too_long) return std::nullopt;
  return body;
}

void DrainBody(const httplib::ContentReader& reader) {
  reader([](const char*, size_t) { return true; });
}

std::string UrlDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::map<std::string, std::string> ParseForm(std::string_view body) {
  std::map<std::string, std::string> form;
  while (!body.empty()) {
    size_t amp = body.find('&');
    std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string key = UrlDecode(pair.substr(0, eq));
    std::string value = eq == std::string_view::npos ? "" : UrlDecode(pair.substr(eq + 1));
    form[std::move(key)] = std::move(value);
  }
  return form;
}

}  // namespace mhds::serve
