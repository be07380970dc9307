// Receiving a submission over HTTP. The checks run before any byte is stored: the sender may
// upload to the organisation and data set, the reporting month is well formed, and a submission
// window for that month is open today (if not, the answer names the next one). Then the body is
// streamed to disk (upload_file.h), the submission and its validation job are recorded together,
// the upload is audited and a worker is woken.
//
// Two ways in: the API's raw body (POST /api/v1/orgs/{ods}/datasets/{ds}/submissions?period=...)
// and the web page's multipart form, whose fields must come before the file.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "mhds/serve/service.h"
#include "mhds/serve/submission_calendar.h"
#include "mhds/serve/submissions.h"

namespace mhds::serve {

struct UploadTarget {
  std::string org;      // ODS code from the path
  std::string dataset;  // from the path
  std::string period;   // CCYY-MM
  bool test = false;
  std::string csrf;  // the form's token, for cookie-authenticated requests
};

struct UploadOutcome {
  int http_status = 500;
  std::string error;                     // when refused
  nlohmann::json error_extra;            // e.g. {"next_window": {...}}
  std::optional<Submission> submission;  // when stored (http_status 202)
};

// Reads an upload whose body is the file itself.
UploadOutcome ReceiveRawUpload(Service& service, const httplib::Request& req,
                               const httplib::ContentReader& reader, UploadTarget target);

// Reads a multipart/form-data upload: fields period, test ("1" or "on" for a test submission),
// csrf, then the file part named "file".
UploadOutcome ReceiveFormUpload(Service& service, const httplib::Request& req,
                                const httplib::ContentReader& reader, std::string org,
                                std::string dataset);

// The JSON form of a window, as in `mhds windows --json`.
nlohmann::json WindowJson(const Window& window);

}  // namespace mhds::serve
