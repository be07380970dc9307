// The tag that names which process made a temporary file in the data folder: "<host>~<pid>". A
// data folder may be shared by processes on several machines, so a file is known to be stray
// only when its host is this one and its process is gone (startup_cleanup.h).
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

namespace mhds::serve {

// This process's tag. The host name keeps only letters, digits, '.' and '-'.
std::string ProcessTag();

struct TaggedProcess {
  std::string host;
  pid_t pid = 0;
};

// Reads the tag at the start of `text` ("<host>~<pid>-..."). nullopt when there is none.
std::optional<TaggedProcess> ReadProcessTag(std::string_view text);

// True when the tagged process ran on this host and has ended.
bool TaggedProcessEnded(const TaggedProcess& process);

}  // namespace mhds::serve
