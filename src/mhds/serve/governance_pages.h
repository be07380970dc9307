// The HTML of the data access governance pages: the applications a person may see, one
// application with its history and the forms for the steps they may take now, and the public
// release register. Rendered with report::Page, so every value is escaped; every form carries
// the session's CSRF token.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mhds/govern/application_view.h"
#include "mhds/govern/ledger.h"
#include "mhds/govern/release_register.h"
#include "mhds/govern/workflow.h"
#include "mhds/serve/governance_access.h"
#include "mhds/serve/web_pages.h"

namespace mhds::serve {

// /governance: the applications, the form for a new one (for applicants), the ledger's state
// (for the data access team).
std::string GovernanceHomePage(const PageViewer& viewer, const GovernanceViewer& who,
                               const std::vector<govern::ApplicationSummary>& applications,
                               const std::optional<govern::LedgerVerification>& ledger);

// /governance/applications/{ref}
std::string ApplicationPage(const PageViewer& viewer, const GovernanceViewer& who,
                            const govern::Workflow& workflow,
                            const govern::ApplicationDetail& application);

// /governance/register?month=YYYY-MM (no sign-in). `error`: why the edition could not be built.
std::string RegisterPage(const PageViewer& viewer, const std::string& month,
                         const govern::ReleaseRegister* reg, const std::string& error);

std::string ApplicationPath(const std::string& reference);

}  // namespace mhds::serve
