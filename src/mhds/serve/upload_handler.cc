#include "mhds/serve/upload_handler.h"

#include "mhds/account/audit_log.h"
#include "mhds/base/calendar.h"
#include "mhds/serve/csv_zip.h"
#include "mhds/serve/request_auth.h"
#include "mhds/serve/responses.h"
#include "mhds/serve/upload_file.h"

namespace mhds::serve {
namespace {

constexpr size_t kMaxFieldBytes = 256;

struct Admission {
  UploadOutcome refusal;  // http_status 0 when admitted
  account::Principal principal;
  Window window;
};

Admission Refuse(int status, std::string error) {
  Admission a;
  a.refusal.http_status = status;
  a.refusal.error = std::move(error);
  return a;
}

// Everything that can be decided before the body is read.
Admission Admit(Service& service, const httplib::Request& req, const UploadTarget& target) {
  auto credential = CredentialOf(req);
  if (!credential) return Refuse(401, "sign in or present an API token");
  auto db = service.pool().Acquire();
  if (!db.ok()) return Refuse(503, "the store is unavailable; try again shortly");
  account::Accounts accounts = service.AccountsOn(**db);
  auto decision =
      accounts.Authorise(*credential, target.org, target.dataset, account::Action::kUpload);
  if (!decision.ok()) return Refuse(503, "the store is unavailable; try again shortly");
  if (!decision->allowed()) {
    return Refuse(HttpStatusFor(decision->denial), decision->denial == account::Denial::kNotFound
                                                       ? kNotFoundText
                                                       : decision->reason);
  }
  if (!CsrfOk(req, *credential, target.csrf)) {
    return Refuse(403, "the form has expired or did not come from this site; reload the page");
  }
  auto period = ParseMonth(target.period);
  if (!period) return Refuse(400, "period '" + target.period + "' is not a month CCYY-MM");
  const SubmissionCalendar* calendar = service.Calendar(target.dataset);
  if (calendar == nullptr)
    return Refuse(409, "no submission windows are set for " + target.dataset);
  auto window = calendar->Accepting(*period, service.Today());
  if (!window) {
    Admission closed =
        Refuse(409, "no " + target.dataset + " submission window for " + target.period +
                        " is open on " + FormatDate(service.Today()));
    auto next = calendar->NextFor(*period, service.Today());
    if (next) {
      closed.refusal.error += "; the next opens on " + FormatDate(next->opens);
      closed.refusal.error_extra["next_window"] = WindowJson(*next);
    } else {
      closed.refusal.error += "; no later window takes that month";
    }
    return closed;
  }
  Admission admitted;
  admitted.refusal.http_status = 0;
  admitted.principal = decision->principal;
  admitted.window = *window;
  return admitted;
}

// Records a stored upload: the submission with its job, and the audit entry.
UploadOutcome Record(Service& service, const Admission& admission, const UploadTarget& target,
                     UploadFile& file) {
  UploadOutcome outcome;
  UploadFormat format = file.format();
  if (format == UploadFormat::kZip) {
    // Only the central directory here; the worker unpacks, counting every byte.
    auto listing = InspectCsvZip(file.temp_path(), ZipLimits{});
    if (!listing.ok()) {
      bool refused = listing.status().code() == StatusCode::kDataError;
      if (!refused) service.Log("upload: " + listing.status().message());
      outcome.http_status = refused ? 422 : 507;
      outcome.error =
          refused ? listing.status().message() : "the upload could not be stored; try again later";
      return outcome;
    }
  }
  if (format == UploadFormat::kUnknown) {
    outcome.http_status = 415;
    outcome.error =
        "the upload is neither a SQLite IDB, an Access IDB (.mdb, .accdb) nor a zip of "
        "CSV files";
    return outcome;
  }
  auto stored = file.Commit();
  if (!stored.ok()) {
    service.Log("upload: " + stored.status().message());
    outcome.http_status = 507;
    outcome.error = "the upload could not be stored; try again later";
    return outcome;
  }
  Submission s;
  s.org = target.org;
  s.dataset = target.dataset;
  s.version = admission.window.version;
  s.period = target.period;
  s.test = target.test;
  s.window_kind = admission.window.kind;
  s.submission_number = admission.window.submission_number;
  s.sha256 = stored->sha256;
  s.bytes = static_cast<int64_t>(stored->bytes);
  s.format = std::string(UploadFormatName(stored->format));
  s.file_name = stored->path.filename().string();
  s.uploaded_by = admission.principal.user_id;
  s.uploaded_at = service.Now();
  auto db = service.pool().Acquire();
  if (!db.ok()) {
    outcome.http_status = 503;
    outcome.error = "the store is unavailable; try again shortly";
    return outcome;
  }
  auto id = InsertSubmission(**db, s, service.Now());
  if (!id.ok()) {
    service.Log("upload: cannot record the submission: " + id.status().message());
    outcome.http_status = 503;
    outcome.error = "the upload could not be recorded; try again shortly";
    return outcome;
  }
  s.id = *id;
  account::AuditRecord audit;
  audit.event = account::audit_event::kUpload;
  audit.at = s.uploaded_at;
  audit.user_id = admission.principal.user_id;
  audit.actor = admission.principal.username;
  audit.org = s.org;
  audit.dataset = s.dataset;
  audit.detail = "submission " + std::to_string(s.id) + " period " + s.period +
                 (s.test ? " test" : " live") + " sha256 " + s.sha256;
  if (Status st = account::AppendAudit(**db, audit); !st.ok()) {
    service.Log("upload: cannot audit submission " + std::to_string(s.id) + ": " + st.message());
  }
  service.NotifyWorkers();
  outcome.http_status = 202;
  outcome.submission = std::move(s);
  return outcome;
}

bool IsTrue(std::string_view value) { return value == "1" || value == "true" || value == "on"; }

}  // namespace

nlohmann::json WindowJson(const Window& w) {
  return {{"data_set", w.data_set},
          {"version", w.version},
          {"period", FormatMonth(w.period)},
          {"kind", w.kind},
          {"submission_number", w.submission_number},
          {"opens", FormatDate(w.opens)},
          {"closes", FormatDate(w.closes)}};
}

UploadOutcome ReceiveRawUpload(Service& service, const httplib::Request& req,
                               const httplib::ContentReader& reader, UploadTarget target) {
  target.period = req.get_param_value("period");
  target.test = IsTrue(req.get_param_value("test"));
  Admission admission = Admit(service, req, target);
  if (admission.refusal.http_status != 0) {
    DrainBody(reader);
    return std::move(admission.refusal);
  }
  auto file = UploadFile::Create(service.paths().uploads());
  if (!file.ok()) {
    DrainBody(reader);
    service.Log("upload: " + file.status().message());
    return {507, "the upload could not be stored; try again later", {}, std::nullopt};
  }
  Status write_status;
  bool read = reader([&](const char* data, size_t length) {
    write_status = file->Append(std::string_view(data, length));
    return write_status.ok();
  });
  if (!write_status.ok()) {
    service.Log("upload: " + write_status.message());
    return {507, "the upload could not be stored; try again later", {}, std::nullopt};
  }
  if (!read) return {400, "the upload was cut short", {}, std::nullopt};
  return Record(service, admission, target, *file);
}

UploadOutcome ReceiveFormUpload(Service& service, const httplib::Request& req,
                                const httplib::ContentReader& reader, std::string org,
                                std::string dataset) {
  UploadTarget target;
  target.org = std::move(org);
  target.dataset = std::move(dataset);
  std::map<std::string, std::string> fields;
  std::string part;  // the name of the part being read
  bool in_file = false;
  bool file_seen = false;
  Admission admission = Refuse(400, "the form has no file part named 'file'");
  std::optional<UploadFile> file;
  Status write_status;
  bool read = reader(
      [&](const httplib::MultipartFormData& header) {
        part = header.name;
        in_file = part == "file" && !file_seen;
        if (!in_file) return true;
        file_seen = true;
        target.period = fields["period"];
        target.test = IsTrue(fields["test"]);
        target.csrf = fields[kCsrfField];
        admission = Admit(service, req, target);
        if (admission.refusal.http_status != 0) return true;  // the rest is read and dropped
        auto created = UploadFile::Create(service.paths().uploads());
        if (!created.ok()) {
          service.Log("upload: " + created.status().message());
          admission = Refuse(507, "the upload could not be stored; try again later");
          return true;
        }
        file.emplace(std::move(created).value());
        return true;
      },
      [&](const char* data, size_t length) {
        if (in_file) {
          if (file && write_status.ok()) write_status = file->Append({data, length});
          return true;
        }
        std::string& value = fields[part];
        if (value.size() + length <= kMaxFieldBytes) value.append(data, length);
        return true;
      });
  if (admission.refusal.http_status != 0) return std::move(admission.refusal);
  if (!write_status.ok()) {
    service.Log("upload: " + write_status.message());
    return {507, "the upload could not be stored; try again later", {}, std::nullopt};
  }
  if (!read || !file) return {400, "the upload was cut short", {}, std::nullopt};
  return Record(service, admission, target, *file);
}

}  // namespace mhds::serve
