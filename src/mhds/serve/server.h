// Server: the landing service on one HTTP listener — the API and web pages (routes.h) over a
// Service, with the validation workers of this process. Create() binds the port (0 picks a free
// one, for tests), so port() is known before Run() starts serving.
//
// HTTPS when given a certificate and key (PEM files); otherwise plain HTTP, for loopback or
// behind a TLS-terminating proxy (the session cookie is Secure, which browsers honour over http
// only for localhost).
#pragma once

#include <httplib.h>

#include <memory>
#include <string>

#include "mhds/base/result.h"
#include "mhds/serve/service.h"

namespace mhds::serve {

struct ListenAddress {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string tls_cert;  // PEM certificate chain; HTTPS when set (with tls_key)
  std::string tls_key;   // PEM private key
};

// "HOST:PORT" (HOST may be empty for 127.0.0.1). kInvalidArgument otherwise.
Result<ListenAddress> ParseListenAddress(std::string_view text);

class Server {
 public:
  // Builds the Service (store, migrations, data folder, calendars) and binds. kIoError when the
  // address cannot be bound; kInvalidArgument when the certificate or key cannot be used.
  static Result<std::unique_ptr<Server>> Create(ServiceOptions options, ListenAddress address);
  ~Server();  // Stop()

  int port() const { return port_; }
  Service& service() { return *service_; }

  // Starts the workers and serves until Stop(). Returns when stopped.
  Status Run();
  // Stops accepting requests and the workers (running validations finish first). Thread-safe;
  // idempotent.
  void Stop();

 private:
  Server() = default;
  std::unique_ptr<Service> service_;
  std::unique_ptr<httplib::Server> http_;
  int port_ = 0;
};

}  // namespace mhds::serve
