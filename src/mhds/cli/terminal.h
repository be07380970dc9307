// What a command may do to the terminal: colour only on a terminal and without NO_COLOR; a
// progress line on standard error only when it is a terminal, so piped output stays clean.
#pragma once

#include <cstdint>
#include <string>

namespace mhds::cli {

bool StdoutWantsColor();
bool StderrIsTerminal();

// Draws "label: 42% 310 MB/s" on standard error, at most a few times a second. Clears itself
// when destroyed. Does nothing when standard error is not a terminal or `enabled` is false.
class ProgressLine {
 public:
  ProgressLine(std::string label, bool enabled);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  void Update(uint64_t done, uint64_t total);

 private:
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  int64_t start_ms_;
  int64_t last_ms_ = 0;
};

}  // namespace mhds::cli
