#include "mhds/account/roles.h"

#include <array>
#include <utility>

namespace mhds::account {

namespace {

constexpr std::array<std::pair<OrgRole, std::string_view>, 3> kOrgRoles = {{
    {OrgRole::kProvider, "provider"},
    {OrgRole::kSubmitter, "submitter"},
    {OrgRole::kCommissioner, "commissioner"},
}};
constexpr std::array<std::pair<UserRole, std::string_view>, 4> kUserRoles = {{
    {UserRole::kSubmitter, "submitter"},
    {UserRole::kViewer, "viewer"},
    {UserRole::kSiro, "siro"},
    {UserRole::kOperator, "operator"},
}};
constexpr std::array<std::pair<Action, std::string_view>, 6> kActions = {{
    {Action::kUpload, "upload"},
    {Action::kViewStatus, "view_status"},
    {Action::kViewReport, "view_report"},
    {Action::kDownload, "download"},
    {Action::kManageAccess, "manage_access"},
    {Action::kAdminister, "administer"},
}};

template <typename E, size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "unknown";
}

template <typename E, size_t N>
std::optional<E> Parse(const std::array<std::pair<E, std::string_view>, N>& table,
                       std::string_view name) {
  for (const auto& [v, n] : table) {
    if (n == name) return v;
  }
  return std::nullopt;
}

}  // namespace

std::string_view OrgRoleName(OrgRole role) { return NameOf(kOrgRoles, role); }
std::string_view UserRoleName(UserRole role) { return NameOf(kUserRoles, role); }
std::string_view ActionName(Action action) { return NameOf(kActions, action); }
std::optional<OrgRole> ParseOrgRole(std::string_view name) { return Parse(kOrgRoles, name); }
std::optional<UserRole> ParseUserRole(std::string_view name) { return Parse(kUserRoles, name); }
std::optional<Action> ParseAction(std::string_view name) { return Parse(kActions, name); }

bool RolePermits(UserRole role, Action action) {
  switch (role) {
    case UserRole::kSubmitter:
      return action == Action::kUpload || action == Action::kViewStatus ||
             action == Action::kViewReport || action == Action::kDownload;
    case UserRole::kViewer:
      return action == Action::kViewStatus || action == Action::kViewReport ||
             action == Action::kDownload;
    case UserRole::kSiro:
      return action == Action::kViewStatus || action == Action::kViewReport ||
             action == Action::kManageAccess;
    case UserRole::kOperator:
      return action == Action::kAdminister;
  }
  return false;
}

}  // namespace mhds::account
