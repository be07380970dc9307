// CsvZip: a zip file of a CSV folder, as providers upload it, read with libzip and never trusted.
// InspectCsvZip reads only the central directory (cheap, at upload time); UnpackCsvZip writes the
// CSV files into an empty folder (in the validation worker), counting the bytes it really writes
// rather than believing the sizes the zip declares.
//
// Refused, with a kDataError saying which entry and why: more entries than allowed; a name that
// is absolute, has a ".." part or a backslash, or is not a plain file name; symbolic links;
// encrypted entries; CSV files in more than one folder, or two with one name; a total or an entry
// that unpacks past the limits (zip bombs); no CSV file at all. Folders, and files that are not
// CSV (a README, "__MACOSX/" or dot files added by archivers), are skipped.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "mhds/base/result.h"

namespace mhds::serve {

struct ZipLimits {
  // Entries of any kind in the central directory.
  uint64_t max_entries = 4096;
  // Bytes all CSV files may unpack to, whatever the zip's size.
  uint64_t max_total_bytes = uint64_t{64} << 30;
  // Bytes unpacked per byte of zip, over the whole zip: CSV compresses 5 to 20 times; a bomb
  // compresses a thousand times and more.
  uint64_t max_ratio = 200;
  // Below this many unpacked bytes in all, the ratio is not checked (tiny files compress oddly).
  uint64_t ratio_floor_bytes = uint64_t{1} << 20;
};

struct ZipMember {
  uint64_t index = 0;
  std::string name;   // the file name without its folder: a table's CSV file
  uint64_t size = 0;  // as the zip declares it
};

struct CsvZipListing {
  std::vector<ZipMember> csv_files;
  uint64_t declared_bytes = 0;  // the declared sizes of the CSV files, added up
};

// Lists the CSV files of the zip at `path`. kDataError when it is refused (above) or not a zip;
// kIoError when it cannot be opened.
Result<CsvZipListing> InspectCsvZip(const std::filesystem::path& path, const ZipLimits& limits);

// Inspects, then writes each CSV file into `folder` (which must exist and be empty) with mode
// 0600, never following a link. On failure, files already written are left for the caller to
// remove with the folder.
Status UnpackCsvZip(const std::filesystem::path& path, const std::filesystem::path& folder,
                    const ZipLimits& limits);

}  // namespace mhds::serve
