#include "csv_table_writer.h"

namespace mhds::bench {
namespace {

// Flush when the buffer passes this; large enough that write calls do not show in a profile.
constexpr size_t kFlushBytes = size_t{8} << 20;

bool NeedsQuotes(std::string_view value) {
  return value.find_first_of(",\"\r\n") != std::string_view::npos;
}

}  // namespace

CsvTableWriter::CsvTableWriter(const std::string& dir, const SpecTable& table)
    : table_(table), path_(dir + "/" + table.idb_name + ".csv"), values_(table.items.size()) {
  file_ = std::fopen(path_.c_str(), "wb");
  ok_ = file_ != nullptr;
  buffer_.reserve(kFlushBytes + (size_t{1} << 16));
  for (size_t i = 0; i < table.items.size(); ++i) {
    if (i) buffer_.push_back(',');
    Append(table.items[i].short_name);
  }
  buffer_.push_back('\n');
}

CsvTableWriter::~CsvTableWriter() { Close(); }

void CsvTableWriter::Set(int column, std::string_view value) {
  if (column >= 0) values_[static_cast<size_t>(column)].assign(value);
}

std::string_view CsvTableWriter::Get(int column) const {
  return column >= 0 ? std::string_view(values_[static_cast<size_t>(column)]) : std::string_view();
}

void CsvTableWriter::Append(std::string_view value) {
  if (!NeedsQuotes(value)) {
    buffer_.append(value);
    return;
  }
  buffer_.push_back('"');
  for (char c : value) {
    if (c == '"') buffer_.push_back('"');
    buffer_.push_back(c);
  }
  buffer_.push_back('"');
}

void CsvTableWriter::EndRow() {
  for (size_t i = 0; i < values_.size(); ++i) {
    if (i) buffer_.push_back(',');
    Append(values_[i]);
    values_[i].clear();
  }
  buffer_.push_back('\n');
  ++rows_;
  if (buffer_.size() >= kFlushBytes) Flush();
}

void CsvTableWriter::Flush() {
  if (file_ != nullptr && !buffer_.empty() &&
      std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
    ok_ = false;
  }
  buffer_.clear();
}

bool CsvTableWriter::Close() {
  if (file_ == nullptr) return ok_;
  Flush();
  if (std::fclose(file_) != 0) ok_ = false;
  file_ = nullptr;
  return ok_;
}

}  // namespace mhds::bench
