// Writes the sections of a packed index file (packed_index_format.h) one after another, each on
// an aligned offset, and notes where each lies for the footer. Shared by the two writers of the
// file: from people in memory (packed_index_writer.cc) and from the CSV sorted on disk
// (packed_index_build.cc).
#pragma once

#include <string_view>
#include <vector>

#include "mhds/report/atomic_file.h"
#include "mhds/trace/packed_index_format.h"

namespace mhds::trace::packed {

// Appends sections to the file, each on an aligned offset, and notes where each lies.
class SectionWriter {
 public:
  explicit SectionWriter(report::AtomicFileWriter& file) : file_(file) {}

  void Append(std::string_view bytes) {
    file_.Append(bytes);
    position_ += bytes.size();
  }
  void Align() {
    static constexpr char kZeros[kAlignment] = {};
    Append(std::string_view(kZeros, (kAlignment - position_ % kAlignment) % kAlignment));
  }
  void Begin(Section section) {
    Align();
    footer_.sections[section].offset = position_;
  }
  void End(Section section) {
    footer_.sections[section].size = position_ - footer_.sections[section].offset;
  }
  template <typename T>
  void Put(Section section, const std::vector<T>& items) {
    Begin(section);
    Append(std::string_view(reinterpret_cast<const char*>(items.data()), items.size() * sizeof(T)));
    End(section);
  }
  Footer& footer() { return footer_; }
  uint64_t position() const { return position_; }

 private:
  report::AtomicFileWriter& file_;
  uint64_t position_ = 0;
  Footer footer_{};
};

}  // namespace mhds::trace::packed
