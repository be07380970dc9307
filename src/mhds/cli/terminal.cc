#include "mhds/cli/terminal.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace mhds::cli {
namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

bool StdoutWantsColor() {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0') return false;
  return isatty(STDOUT_FILENO) == 1;
}

bool StderrIsTerminal() { return isatty(STDERR_FILENO) == 1; }

ProgressLine::ProgressLine(std::string label, bool enabled)
    : label_(std::move(label)), enabled_(enabled && StderrIsTerminal()), start_ms_(NowMs()) {}

ProgressLine::~ProgressLine() {
  if (drawn_) std::fprintf(stderr, "\r\033[K");
}

void ProgressLine::Update(uint64_t done, uint64_t total) {
  if (!enabled_) return;
  int64_t now = NowMs();
  // Only after a second, and then a few times a second: short runs stay silent.
  if (now - start_ms_ < 1000 || now - last_ms_ < 250) return;
  last_ms_ = now;
  double seconds = static_cast<double>(now - start_ms_) / 1000.0;
  double mb_per_s = static_cast<double>(done) / 1e6 / seconds;
  if (total > 0) {
    std::fprintf(stderr, "\r\033[K%s: %3d%%  %.0f MB/s", label_.c_str(),
                 static_cast<int>(100.0 * static_cast<double>(done) / static_cast<double>(total)),
                 mb_per_s);
  } else {
    std::fprintf(stderr, "\r\033[K%s: %.0f MB  %.0f MB/s", label_.c_str(),
                 static_cast<double>(done) / 1e6, mb_per_s);
  }
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace mhds::cli
