#include "mhds/serve/server.h"

#include <charconv>

#include "mhds/base/status_macros.h"
#include "mhds/serve/governance_routes.h"
#include "mhds/serve/responses.h"
#include "mhds/serve/routes.h"

namespace mhds::serve {

Result<ListenAddress> ParseListenAddress(std::string_view text) {
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    return Status::InvalidArgument("--listen '" + std::string(text) + "' is not HOST:PORT");
  }
  ListenAddress address;
  if (colon > 0) address.host = std::string(text.substr(0, colon));
  std::string_view port = text.substr(colon + 1);
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), address.port);
  if (ec != std::errc() || end != port.data() + port.size() || address.port < 0 ||
      address.port > 65535) {
    return Status::InvalidArgument("--listen '" + std::string(text) +
                                   "': the port must be a number from 0 to 65535");
  }
  return address;
}

Result<std::unique_ptr<Server>> Server::Create(ServiceOptions options, ListenAddress address) {
  std::unique_ptr<Server> server(new Server());
  MHDS_ASSIGN_OR_RETURN(server->service_, Service::Create(std::move(options)));
  bool tls = !address.tls_cert.empty() || !address.tls_key.empty();
  if (tls) {
    auto https =
        std::make_unique<httplib::SSLServer>(address.tls_cert.c_str(), address.tls_key.c_str());
    if (!https->is_valid()) {
      return Status::InvalidArgument("cannot use the TLS certificate " + address.tls_cert +
                                     " with the key " + address.tls_key);
    }
    server->http_ = std::move(https);
  } else {
    server->http_ = std::make_unique<httplib::Server>();
  }
  httplib::Server& http = *server->http_;
  Service& service = *server->service_;
  http.set_payload_max_length(static_cast<size_t>(service.options().max_upload_bytes));
  http.set_post_routing_handler([tls](const httplib::Request&, httplib::Response& res) {
    SetSecurityHeaders(res);
    if (tls) res.set_header("Strict-Transport-Security", "max-age=31536000");
  });
  http.set_exception_handler(
      [&service](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown exception";
        try {
          std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        service.Log("error: " + req.method + " " + req.path + ": " + what);
        SendJsonError(res, 500, "internal error");
      });
  http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) {
      SendJsonError(res, res.status, res.status == 404 ? kNotFoundText : "request refused");
    }
  });
  RegisterApiRoutes(http, service);
  RegisterWebRoutes(http, service);
  RegisterAccessApiRoutes(http, service);
  RegisterAccessWebRoutes(http, service);
  RegisterGovernanceRoutes(http, service);
  if (address.port == 0) {
    server->port_ = http.bind_to_any_port(address.host);
  } else if (http.bind_to_port(address.host, address.port)) {
    server->port_ = address.port;
  } else {
    server->port_ = -1;
  }
  if (server->port_ <= 0) {
    return Status::IoError("cannot listen on " + address.host + ":" + std::to_string(address.port));
  }
  return server;
}

Server::~Server() { Stop(); }

Status Server::Run() {
  service_->StartWorkers();
  if (!http_->listen_after_bind())
    return Status::IoError("the HTTP listener stopped with an error");
  return Status::Ok();
}

void Server::Stop() {
  if (http_) http_->stop();
  if (service_) service_->StopWorkers();
}

}  // namespace mhds::serve
