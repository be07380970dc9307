// The HTML of the landing service's pages, rendered on the server with report::Page, so every
// value from the store or a request is escaped. No scripts: forms post to the server, and the
// status page of a submission being validated is served with a Refresh header.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mhds/account/accounts.h"
#include "mhds/report/html_page.h"
#include "mhds/serve/submission_calendar.h"
#include "mhds/serve/submission_comparison.h"
#include "mhds/serve/submissions.h"

namespace mhds::serve {

// Who is looking at a page, for its header (empty username: signed out).
struct PageViewer {
  std::string username;
  std::string org;
  std::string csrf;  // for the sign-out form
};

// Opens `page` with the service's style and header (who is signed in, links to their access
// and API tokens, a sign-out button) and `title` as its heading: for every page of the service.
void OpenServicePage(report::Page& page, std::string_view title, const PageViewer& viewer);

std::string SignInPage(std::string_view error);

struct HomeLink {
  std::string org;
  std::string dataset;
  std::string role;
};
std::string HomePage(const PageViewer& viewer, const std::vector<HomeLink>& links);

struct DatasetView {
  std::string org;
  std::string dataset;
  std::vector<Window> open;    // windows open today
  std::optional<Window> next;  // the next to open
  std::vector<Submission> history;
  bool can_upload = false;
};
std::string DatasetPage(const PageViewer& viewer, const DatasetView& view);

// Serve it with "Refresh: 5" while the submission is received or validating. `can_compare`: an
// earlier submission of the month has a report, so the page links to the comparison.
std::string SubmissionPage(const PageViewer& viewer, const Submission& s, bool report_ready,
                           bool can_compare = false);

// What a resubmission changed: findings fixed, new and unchanged per rule code.
std::string ComparisonPage(const PageViewer& viewer, const SubmissionComparison& comparison);

std::string ErrorPage(const PageViewer& viewer, int status, std::string_view message);

// /orgs/{org}/{dataset} and /orgs/{org}/{dataset}/submissions/{id}
std::string DatasetPath(std::string_view org, std::string_view dataset);
std::string SubmissionPath(const Submission& s);

}  // namespace mhds::serve
