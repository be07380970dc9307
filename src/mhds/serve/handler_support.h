// What the landing service's request handlers share beyond the response shapes of responses.h:
// answering with a page or a redirect, leasing a store connection (or answering 503 in the
// handler's own language, JSON or a page), and the viewer a page is rendered for.
#pragma once

#include <httplib.h>

#include <optional>
#include <string>

#include "mhds/account/accounts.h"
#include "mhds/serve/access_check.h"
#include "mhds/serve/service.h"
#include "mhds/serve/web_pages.h"
#include "mhds/store/pool.h"

namespace mhds::serve {

void SendHtml(httplib::Response& res, int status, std::string html);

// 303 to `to`: how every form post of the web pages answers once it has done its work.
void SeeOther(httplib::Response& res, const std::string& to);

enum class AnswerAs { kJson, kPage };

// A connection from the pool, or nullopt once a 503 has been answered (and the reason logged).
std::optional<store::Pool::Lease> LeaseOr503(Service& service, httplib::Response& res,
                                             AnswerAs answer);

// The signed-in person a page is rendered for, with the CSRF token of their session.
PageViewer PageViewerFor(const httplib::Request& req, const account::Principal& who);

// Answers a refused page request: to the sign-in page when not signed in, else an error page.
void RefusePage(httplib::Response& res, const AccessCheck& check, const PageViewer& viewer = {});

}  // namespace mhds::serve
