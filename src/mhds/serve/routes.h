// The landing service's endpoints, registered on an httplib::Server: the JSON API under /api/v1
// (docs/api.md) and the web pages for people. Every endpoint that names an organisation and data
// set asks account::Accounts::Authorise first, and answers 404 "not found" to anyone without
// access there, whether or not the organisation, data set or submission exists.
#pragma once

#include <httplib.h>

#include "mhds/serve/service.h"

namespace mhds::serve {

void RegisterApiRoutes(httplib::Server& server, Service& service);
void RegisterWebRoutes(httplib::Server& server, Service& service);
// Access requests, grants and API tokens (access_api.cc, access_web.cc).
void RegisterAccessApiRoutes(httplib::Server& server, Service& service);
void RegisterAccessWebRoutes(httplib::Server& server, Service& service);

}  // namespace mhds::serve
