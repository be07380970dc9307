// Sorting more records than fit in memory: records (byte strings) are gathered in memory up to a
// budget, sorted, and written out as a run to a file in a folder the caller owns; reading them
// back merges the runs. Used by the packed index build (packed_index.h) so that its memory stays
// near a fixed budget whatever the number of people.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/base/result.h"

namespace mhds::trace {

// Records come back in the order of their bytes (as memcmp compares them; a prefix first), equal
// records as many times as they were added. Not thread-safe. The run files are removed when the
// sorter is destroyed.
class ExternalSorter {
 public:
  // Runs are written to `dir` (which must exist) as NAME-1, NAME-2, ...; `memory_bytes` bounds the
  // records held in memory at once (the records' bytes plus 16 bytes each).
  ExternalSorter(std::filesystem::path dir, std::string name, size_t memory_bytes);
  ~ExternalSorter();
  ExternalSorter(const ExternalSorter&) = delete;
  ExternalSorter& operator=(const ExternalSorter&) = delete;

  // Adds a record. A write error is kept and returned by Finish().
  void Add(std::string_view record);

  // Ends adding and gets ready to read the records back in order. kIoError if a run could not be
  // written. Call once.
  Status Finish();

  // The next record in order, valid until the next call; false after the last one (or on a read
  // error: status()).
  bool Next(std::string_view& record);
  const Status& status() const { return status_; }

  // Runs spilled (after Finish: left to merge, at most 64).
  size_t runs() const { return runs_.size(); }
  size_t spills() const { return spills_; }
  uint64_t records() const { return records_; }

 private:
  struct Run;
  void Spill();
  void SortInMemory();
  bool Refill(size_t run);
  void OpenRuns(size_t first, size_t count);  // starts merging these runs
  void MergeFirstRuns(size_t count);          // into one run at the end

  std::filesystem::path dir_;
  std::string name_;
  size_t memory_bytes_;
  std::string arena_;                                 // the records held in memory, end to end
  std::vector<std::pair<uint64_t, uint64_t>> spans_;  // each record's offset and size in arena_
  std::vector<std::unique_ptr<Run>> runs_;
  uint64_t records_ = 0;
  size_t merged_runs_ = 0;
  size_t spills_ = 0;
  Status status_;
  bool finished_ = false;
  size_t next_span_ = 0;      // reading from memory: the next span
  std::vector<size_t> heap_;  // reading runs: the runs with a record, smallest first
};

// Appends `key` to `out` so that the bytes of two keys compare as the keys do, even when one key
// is a prefix of the other and something follows it: every 0 byte is written as 0 0xFF and the
// key ends with 0 0.
void AppendOrderedKey(std::string_view key, std::string& out);

// Reads back a key that AppendOrderedKey wrote at the front of `bytes`, removing it; false if
// `bytes` does not start with one.
bool TakeOrderedKey(std::string_view& bytes, std::string& key);

// `value` big-endian, so that bytes compare as numbers do.
void AppendBigEndian(uint64_t value, int bytes, std::string& out);
uint64_t ReadBigEndian(std::string_view bytes, int count);

}  // namespace mhds::trace
