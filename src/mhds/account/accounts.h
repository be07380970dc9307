// Accounts: organisations, people, sign-in, sessions, API tokens, access requests and the one
// authorisation check the HTTP layer makes for every request. The front door of mhds::account.
//
// The model. An organisation (ODS code) is a provider, a submitter on behalf of providers, a
// commissioner, or several. A user belongs to one home organisation and signs in with a password
// (Argon2id) and a TOTP code; repeated failures lock the account for a while. Access to data is
// granted per user, organisation and data set, with a role (submitter, viewer, SIRO): the user
// asks (an access request: the data user request the SIRO signs), the organisation's SIRO
// approves or refuses, and can revoke. A user may ask for their home organisation, or for a
// provider their home organisation submits for (AddAgency). Operators run the platform and are
// granted SIRO roles and create organisations and users; they see no submission data unless
// granted. A user never learns anything about an organisation they hold no grant for: every such
// question is answered exactly as if the organisation did not exist.
//
// Session ids and API tokens are 256 random bits, given to the caller once and stored only as
// SHA-256 digests. Nothing here logs or audits a password, TOTP key or code, session id or token.
//
// Thread-safety: an Accounts works through one store::Database and, like it, is used by one
// thread at a time. It is cheap to construct: make one per request around a leased connection.
// Times are Unix seconds from options.clock.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/account/password.h"
#include "mhds/account/roles.h"
#include "mhds/base/result.h"
#include "mhds/store/database.h"

namespace mhds::account {

struct AccountOptions {
  int max_failed_sign_ins = 5;                 // consecutive failures that lock an account
  int64_t lockout_seconds = 15 * 60;           // how long a locked account stays locked
  int64_t session_seconds = 8 * 3600;          // a session's lifetime from sign-in
  int64_t api_token_seconds = 90 * 24 * 3600;  // default lifetime of an API token
  int totp_window_steps = 1;                   // accept codes this many 30 s steps early or late
  size_t min_password_length = 12;
  PasswordCost password_cost = PasswordCost::kInteractive;
  std::vector<std::string> datasets = {"mhsds", "iapt"};  // data sets access can be granted to
  std::string totp_issuer = "mhds";                       // shown in authenticator apps
  // 32 bytes: TOTP keys are stored sealed with it (sealed_totp_key.h); plain hex when empty.
  std::string totp_seal_key;
  std::function<int64_t()> clock;  // Unix seconds; the system clock when empty
};

// A grant's data set may be "*": every data set of the organisation.
inline constexpr char kAllDatasets[] = "*";

struct Organisation {
  int64_t id = 0;
  std::string ods_code;  // upper case, e.g. "RX1", "8JK12"
  std::string name;
  std::vector<OrgRole> roles;
};

struct User {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  int64_t org_id = 0;
  std::string org_ods;  // home organisation
  bool is_operator = false;
  bool disabled = false;
};

struct NewUserSpec {
  std::string org_ods;
  std::string username;  // 3-64 of [a-z0-9._@-], stored lower case
  std::string display_name;
  std::string password;  // at least options.min_password_length characters
  bool is_operator = false;
  std::optional<std::string> totp_key;  // raw key bytes; random when empty (set it for demos)
};

// Returned once, when a user is created or their TOTP key is reset: the key is not shown again.
struct NewUser {
  User user;
  std::string totp_key_base32;
  std::string totp_uri;  // otpauth://totp/... for a QR code or manual entry
};

// Who is making a request, once a session or API token has been checked.
struct Principal {
  int64_t user_id = 0;
  std::string username;
  int64_t org_id = 0;
  std::string org_ods;
  bool is_operator = false;
  int64_t session_id = 0;     // set when authenticated by a session
  int64_t token_id = 0;       // set when authenticated by an API token...
  std::string token_org;      // ...which reaches only this organisation (ODS code)
  std::string token_dataset;  // ...and this data set
};

struct Credential {
  enum class Kind { kSession, kApiToken };
  Kind kind = Kind::kSession;
  std::string secret;  // the cookie value or the bearer token
  static Credential Session(std::string s) { return {Kind::kSession, std::move(s)}; }
  static Credential ApiToken(std::string s) { return {Kind::kApiToken, std::move(s)}; }
};

enum class SignInFailure {
  kNone,
  kWrongCredentials,  // unknown user, wrong password or wrong/reused code: never says which
  kLocked,            // too many failures; try after locked_until
};

struct SignInResult {
  SignInFailure failure = SignInFailure::kNone;
  std::string session_token;  // 64 hex characters: the cookie value (only when ok())
  int64_t expires_at = 0;
  int64_t locked_until = 0;  // when failure == kLocked
  Principal principal;
  bool ok() const { return failure == SignInFailure::kNone; }
};

enum class Denial {
  kNone,
  kUnauthenticated,  // no valid session or token (unknown, expired, revoked, user disabled): 401
  kNotFound,         // no such organisation or data set, as far as this user may know: 404
  kForbidden,        // the user has access to this organisation and data set, not this action: 403
};

struct Decision {
  Denial denial = Denial::kNone;
  std::string reason;   // safe to show the user; the same text for every kNotFound
  Principal principal;  // who asked (empty when kUnauthenticated)
  bool allowed() const { return denial == Denial::kNone; }
};

struct Grant {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string username;
  std::string org_ods;
  std::string dataset;  // or kAllDatasets
  UserRole role = UserRole::kViewer;
  int64_t granted_at = 0;
  std::string granted_by;             // username of the SIRO or operator
  std::optional<int64_t> request_id;  // the approved request, if any
};

enum class RequestState { kPending, kApproved, kRefused };
std::string_view RequestStateName(RequestState state);

struct AccessRequest {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string username;
  std::string org_ods;
  std::string dataset;
  UserRole role = UserRole::kViewer;
  std::string purpose;  // why the user needs it (the data user request)
  RequestState state = RequestState::kPending;
  int64_t requested_at = 0;
  std::optional<int64_t> decided_at;
  std::string decided_by;
  std::string decision_note;
};

struct ApiToken {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string org_ods;
  std::string dataset;
  std::string label;
  int64_t created_at = 0;
  int64_t expires_at = 0;
  bool revoked = false;
};

// Returned once by CreateApiToken: the secret is not stored and cannot be shown again.
struct NewApiToken {
  ApiToken token;
  std::string secret;  // "mhds_" + 64 hex characters
};

class Accounts {
 public:
  // Creates or updates the account and audit tables (store component "account"). Call at start.
  static Status Migrate(store::Database& db);

  // `db` must outlive the Accounts and be migrated.
  explicit Accounts(store::Database& db, AccountOptions options = {});

  // --- Operator set-up (trusted callers: the CLI and the service's demo seeding) ---
  // Each is audited. kInvalidArgument for bad input (message says which field and why, and
  // "already exists" for a duplicate ODS code or username); kNotFound for an unknown reference.

  Result<Organisation> CreateOrganisation(std::string_view ods_code, std::string_view name,
                                          const std::vector<OrgRole>& roles);
  Result<Organisation> FindOrganisation(std::string_view ods_code);
  Result<std::vector<Organisation>> ListOrganisations();
  // `agent` (a submitter organisation) may ask for access to `provider`'s data sets.
  Status AddAgency(std::string_view agent_ods, std::string_view provider_ods);

  Result<NewUser> CreateUser(const NewUserSpec& spec);
  Result<User> FindUser(std::string_view username);
  Status SetPassword(std::string_view username, std::string_view password);
  Result<NewUser> ResetTotpKey(std::string_view username);       // new key; old codes stop working
  Status Unlock(std::string_view username);                      // clears failures and lockout
  Status SetDisabled(std::string_view username, bool disabled);  // disabling revokes sessions
  // Grants a role directly (no request), e.g. the first SIRO of an organisation. `granted_by` is
  // recorded (a username or "cli"). kInvalidArgument for kOperator (use NewUserSpec.is_operator).
  Result<Grant> GrantRole(std::string_view username, std::string_view org_ods,
                          std::string_view dataset, UserRole role, std::string_view granted_by);

  // --- Sign-in and sessions ---

  // Password and TOTP code together. `client` (an address) goes into the audit entry. Every
  // attempt is audited. A failure counts towards the lockout; a success resets the count. A code
  // is accepted once (its step is remembered).
  Result<SignInResult> SignIn(std::string_view username, std::string_view password,
                              std::string_view totp_code, std::string_view client = {});
  // Ends the session (idempotent; an unknown token is not an error).
  Status SignOut(std::string_view session_token);
  Status RevokeAllSessions(int64_t user_id);

  // The principal behind a session or token; nullopt when unknown, expired, revoked or the user
  // is disabled.
  Result<std::optional<Principal>> Authenticate(const Credential& credential);

  // --- Authorisation: the check for every request ---

  // May the holder of `credential` do `action` on `org_ods`'s `dataset`? kAdminister ignores
  // org and dataset. An empty `dataset` asks "for at least one data set" (for pages about the
  // organisation as a whole; filter their content with DatasetsPermitted). Store errors are
  // errors; every refusal is a Decision.
  Result<Decision> Authorise(const Credential& credential, std::string_view org_ods,
                             std::string_view dataset, Action action);
  Result<Decision> Authorise(const Principal& principal, std::string_view org_ods,
                             std::string_view dataset, Action action);
  // The data sets of `org_ods` on which the principal may do `action` (empty when none or when
  // the organisation is unknown).
  Result<std::vector<std::string>> DatasetsPermitted(const Principal& principal,
                                                     std::string_view org_ods, Action action);
  // The principal's own grants (their "organisations and data sets" page).
  Result<std::vector<Grant>> GrantsOf(const Principal& principal);
  // Organisations the principal may ask access to: home organisation and its agencies' providers.
  Result<std::vector<Organisation>> RequestableOrganisations(const Principal& principal);

  // --- Access requests, decided by the organisation's SIRO ---
  // kNotFound (the usual text) for an organisation, request or grant the principal may not see;
  // kInvalidArgument for a bad data set or role, or a request already decided.

  Result<AccessRequest> RequestAccess(const Principal& requester, std::string_view org_ods,
                                      std::string_view dataset, UserRole role,
                                      std::string_view purpose);
  // Requests for `org_ods` the SIRO may decide (all states when !pending_only), newest first.
  Result<std::vector<AccessRequest>> ListAccessRequests(const Principal& siro,
                                                        std::string_view org_ods,
                                                        bool pending_only);
  // The requester's own requests, newest first.
  Result<std::vector<AccessRequest>> MyAccessRequests(const Principal& requester);
  // Approving creates the grant. A SIRO may not decide their own request.
  Result<AccessRequest> DecideAccessRequest(const Principal& siro, int64_t request_id, bool approve,
                                            std::string_view note);
  Result<std::vector<Grant>> ListGrants(const Principal& siro, std::string_view org_ods);
  Status RevokeGrant(const Principal& siro, int64_t grant_id, std::string_view note);

  // --- The operator's view: every organisation's requests and grants, read only ---
  // kNotFound (the usual text) unless the principal is an operator signed in (not a token).
  // An empty `org_ods` means every organisation; newest requests first, grants by organisation.
  Result<std::vector<AccessRequest>> AllAccessRequests(const Principal& op,
                                                       std::string_view org_ods, bool pending_only);
  Result<std::vector<Grant>> AllGrants(const Principal& op, std::string_view org_ods);

  // --- API tokens, for scripts ---
  // A token acts for its user on one organisation and data set, and never beyond what the user
  // is granted at the time of use. kNotFound unless the user holds a grant there.
  Result<NewApiToken> CreateApiToken(const Principal& owner, std::string_view org_ods,
                                     std::string_view dataset, std::string_view label,
                                     std::optional<int64_t> lifetime_seconds = std::nullopt);
  Result<std::vector<ApiToken>> ListApiTokens(const Principal& owner);
  Status RevokeApiToken(const Principal& owner, int64_t token_id);

  int64_t Now() const;
  const AccountOptions& options() const { return options_; }

 private:
  store::Database& db_;
  AccountOptions options_;
};

}  // namespace mhds::account
