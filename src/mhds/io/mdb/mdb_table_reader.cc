#include "mhds/io/mdb/mdb_table_reader.h"

#include <utility>

namespace mhds::io {

Result<std::unique_ptr<MdbTableReader>> MdbTableReader::Open(MdbHandlePtr mdb,
                                                             std::string_view table,
                                                             std::string display_name) {
  MdbCatalogEntry* entry = nullptr;
  for (MdbCatalogEntry* candidate : UserTables(*mdb)) {
    if (table == candidate->object_name) entry = candidate;
  }
  if (entry == nullptr) return Status::NotFound(display_name + ": no such table");
  std::unique_ptr<MdbTableReader> reader(new MdbTableReader(std::move(mdb), display_name));
  reader->table_.reset(mdb_read_table(entry));
  if (reader->table_ == nullptr || mdb_read_columns(reader->table_.get()) == nullptr) {
    return Status::DataError(display_name +
                             ": cannot read the table definition; expected an intact Access file");
  }
  MdbTableDef& def = *reader->table_;
  mdb_rewind_table(&def);
  reader->buffers_.resize(def.num_cols);
  reader->lengths_.assign(def.num_cols, 0);
  reader->ole_values_.resize(def.num_cols);
  for (unsigned i = 0; i < def.num_cols; ++i) {
    reader->columns_.emplace_back(MdbColumnAt(def, i)->name);
    // Left uninitialised: libmdb writes a terminated string before we read one.
    reader->buffers_[i].reset(new char[kMdbBindSize]);
    reader->buffers_[i][0] = '\0';
    mdb_bind_column(&def, static_cast<int>(i) + 1, reader->buffers_[i].get(), &reader->lengths_[i]);
  }
  return reader;
}

MdbTableReader::MdbTableReader(MdbHandlePtr mdb, std::string display_name)
    : mdb_(std::move(mdb)), display_name_(std::move(display_name)) {}

bool MdbTableReader::IsDateTimeColumn(size_t column) const {
  return column < columns_.size() &&
         MdbColumnAt(*table_, static_cast<unsigned>(column))->col_type == MDB_DATETIME;
}

bool MdbTableReader::Fail(std::string message) {
  done_ = true;
  status_ = Status::DataError(display_name_ + ": " + std::move(message));
  return false;
}

bool MdbTableReader::Next(std::vector<std::string_view>& fields) {
  if (done_) return false;
  if (!mdb_fetch_row(table_.get())) {
    done_ = true;
    if (line_ != table_->num_rows) {
      return Fail("read " + std::to_string(line_) + " rows but the table definition records " +
                  std::to_string(table_->num_rows) +
                  "; the file is damaged or truncated, expected an intact Access file");
    }
    return false;
  }
  ++line_;
  fields.clear();
  for (unsigned i = 0; i < columns_.size(); ++i) {
    const int length = lengths_[i];
    if (length <= 0) {  // NULL, or an empty string: mdb-export prints both as nothing
      fields.emplace_back();
      continue;
    }
    MdbColumn* column = MdbColumnAt(*table_, i);
    if (column->col_type == MDB_OLE) {
      // As mdb-export does: the whole object, not the bound text.
      size_t size = 0;
      ole_values_[i].reset(mdb_ole_read_full(mdb_.get(), column, &size));
      if (ole_values_[i] == nullptr) {
        return Fail("row " + std::to_string(line_) + ", column " + columns_[i] +
                    ": cannot read the OLE object; expected an intact Access file");
      }
      fields.emplace_back(static_cast<const char*>(ole_values_[i].get()), size);
      bytes_read_ += size;
      continue;
    }
    if (static_cast<size_t>(length) >= kMdbBindSize - 1) {
      return Fail("row " + std::to_string(line_) + ", column " + columns_[i] + ": value is " +
                  std::to_string(length) + " bytes or more; at most " +
                  std::to_string(kMdbBindSize - 2) + " can be read");
    }
    fields.emplace_back(buffers_[i].get(), static_cast<size_t>(length));
    bytes_read_ += static_cast<uint64_t>(length);
  }
  return true;
}

}  // namespace mhds::io
