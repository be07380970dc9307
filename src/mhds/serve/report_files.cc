#include "mhds/serve/report_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>
#include <vector>

#include "mhds/report/report_files.h"

namespace mhds::serve {
namespace {

constexpr size_t kChunkBytes = 64 * 1024;

std::string ContentType(std::string_view name) {
  if (name.ends_with(".html")) return "text/html; charset=utf-8";
  if (name.ends_with(".json")) return "application/json";
  return "text/csv; charset=utf-8";
}

}  // namespace

bool IsReportFile(std::string_view name) {
  for (std::string_view file : report::kReportFiles) {
    if (file == name) return true;
  }
  return false;
}

account::Action ActionForReportFile(std::string_view name) {
  return name == report::kHtmlReportFile || name == report::kJsonReportFile
             ? account::Action::kViewReport
             : account::Action::kDownload;
}

bool ReportReady(const ServicePaths& paths, int64_t submission_id) {
  std::error_code ec;
  return std::filesystem::is_regular_file(
      paths.report_dir(submission_id) / std::string(report::kJsonReportFile), ec);
}

bool SendReportFile(const ServicePaths& paths, int64_t submission_id, std::string_view name,
                    httplib::Response& res) {
  std::filesystem::path path = paths.report_dir(submission_id) / std::string(name);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    ::close(fd);
    return false;
  }
  // The descriptor lives as long as the provider: httplib may call it after this returns.
  auto file = std::shared_ptr<int>(new int(fd), [](int* f) {
    ::close(*f);
    delete f;
  });
  res.status = 200;
  if (!name.ends_with(".html") && !name.ends_with(".json")) {
    res.set_header("Content-Disposition", "attachment; filename=\"submission-" +
                                              std::to_string(submission_id) + "-" +
                                              std::string(name) + "\"");
  }
  res.set_content_provider(static_cast<size_t>(info.st_size), ContentType(name),
                           [file](size_t offset, size_t length, httplib::DataSink& sink) {
                             std::vector<char> buffer(std::min(length, kChunkBytes));
                             ssize_t n = ::pread(*file, buffer.data(), buffer.size(),
                                                 static_cast<off_t>(offset));
                             if (n <= 0) return false;
                             return sink.write(buffer.data(), static_cast<size_t>(n));
                           });
  return true;
}

}  // namespace mhds::serve
