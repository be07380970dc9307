#include "mhds/serve/handler_support.h"

#include "mhds/account/csrf.h"
#include "mhds/serve/request_auth.h"
#include "mhds/serve/responses.h"

namespace mhds::serve {

void SendHtml(httplib::Response& res, int status, std::string html) {
  res.status = status;
  res.set_content(std::move(html), "text/html; charset=utf-8");
}

void SeeOther(httplib::Response& res, const std::string& to) {
  res.status = 303;
  res.set_header("Location", to);
}

std::optional<store::Pool::Lease> LeaseOr503(Service& service, httplib::Response& res,
                                             AnswerAs answer) {
  auto db = service.pool().Acquire();
  if (!db.ok()) {
    service.Log("store: " + db.status().message());
    if (answer == AnswerAs::kPage) {
      SendHtml(res, 503, ErrorPage({}, 503, "The service is busy; try again shortly."));
    } else {
      SendJsonError(res, 503, "the store is unavailable; try again shortly");
    }
    return std::nullopt;
  }
  return std::move(db).value();
}

PageViewer PageViewerFor(const httplib::Request& req, const account::Principal& who) {
  PageViewer viewer;
  viewer.username = who.username;
  viewer.org = who.org_ods;
  std::string session = SessionSecret(CredentialOf(req));
  if (!session.empty()) viewer.csrf = account::CsrfToken(session);
  return viewer;
}

void RefusePage(httplib::Response& res, const AccessCheck& check, const PageViewer& viewer) {
  if (check.http_status == 401) return SeeOther(res, "/sign-in");
  SendHtml(res, check.http_status, ErrorPage(viewer, check.http_status, check.error));
}

}  // namespace mhds::serve
