#include "mhds/io/csv/csv_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace mhds::io {
namespace {

using Step = RowSplitter::Step;

constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string ErrnoText(int error) { return std::strerror(error); }

}  // namespace

Result<std::unique_ptr<CsvReader>> CsvReader::Open(const std::string& path,
                                                   const CsvOptions& options) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    if (error == ENOENT || error == ENOTDIR) {
      return Status::NotFound(path + ": no such file or directory");
    }
    return Status::IoError(path + ": cannot open: " + ErrnoText(error));
  }
  std::unique_ptr<CsvReader> reader(new CsvReader(path, fd, options));
  if (reader->buffer_ == nullptr) return Status::IoError(path + ": out of memory");
  if (!reader->ReadHeader()) return reader->status_;
  return reader;
}

CsvReader::CsvReader(std::string path, int fd, const CsvOptions& options)
    : path_(std::move(path)), fd_(fd), options_(options) {
  // Limits so large that they mean "none" are cut to what cannot overflow the buffer arithmetic.
  constexpr size_t kLargest = SIZE_MAX / 8;
  options_.chunk_bytes = std::clamp<size_t>(options_.chunk_bytes, 1, kLargest);
  options_.max_line_bytes = std::clamp<size_t>(options_.max_line_bytes, 1, kLargest);
  capacity_ = options_.chunk_bytes;
  buffer_.reset(static_cast<char*>(std::malloc(capacity_ + RowSplitter::kPadding)));
  pos_ = end_ = buffer_.get();
}

CsvReader::~CsvReader() { ::close(fd_); }

uint64_t CsvReader::size_hint() const {
  struct stat st;
  return ::fstat(fd_, &st) == 0 && st.st_size > 0 ? static_cast<uint64_t>(st.st_size) : 0;
}

uint64_t CsvReader::bytes_read() const { return buffer_offset_ + (pos_ - buffer_.get()); }

bool CsvReader::ReadHeader() {
  while (static_cast<size_t>(end_ - pos_) < kBom.size() && !eof_) {
    if (!Refill()) return false;
  }
  if (std::string_view(pos_, end_ - pos_).starts_with(kBom)) pos_ += kBom.size();

  std::vector<std::string_view> fields;
  if (!SplitNext(fields, splitter_.Split(pos_, end_, eof_, fields))) {
    if (status_.ok()) Fail(pos_, "found an empty file; expected a header row naming the columns");
    return false;
  }
  AcceptRow(fields, /*is_header=*/true);
  columns_.assign(fields.begin(), fields.end());
  return true;
}

bool CsvReader::Next(std::vector<std::string_view>& fields) {
  if (!status_.ok()) return false;
  const Step step = splitter_.Split(pos_, end_, eof_, fields);
  // The common row, whole in the buffer, of an allowed length, with the header's field count
  // and no "" to unescape, is accepted here without a further call.
  if (step == Step::kRow && fields.size() == columns_.size() && splitter_.escaped().empty() &&
      static_cast<size_t>(splitter_.next() - pos_) <= options_.max_line_bytes) {
    line_ = next_line_;
    next_line_ += splitter_.line_breaks();
    pos_ = splitter_.next();
    return true;
  }
  return SplitNext(fields, step) && AcceptRow(fields, /*is_header=*/false);
}

bool CsvReader::SplitNext(std::vector<std::string_view>& fields, Step step) {
  for (;; step = splitter_.Split(pos_, end_, eof_, fields)) {
    switch (step) {
      case Step::kRow:
        if (static_cast<size_t>(splitter_.next() - pos_) > options_.max_line_bytes) {
          FailRowTooLong();
          return false;
        }
        return true;
      case Step::kBlank:
        next_line_ += splitter_.line_breaks();
        pos_ = splitter_.next();
        break;
      case Step::kEnd:
        return false;
      case Step::kNeedMore:
        if (!Refill()) return false;
        break;
      case Step::kError:
        Fail(splitter_.error_at(), splitter_.error());
        return false;
    }
  }
}

bool CsvReader::AcceptRow(std::vector<std::string_view>& fields, bool is_header) {
  const size_t expected = columns_.size();
  if (!is_header && fields.size() != expected) {
    // Point at the first extra field, or at the line end where more fields were expected.
    const char* where = nullptr;
    std::string hint;
    if (fields.size() > expected) {
      const std::string_view extra = fields[expected];
      where = extra.data();
      if (where > pos_ && where[-1] == '"') --where;
      hint = "is a comma inside a value not in quotes?";
    } else {
      const std::string_view last = fields.back();
      where = last.data() + last.size();
      if (where < end_ && *where == '"') ++where;
      hint = "is a value missing, or a line break inside a value not in quotes?";
    }
    Fail(where, "row has " + std::to_string(fields.size()) + " fields, header has " +
                    std::to_string(expected) + "; expected one field per column (" + hint + ")");
    return false;
  }

  if (!splitter_.escaped().empty()) {
    // Reserve first so the views taken into scratch_ stay valid while it fills.
    size_t total = 0;
    for (const size_t i : splitter_.escaped()) total += fields[i].size();
    scratch_.clear();
    scratch_.reserve(total);
    for (const size_t i : splitter_.escaped()) {
      const size_t start = scratch_.size();
      std::string_view raw = fields[i];
      for (size_t quote; (quote = raw.find('"')) != std::string_view::npos;) {
        scratch_.append(raw.substr(0, quote + 1));
        raw.remove_prefix(quote + 2);  // the splitter checked that quotes come in pairs
      }
      scratch_.append(raw);
      fields[i] = std::string_view(scratch_.data() + start, scratch_.size() - start);
    }
  }

  line_ = next_line_;
  next_line_ += splitter_.line_breaks();
  pos_ = splitter_.next();
  return true;
}

bool CsvReader::Refill() {
  const size_t unread = end_ - pos_;
  if (unread > options_.max_line_bytes) {
    FailRowTooLong();
    return false;
  }
  splitter_.Restart();
  char* base = buffer_.get();
  if (pos_ != base) {
    std::memmove(base, pos_, unread);
    buffer_offset_ += pos_ - base;
    pos_ = base;
    end_ = base + unread;
  }
  // Read at least as much as is already held, so a long row is rescanned only a few times; never
  // hold more than max_line_bytes + chunk_bytes.
  const size_t most = options_.max_line_bytes + options_.chunk_bytes;
  const size_t want = std::min(std::max(options_.chunk_bytes, unread), most - unread);
  if (unread + want > capacity_) {
    const size_t capacity = std::min(std::max(2 * capacity_, unread + want), most);
    // realloc can grow a large block in place (mremap), so peak memory stays near the limit.
    char* old = buffer_.release();
    void* grown = std::realloc(old, capacity + RowSplitter::kPadding);
    buffer_.reset(grown == nullptr ? old : static_cast<char*>(grown));
    if (grown == nullptr) {
      status_ = Status::IoError(path_ + ": out of memory for a row of " + std::to_string(unread) +
                                " bytes");
      return false;
    }
    capacity_ = capacity;
    base = buffer_.get();
    pos_ = base;
    end_ = base + unread;
  }

  ssize_t got = 0;
  do {
    got = ::read(fd_, base + unread, want);
  } while (got < 0 && errno == EINTR);
  if (got < 0) {
    const int error = errno;
    status_ = Status::IoError(path_ + ": cannot read: " + ErrnoText(error));
    return false;
  }
  if (got == 0) eof_ = true;
  end_ += got;
  std::memset(base + unread + got, 0, RowSplitter::kPadding);
  return true;
}

void CsvReader::FailRowTooLong() {
  Fail(pos_, "found a row longer than " + std::to_string(options_.max_line_bytes) +
                 " bytes; expected shorter rows (is this a CSV file, with line ends?)");
}

void CsvReader::Fail(const char* where, std::string_view what) {
  uint64_t line = next_line_;
  const char* line_start = pos_;
  for (const char* p = pos_; p < where;) {
    const void* lf = std::memchr(p, '\n', where - p);
    if (lf == nullptr) break;
    ++line;
    p = line_start = static_cast<const char*>(lf) + 1;
  }
  status_ = Status::DataError(path_ + ":" + std::to_string(line) + ":" +
                              std::to_string(where - line_start + 1) + ": " + std::string(what));
}

}  // namespace mhds::io
