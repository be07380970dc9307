#include "mhds/trace/external_sort.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace mhds::trace {
namespace {

constexpr size_t kWriteBuffer = size_t{1} << 20;
constexpr size_t kMinReadBuffer = size_t{16} << 10;
constexpr size_t kMaxReadBuffer = size_t{1} << 20;
// Runs merged at once: more would need more open files than a process may have. Beyond it, runs
// are first merged in groups into longer runs.
constexpr size_t kMaxFanIn = 64;

void PutRecordLength(uint64_t value, std::string& out) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

bool Less(std::string_view a, std::string_view b) { return a < b; }

}  // namespace

struct ExternalSorter::Run {
  std::filesystem::path path;
  FILE* file = nullptr;
  std::vector<char> buffer;  // stdio's buffer for the file, sized for the merge
  std::string record;        // the run's current record while merging
  ~Run() {
    if (file != nullptr) std::fclose(file);
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
  }
};

ExternalSorter::ExternalSorter(std::filesystem::path dir, std::string name, size_t memory_bytes)
    : dir_(std::move(dir)),
      name_(std::move(name)),
      memory_bytes_(std::max<size_t>(memory_bytes, 1)) {}

ExternalSorter::~ExternalSorter() = default;

void ExternalSorter::Add(std::string_view record) {
  // Reserved whole at once, so that growing the buffer never holds two copies of it.
  if (arena_.capacity() < memory_bytes_) arena_.reserve(memory_bytes_);
  spans_.emplace_back(arena_.size(), record.size());
  arena_.append(record);
  ++records_;
  if (arena_.size() + spans_.size() * sizeof spans_[0] >= memory_bytes_) Spill();
}

void ExternalSorter::SortInMemory() {
  std::sort(spans_.begin(), spans_.end(), [this](const auto& a, const auto& b) {
    return Less(std::string_view(arena_).substr(a.first, a.second),
                std::string_view(arena_).substr(b.first, b.second));
  });
}

void ExternalSorter::Spill() {
  if (spans_.empty() || !status_.ok()) return;
  SortInMemory();
  auto run = std::make_unique<Run>();
  run->path = dir_ / (name_ + "-" + std::to_string(runs_.size() + 1));
  run->file = std::fopen(run->path.c_str(), "wb");
  if (run->file == nullptr) {
    status_ = Status::IoError("cannot create " + run->path.string() + ": " + std::strerror(errno));
    return;
  }
  run->buffer.resize(kWriteBuffer);
  std::setvbuf(run->file, run->buffer.data(), _IOFBF, run->buffer.size());
  std::string length;
  for (const auto& [offset, size] : spans_) {
    length.clear();
    PutRecordLength(size, length);
    std::fwrite(length.data(), 1, length.size(), run->file);
    std::fwrite(arena_.data() + offset, 1, size, run->file);
  }
  const bool failed = std::ferror(run->file) != 0;
  const int closed = std::fclose(run->file);
  run->file = nullptr;
  run->buffer = {};
  if (failed || closed != 0) {
    status_ = Status::IoError("cannot write " + run->path.string() + ": " + std::strerror(errno));
  }
  runs_.push_back(std::move(run));
  ++spills_;
  arena_.clear();
  spans_.clear();
}

bool ExternalSorter::Refill(size_t index) {
  Run& run = *runs_[index];
  uint64_t size = 0;
  for (int shift = 0;; shift += 7) {
    const int c = std::fgetc(run.file);
    if (c == EOF) {
      if (shift != 0 || std::ferror(run.file) != 0) {
        status_ = Status::IoError("cannot read " + run.path.string() + ": cut short");
      }
      return false;
    }
    size |= uint64_t{static_cast<unsigned>(c) & 0x7fu} << shift;
    if ((c & 0x80) == 0) break;
    if (shift > 56) {
      status_ = Status::IoError("cannot read " + run.path.string() + ": damaged");
      return false;
    }
  }
  run.record.resize(size);
  if (std::fread(run.record.data(), 1, size, run.file) != size) {
    status_ = Status::IoError("cannot read " + run.path.string() + ": cut short");
    return false;
  }
  return true;
}

Status ExternalSorter::Finish() {
  finished_ = true;
  if (runs_.empty()) {
    SortInMemory();
    return status_;
  }
  Spill();
  arena_ = {};
  spans_ = {};
  if (!status_.ok()) return status_;
  while (runs_.size() > kMaxFanIn && status_.ok()) MergeFirstRuns(kMaxFanIn);
  if (!status_.ok()) return status_;
  OpenRuns(0, runs_.size());
  return status_;
}

void ExternalSorter::OpenRuns(size_t first, size_t count) {
  // The memory of the merge is its read buffers: the budget shared among the runs.
  const size_t buffer = std::clamp(memory_bytes_ / count, kMinReadBuffer, kMaxReadBuffer);
  heap_.clear();
  for (size_t i = first; i < first + count; ++i) {
    Run& run = *runs_[i];
    run.file = std::fopen(run.path.c_str(), "rb");
    if (run.file == nullptr) {
      status_ = Status::IoError("cannot open " + run.path.string() + ": " + std::strerror(errno));
      return;
    }
    run.buffer.resize(buffer);
    std::setvbuf(run.file, run.buffer.data(), _IOFBF, run.buffer.size());
    if (Refill(i)) heap_.push_back(i);
    if (!status_.ok()) return;
  }
  std::make_heap(heap_.begin(), heap_.end(),
                 [this](size_t a, size_t b) { return Less(runs_[b]->record, runs_[a]->record); });
  next_span_ = 0;
}

void ExternalSorter::MergeFirstRuns(size_t count) {
  OpenRuns(0, count);
  auto merged = std::make_unique<Run>();
  merged->path = dir_ / (name_ + "-" + std::to_string(++merged_runs_) + "m");
  merged->file = std::fopen(merged->path.c_str(), "wb");
  if (merged->file == nullptr) {
    status_ =
        Status::IoError("cannot create " + merged->path.string() + ": " + std::strerror(errno));
    return;
  }
  merged->buffer.resize(kWriteBuffer);
  std::setvbuf(merged->file, merged->buffer.data(), _IOFBF, merged->buffer.size());
  std::string length;
  for (std::string_view record; Next(record);) {
    length.clear();
    PutRecordLength(record.size(), length);
    std::fwrite(length.data(), 1, length.size(), merged->file);
    std::fwrite(record.data(), 1, record.size(), merged->file);
  }
  const bool failed = std::ferror(merged->file) != 0;
  const int closed = std::fclose(merged->file);
  merged->file = nullptr;
  merged->buffer = {};
  if (status_.ok() && (failed || closed != 0)) {
    status_ =
        Status::IoError("cannot write " + merged->path.string() + ": " + std::strerror(errno));
  }
  // The merged runs go (their files with them); the new one joins the end of the queue.
  runs_.erase(runs_.begin(), runs_.begin() + static_cast<std::ptrdiff_t>(count));
  runs_.push_back(std::move(merged));
  heap_.clear();
  next_span_ = 0;
}

bool ExternalSorter::Next(std::string_view& record) {
  if (!status_.ok()) return false;
  if (runs_.empty()) {
    if (!finished_) return false;
    if (next_span_ == spans_.size()) return false;
    const auto& [offset, size] = spans_[next_span_++];
    record = std::string_view(arena_).substr(offset, size);
    return true;
  }
  const auto greater = [this](size_t a, size_t b) {
    return Less(runs_[b]->record, runs_[a]->record);
  };
  // The run whose record was handed out last moves on only now, so that record stayed valid.
  if (next_span_ != 0) {
    const size_t last = heap_.back();
    if (Refill(last)) {
      std::push_heap(heap_.begin(), heap_.end(), greater);
    } else {
      heap_.pop_back();
      if (!status_.ok()) return false;
    }
  }
  if (heap_.empty()) return false;
  std::pop_heap(heap_.begin(), heap_.end(), greater);
  next_span_ = 1;
  record = runs_[heap_.back()]->record;
  return true;
}

void AppendOrderedKey(std::string_view key, std::string& out) {
  for (const char c : key) {
    out.push_back(c);
    if (c == '\0') out.push_back('\xff');
  }
  out.append(2, '\0');
}

bool TakeOrderedKey(std::string_view& bytes, std::string& key) {
  key.clear();
  for (size_t i = 0; i + 1 < bytes.size(); ++i) {
    if (bytes[i] != '\0') {
      key.push_back(bytes[i]);
    } else if (bytes[i + 1] == '\0') {
      bytes.remove_prefix(i + 2);
      return true;
    } else {
      key.push_back('\0');
      ++i;
    }
  }
  return false;
}

void AppendBigEndian(uint64_t value, int bytes, std::string& out) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

uint64_t ReadBigEndian(std::string_view bytes, int count) {
  uint64_t value = 0;
  for (int i = 0; i < count; ++i) value = (value << 8) | static_cast<uint8_t>(bytes[i]);
  return value;
}

}  // namespace mhds::trace
