#include "mhds/idb/csv_folder_sink.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "mhds/base/status_macros.h"
#include "mhds/idb/output_path.h"
#include "mhds/idb/table_naming.h"

namespace mhds::idb {
namespace {

namespace fs = std::filesystem;

constexpr size_t kFlushBytes = size_t{1} << 20;
constexpr mode_t kFolderMode = 0700;
constexpr mode_t kFileMode = 0600;

// The length of the well-formed UTF-8 sequence at the start of `s` (Unicode table 3-7: no
// overlong forms, no surrogates, nothing above U+10FFFF), or 0. io/csv accepts exactly these.
size_t Utf8SequenceLength(std::string_view s) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned lead = byte(0);
  if (lead < 0x80) return 1;
  size_t n = 0;
  unsigned lo = 0x80;
  unsigned hi = 0xBF;
  if (lead >= 0xC2 && lead < 0xE0) {
    n = 2;
  } else if (lead >= 0xE0 && lead < 0xF0) {
    n = 3;
    if (lead == 0xE0) lo = 0xA0;
    if (lead == 0xED) hi = 0x9F;
  } else if (lead >= 0xF0 && lead < 0xF5) {
    n = 4;
    if (lead == 0xF0) lo = 0x90;
    if (lead == 0xF4) hi = 0x8F;
  }
  if (n == 0 || s.size() < n) return 0;
  for (size_t i = 1; i < n; ++i) {
    if (byte(i) < lo || byte(i) > hi) return 0;
    lo = 0x80;
    hi = 0xBF;
  }
  return n;
}

// The byte offset of the first byte io/csv would refuse in a field (NUL, or not UTF-8), or npos.
size_t FirstUnreadableByte(std::string_view value) {
  for (size_t i = 0; i < value.size();) {
    if (value[i] == '\0') return i;
    const size_t n = Utf8SequenceLength(value.substr(i));
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

Status WriteAll(int fd, std::string_view bytes, const fs::path& path) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::IoError(path.string() + ": cannot write: " + std::strerror(errno));
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

}  // namespace

std::string CsvField(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string quoted = "\"";
  for (const char c : value) {
    quoted += c;
    if (c == '"') quoted += '"';
  }
  quoted += '"';
  return quoted;
}

Result<std::unique_ptr<CsvFolderSink>> CsvFolderSink::Create(const fs::path& out, bool overwrite) {
  const fs::path path = WithoutTrailingSlash(out);
  MHDS_RETURN_IF_ERROR(CheckReplaceable(path, /*folder=*/true, overwrite));
  const fs::path parent = path.parent_path();
  if (!parent.empty() && !fs::is_directory(parent)) {
    return Status::IoError(path.string() + ": cannot create: the folder " + parent.string() +
                           " does not exist");
  }
  const fs::path temp = TemporarySibling(path);
  std::error_code ignored;
  fs::remove_all(temp, ignored);  // left by an earlier run of this process id
  if (::mkdir(temp.c_str(), kFolderMode) != 0) {
    return Status::IoError(temp.string() + ": cannot create: " + std::strerror(errno));
  }
  return std::unique_ptr<CsvFolderSink>(new CsvFolderSink(path, temp, overwrite));
}

CsvFolderSink::~CsvFolderSink() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) {
    std::error_code ignored;
    fs::remove_all(temp_, ignored);
  }
}

Status CsvFolderSink::BeginTable(std::string_view name, const spec::Table* table,
                                 std::span<const std::string> columns) {
  if (fd_ >= 0) return Status::Internal("CsvFolderSink: BeginTable before EndTable");
  const std::vector<int> items = ItemOfColumns(table, columns);
  columns_ = SinkColumnNames(table, columns, items);
  file_name_ = SinkTableName(name, table) + ".csv";
  rows_ = 0;
  const fs::path path = temp_ / file_name_;
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, kFileMode);
  if (fd_ < 0 && errno == EEXIST) {
    return Status::DataError(out_.string() + ": two tables of the source are both written to " +
                             file_name_ + "; expected each data set table once");
  }
  if (fd_ < 0) return Status::IoError(path.string() + ": cannot create: " + std::strerror(errno));
  // Column names are checked like values: a header io/csv cannot read makes the file useless.
  std::vector<std::string_view> header(columns_.begin(), columns_.end());
  for (size_t c = 0; c < header.size(); ++c) MHDS_RETURN_IF_ERROR(CheckValue(header[c], c));
  AppendRow(header);
  return Status::Ok();
}

Status CsvFolderSink::CheckValue(std::string_view value, size_t column) const {
  const size_t bad = FirstUnreadableByte(value);
  if (bad == std::string_view::npos) return Status::Ok();
  const std::string where = rows_ == 0 ? "header" : "row " + std::to_string(rows_);
  return Status::DataError(
      out_.string() + "/" + file_name_ + ": " + where + ", column " + std::to_string(column + 1) +
      " (" + columns_[column] + "), byte " + std::to_string(bad + 1) + ": " +
      (value[bad] == '\0' ? "a NUL byte" : "bytes that are not UTF-8") +
      ", which a CSV IDB cannot hold; convert this source to a SQLite IDB instead");
}

void CsvFolderSink::AppendRow(std::span<const std::string_view> values) {
  // A row of one empty value would be an empty line, which CSV readers skip: quote it.
  if (values.size() == 1 && values[0].empty()) {
    buffer_ += "\"\"\n";
    return;
  }
  for (size_t c = 0; c < values.size(); ++c) {
    if (c > 0) buffer_ += ',';
    const std::string_view value = values[c];
    if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
      buffer_ += value;
    } else {
      buffer_ += CsvField(value);
    }
  }
  buffer_ += '\n';
}

Status CsvFolderSink::AddRow(std::span<const std::string_view> values) {
  if (fd_ < 0) return Status::Internal("CsvFolderSink: AddRow outside a table");
  if (values.size() != columns_.size()) {
    return Status::Internal("CsvFolderSink: " + file_name_ + ": a row of " +
                            std::to_string(values.size()) + " values for " +
                            std::to_string(columns_.size()) + " columns");
  }
  ++rows_;
  for (size_t c = 0; c < values.size(); ++c) MHDS_RETURN_IF_ERROR(CheckValue(values[c], c));
  AppendRow(values);
  if (buffer_.size() >= kFlushBytes) return Flush();
  return Status::Ok();
}

Status CsvFolderSink::Flush() {
  Status status = WriteAll(fd_, buffer_, temp_ / file_name_);
  buffer_.clear();
  return status;
}

Status CsvFolderSink::EndTable() {
  if (fd_ < 0) return Status::Internal("CsvFolderSink: EndTable outside a table");
  Status status = Flush();
  if (status.ok() && ::fsync(fd_) != 0) {
    status =
        Status::IoError((temp_ / file_name_).string() + ": cannot sync: " + std::strerror(errno));
  }
  if (::close(fd_) != 0 && status.ok()) {
    status =
        Status::IoError((temp_ / file_name_).string() + ": cannot close: " + std::strerror(errno));
  }
  fd_ = -1;
  return status;
}

Status CsvFolderSink::Commit() {
  if (fd_ >= 0) return Status::Internal("CsvFolderSink: Commit inside a table");
  if (committed_) return Status::Internal("CsvFolderSink: Commit twice");
  SyncFolder(temp_);
  // Checked again: something may have appeared at the output path while the tables were copied.
  MHDS_RETURN_IF_ERROR(CheckReplaceable(out_, /*folder=*/true, overwrite_));
  std::error_code error;
  fs::path old;
  if (fs::exists(out_, error)) {
    old = out_.string() + ".old-" + std::to_string(::getpid());
    fs::remove_all(old, error);
    fs::rename(out_, old, error);
    if (error) return Status::IoError(out_.string() + ": cannot replace: " + error.message());
  }
  fs::rename(temp_, out_, error);
  if (error) {
    std::error_code ignored;
    if (!old.empty()) fs::rename(old, out_, ignored);
    return Status::IoError(out_.string() + ": cannot create: " + error.message());
  }
  committed_ = true;
  SyncFolder(out_.parent_path());
  if (!old.empty()) fs::remove_all(old, error);
  return Status::Ok();
}

}  // namespace mhds::idb
