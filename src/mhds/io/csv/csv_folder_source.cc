#include "mhds/io/csv/csv_folder_source.h"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <utility>

#include "mhds/base/status_macros.h"

namespace mhds::io {
namespace {

namespace fs = std::filesystem;

// True if `name` ends in ".csv" in any case and has something before it.
bool IsCsvFileName(std::string_view name) {
  constexpr std::string_view kExtension = ".csv";
  if (name.size() <= kExtension.size()) return false;
  const std::string_view tail = name.substr(name.size() - kExtension.size());
  return std::equal(tail.begin(), tail.end(), kExtension.begin(),
                    [](char a, char b) { return (a >= 'A' && a <= 'Z' ? a - 'A' + 'a' : a) == b; });
}

}  // namespace

Result<std::unique_ptr<CsvFolderSource>> CsvFolderSource::OpenFolder(const std::string& dir,
                                                                     const CsvOptions& options) {
  std::error_code error;
  fs::directory_iterator it(dir, error);
  if (error) {
    if (error == std::errc::no_such_file_or_directory) {
      return Status::NotFound(dir + ": no such file or directory");
    }
    return Status::IoError(dir + ": cannot list the folder: " + error.message());
  }
  std::unique_ptr<CsvFolderSource> source(new CsvFolderSource(dir, options));
  for (; it != fs::directory_iterator(); it.increment(error)) {
    const std::string file_name = it->path().filename().string();
    if (!IsCsvFileName(file_name) || !it->is_regular_file(error)) continue;
    std::string table = file_name.substr(0, file_name.size() - 4);
    const auto [existing, inserted] = source->file_names_.emplace(table, file_name);
    if (!inserted) {
      return Status::DataError(dir + ": found both " + existing->second + " and " + file_name +
                               "; expected one file per table");
    }
    const uintmax_t size = it->file_size(error);
    if (!error) source->total_bytes_ += size;
  }
  if (error) return Status::IoError(dir + ": cannot list the folder: " + error.message());
  for (const auto& entry : source->file_names_) source->table_names_.push_back(entry.first);
  return source;
}

Result<std::unique_ptr<RowReader>> CsvFolderSource::Open(std::string_view table) {
  const auto it = file_names_.find(table);
  if (it == file_names_.end()) {
    return Status::NotFound(dir_ + ": no file for table " + std::string(table));
  }
  const std::string path = (fs::path(dir_) / it->second).string();
  MHDS_ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> reader, CsvReader::Open(path, options_));
  return std::unique_ptr<RowReader>(std::move(reader));
}

std::string CsvFolderSource::DisplayName(std::string_view table) const {
  const auto it = file_names_.find(table);
  return it == file_names_.end() ? std::string(table) : it->second;
}

}  // namespace mhds::io
