#include "submission_generator.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string_view>
#include <vector>

#include "civil_date.h"
#include "csv_table_writer.h"
#include "rng.h"

namespace mhds::bench {
namespace {

// The population's shape (see the header comment).
constexpr double kSecondReferralChance = 0.5;
constexpr int64_t kMinContacts = 3;  // per referral; the mean is 5
constexpr int64_t kMaxContacts = 7;
constexpr double kDischargedChance = 0.15;
constexpr uint64_t kPatientMinRows = 3;  // MPI, GP, one referral
constexpr uint64_t kRowsPerTeam = 2000;
constexpr uint64_t kMinTeams = 10;
constexpr uint64_t kMaxTeams = 500;
constexpr uint64_t kRowsPerStaff = 500;
constexpr uint64_t kMinStaff = 20;
constexpr uint64_t kMaxStaff = 5000;
constexpr int64_t kOldestBirth = DaysFromCivil(1936, 1, 1);
constexpr int64_t kYoungestBirth = DaysFromCivil(2022, 12, 31);
constexpr int64_t kReferralLookbackDays = 730;

// Every one fails a CCYY-MM-DD calendar check; the first is the one SQL date() lets through.
constexpr std::string_view kBadDates[] = {"2026-02-30", "2026/10/05", "05-10-2026", "2026-13-01",
                                          "2026-10-32"};
constexpr std::string_view kPostcodes[] = {"LS1 4AP",  "M1 1AE",   "B33 8TH",  "CR2 6XH",
                                           "DN55 1PT", "W1A 1HQ",  "EC1A 1BB", "NE1 7RU",
                                           "BS1 5TR",  "SW1A 2AA", "L3 9PP",   "S10 2TN"};
constexpr std::string_view kCommissioners[] = {"15F", "03Q", "36J", "15N", "QWO"};
constexpr std::string_view kMissingReferralPrefix = "SRX";  // real ids start "SR" + digit

void AppendNumber(std::string& out, uint64_t value, int width) {
  char digits[24];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  for (int i = n; i < width; ++i) out.push_back('0');
  while (n > 0) out.push_back(digits[--n]);
}

std::string Id(std::string_view prefix, uint64_t number, int width) {
  std::string id(prefix);
  AppendNumber(id, number, width);
  return id;
}

// A value with the item's format that is not one of `codes`; empty if none was found.
std::string InvalidCode(const SpecItem& item, const std::vector<std::string>& codes) {
  const int length = std::max(item.max_length, 1);
  for (char c : std::string_view(item.numeric ? "9876" : "QJKV")) {
    std::string candidate(static_cast<size_t>(length), c);
    if (std::find(codes.begin(), codes.end(), candidate) == codes.end()) return candidate;
  }
  return "";
}

// One table being written and what its defects need.
struct Table {
  std::unique_ptr<CsvTableWriter> writer;
  TableSummary* summary = nullptr;
  int date_column = -1;                                // target of kBadDate
  std::vector<const std::vector<std::string>*> codes;  // per column: its code list, or null
  std::vector<std::string> bad_code;                   // per column: see InvalidCode
  bool mandatory_checked = false;

  int Col(std::string_view short_name) const { return writer->table().Column(short_name); }
  void Set(std::string_view short_name, std::string_view value) {
    writer->Set(Col(short_name), value);
  }
};

class Generator {
 public:
  Generator(const SpecTables& spec, const GeneratorOptions& options,
            std::map<std::string, TableSummary>& summary)
      : spec_(spec), options_(options), summary_(summary), rng_(options.seed) {}

  bool Run(std::string& error);

 private:
  bool Open(std::string_view code, std::string_view date_item, Table& table, std::string& error);
  void SetCode(Table& table, std::string_view short_name);
  // Applies at most one defect to the current row, then writes it.
  void FinishRow(Table& table, bool is_contact);
  void ApplyDefect(Table& table, bool is_contact);

  void WriteHeader();
  void WriteTeams(uint64_t count);
  void WriteStaff(uint64_t count);
  void WritePatient(const std::vector<int64_t>& contacts_per_referral);
  std::string NextNhsNumber();
  std::string RandomTime();

  const SpecTables& spec_;
  const GeneratorOptions& options_;
  std::map<std::string, TableSummary>& summary_;
  Rng rng_;
  std::string error_;  // set by FinishRow when a mandatory item was left blank
  int64_t period_start_ = 0;
  int64_t period_end_ = 0;

  Table header_, mpi_, gp_, referral_, contact_, staff_, team_;
  std::vector<std::string> team_ids_;
  uint64_t patients_ = 0;
  uint64_t referrals_ = 0;
  uint64_t contacts_ = 0;
  uint64_t missing_referrals_ = 0;
  uint64_t nhs_candidate_ = 0;
  std::string last_contact_id_;
  std::vector<int> candidates_;  // scratch for ApplyDefect
};

bool Generator::Open(std::string_view code, std::string_view date_item, Table& table,
                     std::string& error) {
  const SpecTable* spec_table = spec_.Find(code);
  if (spec_table == nullptr) {
    error = "the spec has no table " + std::string(code);
    return false;
  }
  table.writer = std::make_unique<CsvTableWriter>(options_.out_dir, *spec_table);
  if (!table.writer->ok()) {
    error = table.writer->path() + ": cannot create";
    return false;
  }
  table.summary = &summary_[spec_table->idb_name];
  table.date_column = date_item.empty() ? -1 : table.Col(date_item);
  for (const SpecItem& item : spec_table->items) {
    auto list = spec_.codes.find(item.code_list);
    bool coded = !item.code_list.empty() && list != spec_.codes.end() && !list->second.empty();
    table.codes.push_back(coded ? &list->second : nullptr);
    table.bad_code.push_back(coded ? InvalidCode(item, list->second) : "");
  }
  return true;
}

void Generator::SetCode(Table& table, std::string_view short_name) {
  const int column = table.Col(short_name);
  if (column < 0 || table.codes[static_cast<size_t>(column)] == nullptr) return;
  const std::vector<std::string>& codes = *table.codes[static_cast<size_t>(column)];
  table.writer->Set(column, codes[rng_.Below(codes.size())]);
}

void Generator::FinishRow(Table& table, bool is_contact) {
  if (!table.mandatory_checked) {
    // The first row shows whether the generator fills every mandatory item of this spec.
    table.mandatory_checked = true;
    const std::vector<SpecItem>& items = table.writer->table().items;
    for (size_t i = 0; i < items.size(); ++i) {
      if (items[i].mandatory && table.writer->Get(static_cast<int>(i)).empty() && error_.empty()) {
        error_ = "the generator does not fill mandatory item " + items[i].short_name + " of " +
                 table.writer->table().idb_name + "; teach submission_generator.cc about it";
      }
    }
  }
  if (&table != &header_ && options_.defect_rate > 0 && rng_.Chance(options_.defect_rate)) {
    ApplyDefect(table, is_contact);
  }
  if (is_contact) last_contact_id_ = table.writer->Get(table.Col("CareContactID"));
  table.writer->EndRow();
  ++table.summary->rows;
}

void Generator::ApplyDefect(Table& table, bool is_contact) {
  CsvTableWriter& w = *table.writer;
  const std::vector<SpecItem>& items = w.table().items;
  DefectKind kinds[kDefectKinds];
  int n = 0;
  if (table.date_column >= 0 && !w.Get(table.date_column).empty())
    kinds[n++] = DefectKind::kBadDate;
  bool any_blankable = false;
  bool any_coded = false;
  for (size_t i = 0; i < items.size(); ++i) {
    if (w.Get(static_cast<int>(i)).empty()) continue;
    any_blankable |= items[i].mandatory && !spec_.IsJoinItem(items[i].short_name);
    any_coded |= !table.bad_code[i].empty();
  }
  if (any_blankable) kinds[n++] = DefectKind::kBlankMandatory;
  if (any_coded) kinds[n++] = DefectKind::kInvalidCode;
  if (is_contact && !last_contact_id_.empty()) kinds[n++] = DefectKind::kDuplicateContactId;
  if (is_contact) kinds[n++] = DefectKind::kMissingReferral;
  if (n == 0) return;

  const DefectKind kind = kinds[rng_.Below(static_cast<uint64_t>(n))];
  candidates_.clear();
  switch (kind) {
    case DefectKind::kBadDate:
      w.Set(table.date_column, kBadDates[rng_.Below(std::size(kBadDates))]);
      break;
    case DefectKind::kBlankMandatory:
    case DefectKind::kInvalidCode:
      for (size_t i = 0; i < items.size(); ++i) {
        if (w.Get(static_cast<int>(i)).empty()) continue;
        bool fits = kind == DefectKind::kBlankMandatory
                        ? items[i].mandatory && !spec_.IsJoinItem(items[i].short_name)
                        : !table.bad_code[i].empty();
        if (fits) candidates_.push_back(static_cast<int>(i));
      }
      {
        const int column = candidates_[rng_.Below(candidates_.size())];
        w.Set(column, kind == DefectKind::kBlankMandatory
                          ? std::string_view()
                          : std::string_view(table.bad_code[static_cast<size_t>(column)]));
      }
      break;
    case DefectKind::kDuplicateContactId:
      w.Set(table.Col("CareContactID"), last_contact_id_);
      break;
    case DefectKind::kMissingReferral:
      w.Set(table.Col("ServiceRequestID"), Id(kMissingReferralPrefix, ++missing_referrals_, 9));
      break;
  }
  ++table.summary->defects[static_cast<size_t>(kind)];
}

// NHS Numbers: nine digits, then the Modulus 11 check digit. Candidates walk a permutation of
// 400000000..899999999 (multiplying by 3^18, which is prime to 5 * 10^8), so numbers are unique
// without a set; candidates whose check digit would be 10 are skipped, as are repeated digits.
std::string Generator::NextNhsNumber() {
  constexpr uint64_t kSpan = 500000000;
  constexpr uint64_t kStep = 387420489;
  for (;;) {
    const uint64_t body = 400000000 + (nhs_candidate_++ * kStep) % kSpan;
    std::string number;
    AppendNumber(number, body, 9);
    int sum = 0;
    for (int i = 0; i < 9; ++i) sum += (number[static_cast<size_t>(i)] - '0') * (10 - i);
    const int check = (11 - sum % 11) % 11;
    if (check == 10) continue;
    number.push_back(static_cast<char>('0' + check));
    if (number.find_first_not_of(number[0]) == std::string::npos) continue;
    return number;
  }
}

std::string Generator::RandomTime() {
  std::string time;
  AppendNumber(time, static_cast<uint64_t>(rng_.Between(8, 18)), 2);
  time.push_back(':');
  AppendNumber(time, rng_.Below(60), 2);
  time.push_back(':');
  AppendNumber(time, rng_.Below(60), 2);
  return time;
}

void Generator::WriteHeader() {
  header_.Set("DatSetVer", spec_.version);
  header_.Set("PrimSystemInUse", "mhds bench generator");
  header_.Set("ReportingPeriodStartDate", DateText(period_start_));
  header_.Set("ReportingPeriodEndDate", DateText(period_end_));
  header_.Set("DateTimeDatSetCreate", DateText(period_end_ + 2) + "T09:00:00");
  header_.Set("OrgIDProvider", options_.org);
  header_.Set("OrgIDSubmit", options_.org);
  FinishRow(header_, false);
}

void Generator::WriteTeams(uint64_t count) {
  for (uint64_t i = 1; i <= count; ++i) {
    team_ids_.push_back(Id("TEAM", i, 4));
    team_.Set("CareProfTeamLocalID", team_ids_.back());
    team_.Set("OrgIDCareProfTeamLocalID", options_.org);
    SetCode(team_, "ServTeamTypeMH");
    SetCode(team_, "ServTeamIntAgeGroup");
    FinishRow(team_, false);
  }
}

void Generator::WriteStaff(uint64_t count) {
  for (uint64_t i = 1; i <= count; ++i) {
    staff_.Set("CareProfLocalID", Id("CP", i, 6));
    staff_.Set("OrgIDCareProfLocalID", options_.org);
    FinishRow(staff_, false);
  }
}

void Generator::WritePatient(const std::vector<int64_t>& contacts_per_referral) {
  const std::string patient_id = Id("LPI", ++patients_, 9);
  const int64_t birth = rng_.Between(kOldestBirth, kYoungestBirth);
  mpi_.Set("LocalPatientID", patient_id);
  mpi_.Set("OrgIDLocalPatientID", options_.org);
  mpi_.Set("NHSNumber", NextNhsNumber());
  mpi_.Set("NHSNumberStatus", "01");  // present and verified, as the number is given
  mpi_.Set("PersonBirthDate", DateText(birth));
  mpi_.Set("Postcode", kPostcodes[rng_.Below(std::size(kPostcodes))]);
  SetCode(mpi_, "Gender");
  SetCode(mpi_, "EthnicCategory");
  SetCode(mpi_, "MaritalStatus");
  SetCode(mpi_, "GenderIDCode");
  SetCode(mpi_, "GenderSameAtBirth");
  FinishRow(mpi_, false);

  gp_.Set("LocalPatientID", patient_id);
  gp_.Set("GMPReg", std::string(1, static_cast<char>('A' + rng_.Below(25))) +
                        Id("", 80000 + rng_.Below(10000), 5));
  gp_.Set("StartDateGMPRegistration", DateText(rng_.Between(birth, period_end_)));
  gp_.Set("OrgIDGPPrac", kCommissioners[rng_.Below(std::size(kCommissioners))]);
  FinishRow(gp_, false);

  const std::string_view commissioner = kCommissioners[rng_.Below(std::size(kCommissioners))];
  for (int64_t contacts : contacts_per_referral) {
    const std::string referral_id = Id("SR", ++referrals_, 10);
    const int64_t received =
        rng_.Between(std::max(birth, period_start_ - kReferralLookbackDays), period_end_);
    const int64_t first_contact = std::max(received, period_start_);
    int64_t last_contact = period_end_;
    referral_.Set("LocalPatientID", patient_id);
    referral_.Set("ServiceRequestID", referral_id);
    referral_.Set("ReferralRequestReceivedDate", DateText(received));
    referral_.Set("ReferralRequestReceivedTime", RandomTime());
    referral_.Set("OrgIDComm", commissioner);
    referral_.Set("CareProfTeamLocalID", team_ids_[rng_.Below(team_ids_.size())]);
    SetCode(referral_, "SourceOfReferralMH");
    SetCode(referral_, "ClinRespPriorityType");
    SetCode(referral_, "PrimReasonReferralMH");
    if (rng_.Chance(kDischargedChance)) {
      last_contact = rng_.Between(first_contact, period_end_);
      referral_.Set("ServDischDate", DateText(last_contact));
      referral_.Set("ServDischTime", RandomTime());
      SetCode(referral_, "ReferClosReason");
    }
    FinishRow(referral_, false);

    for (int64_t c = 0; c < contacts; ++c) {
      contact_.Set("CareContactID", Id("CC", ++contacts_, 11));
      contact_.Set("ServiceRequestID", referral_id);
      contact_.Set("CareContDate", DateText(rng_.Between(first_contact, last_contact)));
      contact_.Set("CareContTime", RandomTime());
      contact_.Set("ClinContDurOfCareCont",
                   Id("", static_cast<uint64_t>(rng_.Between(15, 120)), 0));
      contact_.Set("OrgIDComm", commissioner);
      SetCode(contact_, "AdminCatCode");
      SetCode(contact_, "AttendStatus");
      SetCode(contact_, "ConsMechanismMH");
      FinishRow(contact_, true);
    }
  }
}

bool Generator::Run(std::string& error) {
  if (!ParseMonth(options_.period, period_start_, period_end_)) {
    error = "--period '" + options_.period + "' is not CCYY-MM";
    return false;
  }
  const uint64_t teams = std::clamp(options_.rows / kRowsPerTeam, kMinTeams, kMaxTeams);
  const uint64_t staff = std::clamp(options_.rows / kRowsPerStaff, kMinStaff, kMaxStaff);
  if (options_.rows < 1 + teams + staff + kPatientMinRows) {
    error = "--rows must be at least " + std::to_string(1 + teams + staff + kPatientMinRows);
    return false;
  }
  std::error_code ec;
  std::filesystem::create_directories(options_.out_dir, ec);
  if (ec) {
    error = options_.out_dir + ": " + ec.message();
    return false;
  }
  if (!Open("MHS000", "", header_, error) || !Open("MHS001", "PersonBirthDate", mpi_, error) ||
      !Open("MHS002", "StartDateGMPRegistration", gp_, error) ||
      !Open("MHS101", "ReferralRequestReceivedDate", referral_, error) ||
      !Open("MHS201", "CareContDate", contact_, error) || !Open("MHS901", "", staff_, error) ||
      !Open("MHS902", "", team_, error)) {
    return false;
  }
  WriteHeader();
  WriteTeams(teams);
  WriteStaff(staff);

  // Patients until the row budget is spent; the last one absorbs the remainder so that the
  // total is exactly --rows.
  uint64_t remaining = options_.rows - 1 - teams - staff;
  std::vector<int64_t> contacts;
  while (remaining >= kPatientMinRows && error_.empty()) {
    const int referrals = remaining >= 4 && rng_.Chance(kSecondReferralChance) ? 2 : 1;
    int64_t budget = static_cast<int64_t>(remaining) - 2 - referrals;
    contacts.assign(static_cast<size_t>(referrals), 0);
    for (int64_t& c : contacts) {
      c = std::min(rng_.Between(kMinContacts, kMaxContacts), budget);
      budget -= c;
    }
    if (budget < static_cast<int64_t>(kPatientMinRows)) {
      contacts.back() += budget;
      budget = 0;
    }
    WritePatient(contacts);
    remaining = static_cast<uint64_t>(budget);
  }

  for (Table* table : {&header_, &mpi_, &gp_, &referral_, &contact_, &staff_, &team_}) {
    if (!table->writer->Close() && error.empty()) error = table->writer->path() + ": write failed";
  }
  if (error.empty()) error = error_;
  return error.empty();
}

}  // namespace

const char* DefectName(DefectKind kind) {
  switch (kind) {
    case DefectKind::kBadDate:
      return "bad_date";
    case DefectKind::kBlankMandatory:
      return "blank_mandatory";
    case DefectKind::kInvalidCode:
      return "invalid_code";
    case DefectKind::kDuplicateContactId:
      return "duplicate_contact_id";
    case DefectKind::kMissingReferral:
      return "missing_referral";
  }
  return "?";
}

bool GenerateSubmission(const SpecTables& spec, const GeneratorOptions& options,
                        std::map<std::string, TableSummary>& summary, std::string& error) {
  Generator generator(spec, options, summary);
  return generator.Run(error);
}

}  // namespace mhds::bench
