// The data access governance endpoints of the landing service (docs/api.md, docs/governance.md):
// the JSON API under /api/v1/governance and the pages under /governance. The public release
// register needs no sign-in; everything else needs a governance role (governance_access.h).
#pragma once

#include <httplib.h>

#include "mhds/serve/service.h"

namespace mhds::serve {

// Loads specs/governance/ from the service's specs folder and migrates the governance tables.
// When either fails the reason is logged and every governance endpoint answers 503.
void RegisterGovernanceRoutes(httplib::Server& server, Service& service);

}  // namespace mhds::serve
