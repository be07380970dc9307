#include "mhds/serve/process_tag.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>

namespace mhds::serve {
namespace {

std::string HostName() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return "localhost";
  std::string host;
  for (const char* c = name; *c != '\0'; ++c) {
    bool keep = (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
                *c == '.' || *c == '-';
    host += keep ? *c : '_';
  }
  return host.empty() ? "localhost" : host;
}

}  // namespace

std::string ProcessTag() { return HostName() + "~" + std::to_string(::getpid()); }

std::optional<TaggedProcess> ReadProcessTag(std::string_view text) {
  size_t tilde = text.find('~');
  if (tilde == std::string_view::npos || tilde == 0) return std::nullopt;
  TaggedProcess process;
  process.host = std::string(text.substr(0, tilde));
  const char* begin = text.data() + tilde + 1;
  const char* end = text.data() + text.size();
  auto [next, error] = std::from_chars(begin, end, process.pid);
  if (error != std::errc() || next == begin || process.pid <= 0) return std::nullopt;
  if (next != end && *next != '-') return std::nullopt;
  return process;
}

bool TaggedProcessEnded(const TaggedProcess& process) {
  if (process.host != HostName()) return false;
  return ::kill(process.pid, 0) != 0 && errno == ESRCH;
}

}  // namespace mhds::serve
