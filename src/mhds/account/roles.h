// The vocabulary of permissions: what an organisation is, what a person may be for an
// organisation and data set, and what a request may do. Names are the lowercase words used in
// the store, the CLI and the API ("provider", "siro", "view_report", ...).
#pragma once

#include <optional>
#include <string_view>

namespace mhds::account {

// What an organisation is to the platform. An organisation may have several.
enum class OrgRole {
  kProvider,      // provides services and submits its own data
  kSubmitter,     // submits on behalf of providers (a region, an ICB, a system supplier)
  kCommissioner,  // commissions services; reads what its providers submit once granted
};

// What a person is for one organisation and data set (a grant). kOperator is not granted per
// organisation: it is a flag on the user (a platform operator).
enum class UserRole {
  kSubmitter,  // uploads submissions and reads their status and reports
  kViewer,     // reads status, history and reports; cannot upload
  kSiro,       // the organisation's Senior Information Risk Owner: approves, refuses and
               // revokes access to the organisation's data; reads status and reports
  kOperator,   // runs the platform: organisations, users, windows; sees no submission data
};

// What a request wants to do with an organisation's data set.
enum class Action {
  kUpload,        // send a submission
  kViewStatus,    // list submissions, their status and history
  kViewReport,    // read a DQ report (page or JSON)
  kDownload,      // download report files (national CSVs, findings)
  kManageAccess,  // see, approve, refuse and revoke access requests and grants
  kAdminister,    // operator work: organisations, users, windows (any organisation)
};

std::string_view OrgRoleName(OrgRole role);
std::string_view UserRoleName(UserRole role);
std::string_view ActionName(Action action);
std::optional<OrgRole> ParseOrgRole(std::string_view name);
std::optional<UserRole> ParseUserRole(std::string_view name);
std::optional<Action> ParseAction(std::string_view name);

// Whether a grant of `role` permits `action` (the authorisation matrix, in one place):
//   submitter: upload, view_status, view_report, download
//   viewer:    view_status, view_report, download
//   siro:      view_status, view_report, manage_access
//   operator:  administer
bool RolePermits(UserRole role, Action action);

}  // namespace mhds::account
