#include "mhds/serve/submission_json.h"

#include "mhds/base/calendar.h"
#include "mhds/report/report_files.h"
#include "mhds/serve/report_files.h"

namespace mhds::serve {

std::string SubmissionApiPath(const Submission& s) {
  return "/api/v1/orgs/" + s.org + "/datasets/" + s.dataset + "/submissions/" +
         std::to_string(s.id);
}

nlohmann::json SubmissionJson(const Submission& s, const ServicePaths& paths) {
  nlohmann::json j = {
      {"id", s.id},
      {"org", s.org},
      {"dataset", s.dataset},
      {"version", s.version},
      {"period", s.period},
      {"test", s.test},
      {"window", {{"kind", s.window_kind}, {"submission_number", s.submission_number}}},
      {"sha256", s.sha256},
      {"bytes", s.bytes},
      {"format", s.format},
      {"uploaded_at", FormatDateTime(s.uploaded_at) + "Z"},
      {"status", SubmissionStatusName(s.status)},
      {"rows_received", s.rows_received},
      {"rows_rejected", s.rows_rejected},
      {"findings", s.findings},
      {"validated_at",
       s.validated_at ? nlohmann::json(FormatDateTime(*s.validated_at) + "Z") : nlohmann::json()},
      {"message", s.message},
      {"counts", s.counts},
      {"superseded", s.superseded},
      {"url", SubmissionApiPath(s)},
  };
  if (ReportReady(paths, s.id)) {
    nlohmann::json files = nlohmann::json::object();
    for (std::string_view name : report::kReportFiles) {
      files[std::string(name)] = SubmissionApiPath(s) + "/files/" + std::string(name);
    }
    j["report"] = files;
  } else {
    j["report"] = nullptr;
  }
  return j;
}

}  // namespace mhds::serve
