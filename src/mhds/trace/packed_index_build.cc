// Builds the packed index (packed_index.h) from the index CSV with memory near a fixed budget,
// whatever the number of people: nothing is held for the whole population. The CSV's rows are
// sorted on disk by NHS Number (then line), so each person's rows arrive together and in the
// file's order; each person is checked, keyed and handed to further sorts, one per part of the
// file (the people by date of birth, the numbers, the postcodes, the names); the file is then
// written section by section from those sorts. The bytes are those WritePackedIndex writes for
// the same people. Temporary files live in a folder beside the output, removed on success and
// failure alike.
#include <stdlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

#include "mhds/base/status_macros.h"
#include "mhds/trace/demographic_index.h"
#include "mhds/trace/external_sort.h"
#include "mhds/trace/packed_index.h"
#include "mhds/trace/packed_index_format.h"
#include "mhds/trace/packed_section_writer.h"
#include "mhds/trace/people_csv.h"
#include "mhds/trace/person_codec.h"

namespace mhds::trace {
namespace {

using packed::SectionWriter;

constexpr size_t kNumberSize = 10;  // the CSV's numbers are checked to be 10 digits
constexpr size_t kCopyBuffer = size_t{1} << 20;

// A folder beside the output for the build's temporary files, removed with everything in it when
// the build ends, however it ends (but for the process being killed).
class TemporaryFolder {
 public:
  static Result<TemporaryFolder> Create(const std::filesystem::path& beside) {
    const std::filesystem::path parent =
        beside.has_parent_path() ? beside.parent_path() : std::filesystem::path(".");
    std::string pattern = (parent / (beside.filename().string() + ".build-XXXXXX")).string();
    if (mkdtemp(pattern.data()) == nullptr) {  // mode 0700: the rows are patient identifiers
      return Status::IoError("cannot create a temporary folder beside " + beside.string() + ": " +
                             std::strerror(errno));
    }
    return TemporaryFolder(pattern);
  }
  TemporaryFolder(TemporaryFolder&& other) noexcept : path_(std::move(other.path_)) {
    other.path_.clear();
  }
  TemporaryFolder& operator=(TemporaryFolder&&) = delete;
  ~TemporaryFolder() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  explicit TemporaryFolder(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
};

// A section written to a temporary file while another is being written to the output, copied
// into the output when its turn comes.
class SpilledSection {
 public:
  SpilledSection(const std::filesystem::path& dir, const std::string& name)
      : path_(dir / name), file_(std::fopen(path_.c_str(), "w+b")) {}
  ~SpilledSection() {
    if (file_ != nullptr) std::fclose(file_);
  }
  SpilledSection(const SpilledSection&) = delete;
  SpilledSection& operator=(const SpilledSection&) = delete;

  void Append(std::string_view bytes) {
    if (file_ != nullptr) std::fwrite(bytes.data(), 1, bytes.size(), file_);
  }
  template <typename T>
  void Put(const T& item) {
    Append(std::string_view(reinterpret_cast<const char*>(&item), sizeof item));
  }
  Status CopyInto(SectionWriter& out, packed::Section section) {
    if (file_ == nullptr || std::ferror(file_) != 0 || std::fflush(file_) != 0) {
      return Status::IoError("cannot write " + path_.string() + ": " + std::strerror(errno));
    }
    std::rewind(file_);
    out.Begin(section);
    std::string buffer(kCopyBuffer, '\0');
    for (size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), file_)) > 0;) {
      out.Append(std::string_view(buffer.data(), n));
    }
    out.End(section);
    if (std::ferror(file_) != 0) return Status::IoError("cannot read " + path_.string());
    return Status::Ok();
  }

 private:
  std::filesystem::path path_;
  FILE* file_;
};

// Each non-blank key once per person, however often it recurs in the history.
template <typename Range, typename Key>
void AddKeys(const Range& history, Key key, std::optional<uint32_t> id, ExternalSorter& sorter,
             std::string& record) {
  for (size_t i = 0; i < history.size(); ++i) {
    const std::string_view k = key(history[i]);
    if (k.empty()) continue;
    bool seen = false;
    for (size_t e = 0; e < i && !seen; ++e) seen = key(history[e]) == k;
    if (seen) continue;
    record.clear();
    AppendOrderedKey(k, record);
    if (id) AppendBigEndian(*id, 4, record);
    sorter.Add(record);
  }
}

// The sorts fed with each person, and what the build has counted so far.
class Builder {
 public:
  Builder(const std::filesystem::path& dir, const PackedBuildOptions& options)
      : dir_(dir),
        options_(options),
        people_(dir, "people", options.memory_bytes / 4),
        numbers_(dir, "numbers", options.memory_bytes / 16),
        postcodes_(dir, "postcodes", options.memory_bytes / 16),
        family_(dir, "family", options.memory_bytes / 16),
        given_(dir, "given", options.memory_bytes / 16) {}

  // Reads, checks and sorts the CSV. kDataError with the faults found, as ReadPeopleCsv.
  Status Read(const std::string& csv);
  Result<PackedIndexStats> Write(const std::filesystem::path& path);

 private:
  void AddPerson(Person& person, uint64_t person_line);
  Status CheckNumbers(PeopleCsvRows& rows, SpilledSection& out);
  Status WritePeople(SectionWriter& out);
  Status WriteBlocks(SectionWriter& out);
  Status WriteCounts(SectionWriter& out, ExternalSorter& sorter, packed::Section entries_section,
                     packed::Section keys_section, size_t& distinct);

  std::filesystem::path dir_;
  PackedBuildOptions options_;
  // Their budgets add up to half the memory, the rest being the rows' while they are merged.
  ExternalSorter people_;     // date of birth, id: the encoded person
  ExternalSorter numbers_;    // number, superseded, id, line of the person row
  ExternalSorter postcodes_;  // postcode, id
  ExternalSorter family_;     // name key, once per person holding it
  ExternalSorter given_;
  std::unique_ptr<SpilledSection> numbers_section_;
  uint32_t next_id_ = 0;
  PackedIndexStats stats_;
  std::string record_;
};

void Builder::AddPerson(Person& p, uint64_t person_line) {
  FillKeys(p);
  const uint32_t id = next_id_++;
  record_.clear();
  AppendBigEndian(static_cast<uint32_t>(p.date_of_birth) ^ 0x80000000u, 4, record_);
  AppendBigEndian(id, 4, record_);
  EncodePerson(p, record_);
  people_.Add(record_);
  const auto add_number = [&](const std::string& number, bool superseded) {
    record_.assign(number);
    record_.push_back(superseded ? '\1' : '\0');
    AppendBigEndian(id, 4, record_);
    AppendBigEndian(person_line, 8, record_);
    numbers_.Add(record_);
  };
  add_number(p.nhs_number, false);
  for (const std::string& old : p.superseded) add_number(old, true);
  AddKeys(
      p.addresses, [](const PersonAddress& a) -> std::string_view { return a.postcode; }, id,
      postcodes_, record_);
  AddKeys(
      p.names, [](const PersonName& n) -> std::string_view { return n.family_key; }, std::nullopt,
      family_, record_);
  AddKeys(
      p.names, [](const PersonName& n) -> std::string_view { return n.given_key; }, std::nullopt,
      given_, record_);
}

Status Builder::Read(const std::string& csv) {
  MHDS_ASSIGN_OR_RETURN(std::unique_ptr<PeopleCsvRows> rows, PeopleCsvRows::Open(csv));
  {
    // Half the budget: the other half is for the sorts fed while these rows are merged.
    ExternalSorter sorted_rows(dir_, "rows", options_.memory_bytes / 2);
    PeopleCsvRow row;
    std::string record;
    while (rows->Next(row)) {
      record.assign(row.fields.nhs_number);
      AppendBigEndian(row.line, 8, record);
      record.push_back(static_cast<char>(row.kind));
      EncodePerson(row.fields, record);
      sorted_rows.Add(record);
    }
    MHDS_RETURN_IF_ERROR(rows->status());
    MHDS_RETURN_IF_ERROR(sorted_rows.Finish());

    // Each number's rows together, in the file's order.
    Person person, fields;
    uint64_t person_line = 0;
    bool any = false, too_many = false;
    const auto end_person = [&] {
      if (!any) return;
      if (person_line == 0) {
        rows->NoPersonRow();
      } else if (person.names.empty()) {
        rows->NoNameRow(person_line);
      } else if (next_id_ == UINT32_MAX) {
        too_many = true;
      } else {
        AddPerson(person, person_line);
      }
    };
    for (std::string_view r; sorted_rows.Next(r);) {
      const std::string_view number = r.substr(0, kNumberSize);
      if (!any || number != person.nhs_number) {
        end_person();
        person = Person{};
        person.nhs_number = std::string(number);
        person_line = 0;
        any = true;
      }
      const uint64_t line = ReadBigEndian(r.substr(kNumberSize), 8);
      const auto kind = static_cast<PeopleCsvRow::Kind>(r[kNumberSize + 8]);
      if (!DecodePersonFields(r.substr(kNumberSize + 9), fields)) {
        return Status::Internal("a sorted row of " + csv + " could not be read back");
      }
      switch (kind) {
        case PeopleCsvRow::Kind::kPerson:
          if (person_line != 0) {
            rows->SecondPersonRow(line, person_line);
            break;
          }
          person_line = line;
          fields.names = std::move(person.names);
          fields.addresses = std::move(person.addresses);
          person = std::move(fields);
          fields = Person{};
          break;
        case PeopleCsvRow::Kind::kName:
          person.names.push_back(std::move(fields.names.at(0)));
          break;
        case PeopleCsvRow::Kind::kAddress:
          person.addresses.push_back(std::move(fields.addresses.at(0)));
          break;
      }
    }
    MHDS_RETURN_IF_ERROR(sorted_rows.status());
    end_person();
    if (too_many) return Status::DataError("too many people for one index");
  }
  numbers_section_ = std::make_unique<SpilledSection>(dir_, "numbers-section");
  MHDS_RETURN_IF_ERROR(CheckNumbers(*rows, *numbers_section_));
  return rows->Faults();
}

// The numbers in order as the numbers section, each held by one person only.
Status Builder::CheckNumbers(PeopleCsvRows& rows, SpilledSection& out) {
  MHDS_RETURN_IF_ERROR(numbers_.Finish());
  std::string last;
  for (std::string_view r; numbers_.Next(r);) {
    packed::NumberEntry e{};
    std::memcpy(e.number, r.data(), sizeof e.number);
    e.superseded = static_cast<uint8_t>(r[kNumberSize]);
    e.id = static_cast<uint32_t>(ReadBigEndian(r.substr(kNumberSize + 1), 4));
    const std::string_view number = r.substr(0, kNumberSize);
    if (number == last) {
      // A current number is unique here (the rows were grouped by it), so the repeat is a
      // superseded number, reported as ReadPeopleCsv does.
      rows.SupersededHeldByAnother(ReadBigEndian(r.substr(kNumberSize + 5), 8));
      continue;
    }
    last.assign(number);
    out.Put(e);
    ++stats_.numbers;
  }
  return numbers_.status();
}

// The people in order of date of birth, their offsets in order of id, and the birth table.
Status Builder::WritePeople(SectionWriter& out) {
  MHDS_RETURN_IF_ERROR(people_.Finish());
  ExternalSorter offsets(dir_, "offsets", options_.memory_bytes / 4);
  SpilledSection birth_ids(dir_, "birth-ids");
  std::vector<packed::DateEntry> birth_entries;  // one per date: a few tens of thousands
  out.Begin(packed::kPersonBytes);
  std::string length, record;
  uint32_t written = 0;
  size_t block = 0;
  const auto end_block = [&] {
    stats_.largest_birth_date_block = std::max(stats_.largest_birth_date_block, block);
    if (block > options_.block_cap) ++stats_.birth_dates_over_cap;
  };
  for (std::string_view r; people_.Next(r);) {
    const auto date = static_cast<CompactDate>(ReadBigEndian(r, 4) ^ 0x80000000u);
    const auto id = static_cast<uint32_t>(ReadBigEndian(r.substr(4), 4));
    const std::string_view bytes = r.substr(8);
    if (birth_entries.empty() || birth_entries.back().date != date) {
      if (!birth_entries.empty()) end_block();
      birth_entries.push_back({date, written});
      block = 0;
    }
    ++block;
    ++written;
    birth_ids.Put(id);
    record.clear();
    AppendBigEndian(id, 4, record);
    const uint64_t offset = out.position() - out.footer().sections[packed::kPersonBytes].offset;
    record.append(reinterpret_cast<const char*>(&offset), sizeof offset);
    offsets.Add(record);
    length.clear();
    PutLength(bytes.size(), length);
    out.Append(length);
    out.Append(bytes);
  }
  MHDS_RETURN_IF_ERROR(people_.status());
  if (!birth_entries.empty()) end_block();
  out.End(packed::kPersonBytes);

  MHDS_RETURN_IF_ERROR(offsets.Finish());
  out.Begin(packed::kPersonOffsets);
  for (std::string_view r; offsets.Next(r);) out.Append(r.substr(4));
  MHDS_RETURN_IF_ERROR(offsets.status());
  out.End(packed::kPersonOffsets);
  MHDS_RETURN_IF_ERROR(numbers_section_->CopyInto(out, packed::kNumbers));

  stats_.birth_dates = birth_entries.size();
  birth_entries.push_back({0, written});
  out.Put(packed::kBirthEntries, birth_entries);
  return birth_ids.CopyInto(out, packed::kBirthIds);
}

// The postcode table: each postcode with the first of its ids, its bytes, and the ids.
Status Builder::WriteBlocks(SectionWriter& out) {
  MHDS_RETURN_IF_ERROR(postcodes_.Finish());
  SpilledSection keys(dir_, "postcode-keys"), ids(dir_, "postcode-ids");
  out.Begin(packed::kPostcodeEntries);
  std::string key, last;
  uint32_t key_bytes = 0, id_count = 0;
  size_t block = 0;
  bool any = false;
  const auto end_block = [&] {
    stats_.largest_postcode_block = std::max(stats_.largest_postcode_block, block);
    if (block > options_.block_cap) ++stats_.postcodes_over_cap;
  };
  for (std::string_view r; postcodes_.Next(r);) {
    std::string_view rest = r;
    if (!TakeOrderedKey(rest, key) || rest.size() != 4) {
      return Status::Internal("a sorted postcode could not be read back");
    }
    if (!any || key != last) {
      if (any) end_block();
      const packed::TermEntry entry{key_bytes, id_count};
      out.Append(std::string_view(reinterpret_cast<const char*>(&entry), sizeof entry));
      keys.Append(key);
      key_bytes += static_cast<uint32_t>(key.size());
      last = key;
      block = 0;
      any = true;
      ++stats_.postcodes;
    }
    ids.Put(static_cast<uint32_t>(ReadBigEndian(rest, 4)));
    ++id_count;
    ++block;
  }
  MHDS_RETURN_IF_ERROR(postcodes_.status());
  if (any) end_block();
  const packed::TermEntry sentinel{key_bytes, id_count};
  out.Append(std::string_view(reinterpret_cast<const char*>(&sentinel), sizeof sentinel));
  out.End(packed::kPostcodeEntries);
  MHDS_RETURN_IF_ERROR(keys.CopyInto(out, packed::kPostcodeKeys));
  return ids.CopyInto(out, packed::kPostcodeIds);
}

// A name table: each name with how many people held it, and the names' bytes.
Status Builder::WriteCounts(SectionWriter& out, ExternalSorter& sorter,
                            packed::Section entries_section, packed::Section keys_section,
                            size_t& distinct) {
  MHDS_RETURN_IF_ERROR(sorter.Finish());
  SpilledSection keys(dir_, "name-keys-" + std::to_string(entries_section));
  out.Begin(entries_section);
  std::string key;
  uint32_t key_bytes = 0, count = 0;
  std::string last;
  bool any = false;
  const auto end_name = [&] {
    const packed::TermEntry entry{key_bytes, count};
    out.Append(std::string_view(reinterpret_cast<const char*>(&entry), sizeof entry));
    keys.Append(last);
    key_bytes += static_cast<uint32_t>(last.size());
    ++distinct;
  };
  for (std::string_view r; sorter.Next(r);) {
    std::string_view rest = r;
    if (!TakeOrderedKey(rest, key)) return Status::Internal("a sorted name could not be read");
    if (any && key != last) {
      end_name();
      count = 0;
    }
    if (!any || key != last) last = key;
    any = true;
    ++count;
  }
  MHDS_RETURN_IF_ERROR(sorter.status());
  if (any) end_name();
  const packed::TermEntry sentinel{key_bytes, 0};
  out.Append(std::string_view(reinterpret_cast<const char*>(&sentinel), sizeof sentinel));
  out.End(entries_section);
  return keys.CopyInto(out, keys_section);
}

Result<PackedIndexStats> Builder::Write(const std::filesystem::path& path) {
  stats_.people = next_id_;
  MHDS_ASSIGN_OR_RETURN(report::AtomicFileWriter file, report::AtomicFileWriter::Create(path));
  SectionWriter out(file);
  out.Append(packed::kMagic);
  const uint32_t head[2] = {packed::kFormat, packed::kByteOrderMark};
  out.Append(std::string_view(reinterpret_cast<const char*>(head), sizeof head));
  MHDS_RETURN_IF_ERROR(WritePeople(out));
  MHDS_RETURN_IF_ERROR(WriteBlocks(out));
  MHDS_RETURN_IF_ERROR(
      WriteCounts(out, family_, packed::kFamilyEntries, packed::kFamilyKeys, stats_.family_names));
  MHDS_RETURN_IF_ERROR(
      WriteCounts(out, given_, packed::kGivenEntries, packed::kGivenKeys, stats_.given_names));
  out.Align();
  packed::Footer& footer = out.footer();
  footer.people = stats_.people;
  std::memcpy(footer.magic, packed::kMagic.data(), sizeof footer.magic);
  out.Append(std::string_view(reinterpret_cast<const char*>(&footer), sizeof footer));
  stats_.bytes = out.position();
  MHDS_RETURN_IF_ERROR(file.Commit());
  return stats_;
}

}  // namespace

Result<PackedIndexStats> BuildPackedIndex(const std::string& people_csv,
                                          const std::filesystem::path& path,
                                          const PackedBuildOptions& options) {
  MHDS_ASSIGN_OR_RETURN(TemporaryFolder temporary, TemporaryFolder::Create(path));
  Builder builder(temporary.path(), options);
  MHDS_RETURN_IF_ERROR(builder.Read(people_csv));
  return builder.Write(path);
}

}  // namespace mhds::trace
