// The HTML of the pages about access rather than data: a person's own grants and access requests
// (with the form to ask for more), an organisation's requests and grants for its SIRO to decide
// and revoke (and for operators to read), and a person's API tokens. Every value is escaped;
// every form carries the session's CSRF token.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mhds/account/accounts.h"
#include "mhds/serve/web_pages.h"

namespace mhds::serve {

// /access: what the person holds and has asked for, and the form to ask.
struct MyAccessView {
  std::vector<account::Grant> grants;
  std::vector<account::AccessRequest> requests;
  std::vector<account::Organisation> requestable;  // organisations they may ask access to
  std::vector<std::string> datasets;               // data sets access can be asked for
  std::vector<std::string> siro_orgs;              // organisations whose access they decide (links)
  bool is_operator = false;                        // links to the platform-wide view
  std::string notice;                              // what the last form did, or why it was refused
};
std::string MyAccessPage(const PageViewer& viewer, const MyAccessView& view);

// /access/orgs/{org} for its SIRO (can_decide), and /admin/access for operators (org empty:
// every organisation; read only).
struct OrgAccessView {
  std::string org;
  std::vector<account::AccessRequest> requests;  // newest first, every state
  std::vector<account::Grant> grants;            // current
  bool can_decide = false;
  std::string notice;
};
std::string OrgAccessPage(const PageViewer& viewer, const OrgAccessView& view);

// /tokens: the person's API tokens, the form to create one and, once, a new token's secret.
struct TokenScope {
  std::string org;
  std::string dataset;
};
struct TokensView {
  std::vector<account::ApiToken> tokens;
  std::vector<TokenScope> scopes;  // what a new token may reach: the person's grants
  std::optional<account::NewApiToken> created;
  std::string notice;
};
std::string TokensPage(const PageViewer& viewer, const TokensView& view);

// /access/orgs/{org}
std::string OrgAccessPath(std::string_view org);

}  // namespace mhds::serve
