#include "mhds/trace/synthetic_population.h"

#include <algorithm>
#include <functional>
#include <string_view>

#include "mhds/report/csv_writer.h"
#include "mhds/trace/compact_date.h"
#include "mhds/trace/people_csv.h"

namespace mhds::trace {
namespace {

// splitmix64: tiny, fast and the same on every platform (unlike std:: distributions).
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  // The whole state: Random(state()) draws what this one would draw next.
  uint64_t state() const { return state_; }
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }
  bool Chance(double p) { return static_cast<double>(Next() >> 11) * 0x1.0p-53 < p; }
  // Skewed towards the front of a list, as names are: a few very common, many rare.
  size_t Skewed(size_t n) {
    const double x = static_cast<double>(Next() >> 11) * 0x1.0p-53;
    return std::min(n - 1, static_cast<size_t>(static_cast<double>(n) * x * x));
  }

 private:
  uint64_t state_;
};

constexpr std::array<std::string_view, 48> kFamilyNames = {
    "Smith",    "Jones",    "Taylor",    "Brown",   "Williams",  "Wilson",  "Johnson", "Davies",
    "Robinson", "Wright",   "Thompson",  "Evans",   "Walker",    "White",   "Roberts", "Green",
    "Hall",     "Wood",     "Jackson",   "Clarke",  "Patel",     "Khan",    "Lewis",   "James",
    "Phillips", "Mason",    "Mitchell",  "Rose",    "Davis",     "Rodgers", "Begum",   "Hughes",
    "Okafor",   "Nowak",    "Kowalski",  "O'Brien", "Ahmed",     "Murphy",  "Lloyd",   "Price",
    "Fletcher", "Ashworth", "Pemberton", "Quayle",  "Lindqvist", "Abara",   "Szabo",   "Tran"};
constexpr std::array<std::string_view, 24> kMaleNames = {
    "James",    "John",   "William", "Robert",  "Michael", "David",  "Thomas", "Daniel",
    "Matthew",  "Joseph", "Samuel",  "Charles", "Edward",  "Peter",  "Andrew", "Richard",
    "Mohammed", "Oliver", "Harry",   "Jacob",   "Ravi",    "Tomasz", "Kofi",   "Liam"};
constexpr std::array<std::string_view, 24> kFemaleNames = {
    "Mary",     "Elizabeth", "Margaret", "Susan",   "Catherine", "Rebecca", "Jennifer", "Victoria",
    "Patricia", "Samantha",  "Olivia",   "Amelia",  "Emily",     "Sophie",  "Grace",    "Aisha",
    "Priya",    "Zofia",     "Chloe",    "Jessica", "Hannah",    "Abigail", "Deborah",  "Amara"};
constexpr std::array<std::string_view, 16> kAreas = {
    "LS", "M", "B", "NE", "S", "L", "BD", "HU", "WF", "HX", "YO", "DN", "SK", "OL", "BL", "WN"};
constexpr std::array<std::string_view, 12> kStreets = {
    "High Street",     "Church Lane", "Mill Road",  "Station Road", "Park Avenue",  "Green Lane",
    "Victoria Street", "Albert Road", "Kings Road", "Queens Drive", "North Street", "Moor Lane"};
constexpr std::string_view kInwardLetters = "ABDEFGHJLNPQRSTUWXYZ";

std::string NhsNumberFrom(uint64_t nine_digits) {
  std::string n = std::to_string(nine_digits);
  int sum = 0;
  for (int i = 0; i < 9; ++i) sum += (n[i] - '0') * (10 - i);
  int check = 11 - sum % 11;
  if (check == 11) check = 0;
  if (check == 10) return "";
  n += static_cast<char>('0' + check);
  // Ten equal digits pass Modulus 11 but are never issued.
  if (n.find_first_not_of(n[0]) == std::string::npos) return "";
  return n;
}

// Numbers passing Modulus 11 under the synthetic scheme of synthetic_population.h: the 999 test
// range first, ascending from 999 000 000x; then 998, 997, ... down to 900.
class NumberSource {
 public:
  NumberSource() = default;
  // The source as it was when position() gave `position`.
  explicit NumberSource(uint32_t position)
      : prefix_(kTestRangePrefix - position / kBlock), offset_(position % kBlock) {}
  // Where the source is: below 10^8 (a hundred prefixes of 10^6 stems).
  uint32_t position() const {
    return static_cast<uint32_t>((kTestRangePrefix - prefix_) * kBlock + offset_);
  }

  // A number never handed out before, or "" once the scheme is used up.
  std::string Take() {
    while (prefix_ >= kLowestSyntheticPrefix) {
      if (offset_ == kBlock) {
        offset_ = 0;
        --prefix_;
        continue;
      }
      std::string n = NhsNumberFrom(prefix_ * kBlock + offset_++);
      if (!n.empty()) return n;
    }
    return "";
  }

 private:
  static constexpr uint64_t kBlock = 1000000;  // nine-digit stems per three-digit prefix
  uint64_t prefix_ = kTestRangePrefix;
  uint64_t offset_ = 0;
};

std::string Postcode(Random& r, size_t households) {
  // Postcodes come from a fixed set sized to the population (~15 households each).
  const size_t code = r.Below(std::max<size_t>(households / 15, 1));
  std::string outward =
      std::string(kAreas[code % kAreas.size()]) + std::to_string(1 + code / kAreas.size() % 30);
  const size_t inward = code / (kAreas.size() * 30);
  std::string text = outward + " " + std::to_string(inward % 10);
  text += kInwardLetters[inward / 10 % kInwardLetters.size()];
  text += kInwardLetters[inward / 200 % kInwardLetters.size()];
  return text;
}

PersonAddress Address(Random& r, size_t households) {
  PersonAddress a;
  a.lines[0] =
      std::to_string(1 + r.Below(200)) + " " + std::string(kStreets[r.Below(kStreets.size())]);
  a.postcode = Postcode(r, households);
  a.lines[1] = "Town " + a.postcode.substr(0, a.postcode.find(' '));
  return a;
}

CompactDate RandomDate(Random& r, int first_year, int years) {
  const int year = first_year + static_cast<int>(r.Below(years));
  const int month = 1 + static_cast<int>(r.Below(12));
  const int day = 1 + static_cast<int>(r.Below(28));
  return year * 10000 + month * 100 + day;
}

std::string_view GivenFor(Random& r, char gender) {
  return gender == '1' ? kMaleNames[r.Skewed(kMaleNames.size())]
                       : kFemaleNames[r.Skewed(kFemaleNames.size())];
}

// One digit of a date changed, keeping it a calendar day.
CompactDate DateTypo(Random& r, CompactDate date) {
  for (int attempt = 0; attempt < 20; ++attempt) {
    std::string text = std::to_string(date);
    const size_t pos = 4 + r.Below(4);  // month or day digits
    text[pos] = static_cast<char>('0' + r.Below(10));
    const std::optional<CompactDate> changed = ParseCompactDate(text);
    if (changed && *changed != date) return *changed;
  }
  return date;
}

std::string NameTypo(Random& r, std::string name) {
  if (name.size() < 5) return name;
  const size_t pos = 1 + r.Below(name.size() - 2);
  std::swap(name[pos], name[pos + 1]);  // a transposition, the commonest keying slip
  return name;
}

std::string_view Nickname(std::string_view given) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kShort = {
      {{"William", "Bill"},
       {"Robert", "Bob"},
       {"Elizabeth", "Liz"},
       {"Margaret", "Peggy"},
       {"James", "Jim"},
       {"Michael", "Mike"},
       {"Catherine", "Kate"},
       {"Richard", "Rick"},
       {"Thomas", "Tom"},
       {"Rebecca", "Becky"}}};
  for (const auto& [formal, nick] : kShort) {
    if (formal == given) return nick;
  }
  return {};
}

// FNV-1a: the same on every platform, unlike std::hash.
uint64_t Fnv1a(std::string_view text, uint64_t h = 0xcbf29ce484222325ULL) {
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

uint64_t NameBirthKey(std::string_view family, std::string_view given, CompactDate birth) {
  uint64_t h = Fnv1a(family);
  h = Fnv1a("|", h);
  h = Fnv1a(given, h);
  return Fnv1a("|" + std::to_string(birth), h);
}

// Every (family name, given name, date of birth) the index holds, current or earlier names, as
// sorted hashes: an "absent" person is drawn until theirs is not among them.
std::vector<uint64_t> HeldNameBirthKeys(const std::vector<Person>& people) {
  std::vector<uint64_t> keys;
  keys.reserve(people.size() * 11 / 10);
  for (const Person& p : people) {
    for (const PersonName& n : p.names) {
      keys.push_back(NameBirthKey(n.family, n.given, p.date_of_birth));
    }
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

// Fresh demographics for someone not in the index: drawn as a person is, redrawn while the
// index holds anyone of that family name, given name and date of birth. After kAttempts
// draws (a tiny index of common names) the family name becomes one no list holds.
void AbsentPerson(Random& r, size_t households, const std::vector<uint64_t>& held,
                  std::array<std::string, kRequestColumnCount>& f) {
  constexpr int kAttempts = 50;
  const char gender = r.Chance(0.5) ? '1' : '2';
  std::string family;
  std::string given;
  CompactDate birth = 0;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    family = std::string(kFamilyNames[r.Skewed(kFamilyNames.size())]);
    given = std::string(GivenFor(r, gender));
    birth = RandomDate(r, 1925, 95);
    if (!std::binary_search(held.begin(), held.end(), NameBirthKey(family, given, birth))) break;
    if (attempt + 1 == kAttempts) family = "Zzyzx";
  }
  const PersonAddress address = Address(r, households);
  f[kFamilyName] = family;
  f[kGivenName] = given;
  f[kGender] = std::string(1, gender);
  f[kDateOfBirth] = FormatCompactDate(birth);
  f[kPostcode] = address.postcode;
  f[kAddressLine1] = address.lines[0];
}

// A family name the person never held, as after a marriage the index was not told of.
std::string UntoldFamilyName(Random& r, const Person& p) {
  while (true) {
    std::string family(kFamilyNames[r.Below(kFamilyNames.size())]);
    if (std::none_of(p.names.begin(), p.names.end(),
                     [&family](const PersonName& n) { return n.family == family; })) {
      return family;
    }
  }
}

}  // namespace

std::vector<std::string> SyntheticNhsNumbers(size_t count) {
  NumberSource numbers;
  std::vector<std::string> out;
  out.reserve(count);
  while (out.size() < count) {
    std::string n = numbers.Take();
    if (n.empty()) break;
    out.push_back(std::move(n));
  }
  return out;
}

bool IsSyntheticNhsNumber(std::string_view number) {
  if (number.size() != 10 || number.find_first_not_of("0123456789") != std::string_view::npos) {
    return false;
  }
  const uint64_t stem = std::stoull(std::string(number.substr(0, 9)));
  return stem / 1000000 >= kLowestSyntheticPrefix && NhsNumberFrom(stem) == number;
}

namespace {

// One person as GeneratePeople draws them; `households` sizes the set of postcodes.
Person DrawPerson(Random& r, NumberSource& numbers, size_t households) {
  Person p;
  p.nhs_number = numbers.Take();
  p.gender = r.Chance(0.01) ? '9' : (r.Chance(0.5) ? '1' : '2');
  p.date_of_birth = RandomDate(r, 1925, 95);
  p.gp_practice_code =
      std::string(1, 'B' + static_cast<char>(r.Below(20))) + std::to_string(80000 + r.Below(1000));
  p.gp_registration_date = RandomDate(r, 2000, 25);
  p.sensitive = r.Chance(0.005);
  if (r.Chance(0.03)) p.date_of_death = RandomDate(r, 2020, 5);
  if (r.Chance(0.01)) {
    std::string old = numbers.Take();
    if (!old.empty()) p.superseded.push_back(std::move(old));
  }
  PersonName name;
  name.family = std::string(kFamilyNames[r.Skewed(kFamilyNames.size())]);
  name.given = std::string(GivenFor(r, p.gender == '1' ? '1' : '2'));
  if (r.Chance(0.3)) name.other_given = std::string(GivenFor(r, p.gender == '1' ? '1' : '2'));
  PersonAddress address = Address(r, households);
  if (p.gender == '2' && r.Chance(0.15)) {
    // Married: the birth family name is kept as history.
    PersonName earlier = name;
    name.family = std::string(kFamilyNames[r.Skewed(kFamilyNames.size())]);
    name.valid_from = 20100101 + static_cast<int>(r.Below(10)) * 10000;
    earlier.valid_to = name.valid_from;
    p.names = {name, earlier};
  } else {
    p.names = {name};
  }
  p.addresses = {address};
  const size_t moves = r.Chance(0.3) ? 1 + r.Below(2) : 0;
  for (size_t m = 0; m < moves; ++m) {
    PersonAddress earlier = Address(r, households);
    earlier.valid_to = 20240101 - static_cast<int>(m) * 30000;
    earlier.valid_from = earlier.valid_to - 30000;
    p.addresses.back().valid_from = earlier.valid_to;
    p.addresses.push_back(earlier);
  }
  return p;
}

// A twin of `p`: same birth date, family name and home; another given name and number.
Person DrawTwin(Random& r, NumberSource& numbers, const Person& p) {
  Person twin = p;
  twin.nhs_number = numbers.Take();
  twin.superseded.clear();
  twin.sensitive = false;
  twin.date_of_death = 0;
  for (PersonName& n : twin.names) n.given = std::string(GivenFor(r, twin.gender));
  if (twin.names.front().given == p.names.front().given) {
    twin.names.front().given = p.gender == '1' ? "Jacob" : "Hannah";
  }
  return twin;
}

constexpr double kTwinChance = 0.02;
constexpr uint32_t kTwinBit = uint32_t{1} << 31;  // above every NumberSource position

}  // namespace

SyntheticPopulation::SyntheticPopulation(size_t count, uint64_t seed)
    : count_(count), households_(std::max<size_t>(count / 2, 1)), random_state_(seed) {
  starts_.reserve(count);
}

bool SyntheticPopulation::Next(size_t max, std::vector<Person>& out) {
  Random r(random_state_);
  NumberSource numbers(number_position_);
  size_t drawn = 0;
  while (starts_.size() < count_ && drawn < max) {
    const Start start{r.state(), numbers.position()};
    Person p = DrawPerson(r, numbers, households_);
    starts_.push_back(start);
    for (const PersonName& n : p.names) {
      held_.push_back(NameBirthKey(n.family, n.given, p.date_of_birth));
    }
    ++drawn;
    // As GeneratePeople: a twin only while there is room for one more.
    if (starts_.size() < count_ && r.Chance(kTwinChance)) {
      Person twin = DrawTwin(r, numbers, p);
      starts_.push_back({start.random_state, start.numbers | kTwinBit});
      for (const PersonName& n : twin.names) {
        held_.push_back(NameBirthKey(n.family, n.given, twin.date_of_birth));
      }
      out.push_back(std::move(p));
      out.push_back(std::move(twin));
      ++drawn;
    } else {
      out.push_back(std::move(p));
    }
  }
  random_state_ = r.state();
  number_position_ = numbers.position();
  if (starts_.size() == count_ && !held_sorted_) {
    std::sort(held_.begin(), held_.end());
    held_sorted_ = true;
  }
  return drawn > 0;
}

Person SyntheticPopulation::At(size_t i) const {
  const Start& start = starts_[i];
  Random r(start.random_state);
  NumberSource numbers(start.numbers & ~kTwinBit);
  Person p = DrawPerson(r, numbers, households_);
  if ((start.numbers & kTwinBit) == 0) return p;
  (void)r.Chance(kTwinChance);  // drawn true when the twin was made
  return DrawTwin(r, numbers, p);
}

std::vector<Person> GeneratePeople(size_t count, uint64_t seed) {
  SyntheticPopulation population(count, seed);
  std::vector<Person> people;
  people.reserve(count);
  while (population.Next(count, people)) {
  }
  return people;
}

namespace {

// GenerateRequests' requests one at a time: `person_at(i)` gives person i of `people_count`,
// `held` the sorted keys of HeldNameBirthKeys, `each` takes every request in turn.
template <typename PersonAt, typename Each>
void DrawRequests(const PersonAt& person_at, size_t people_count, const std::vector<uint64_t>& held,
                  size_t count, uint64_t seed, const Each& each) {
  Random r(seed ^ 0x5A5A5A5A5A5A5A5AULL);
  const size_t households = std::max<size_t>(people_count / 2, 1);
  for (size_t i = 0; i < count; ++i) {
    const Person& p = person_at(r.Below(people_count));
    SyntheticRequest q;
    char reference[32];
    std::snprintf(reference, sizeof reference, "R%06zu", i + 1);
    auto& f = q.fields;
    f[kUniqueReference] = reference;
    f[kFamilyName] = p.names.front().family;
    f[kGivenName] = p.names.front().given;
    f[kGender] = std::string(1, p.gender);
    f[kDateOfBirth] = FormatCompactDate(p.date_of_birth);
    f[kPostcode] = p.addresses.front().postcode;
    f[kAddressLine1] = p.addresses.front().lines[0];
    f[kLocalPatientId] = "L" + std::to_string(100000 + i);
    q.expected_number = p.nhs_number;
    const size_t kind = r.Below(100);
    if (kind < 15) {
      q.corruption = "with_number";
      f[kNhsNo] = p.nhs_number;
    } else if (kind < 40) {
      q.corruption = "exact";
    } else if (kind < 45 && p.addresses.size() > 1) {
      q.corruption = "earlier_postcode";
      f[kPostcode] = p.addresses.back().postcode;
    } else if (kind < 50 && p.names.size() > 1) {
      q.corruption = "earlier_family_name";
      f[kFamilyName] = p.names.back().family;
    } else if (kind < 55 && !Nickname(f[kGivenName]).empty()) {
      q.corruption = "nickname";
      f[kGivenName] = std::string(Nickname(f[kGivenName]));
    } else if (kind < 60) {
      q.corruption = "initial";
      f[kGivenName] = f[kGivenName].substr(0, 1);
    } else if (kind < 65 && SwapDayAndMonth(p.date_of_birth) != 0) {
      q.corruption = "day_month_swapped";
      f[kDateOfBirth] = FormatCompactDate(SwapDayAndMonth(p.date_of_birth));
    } else if (kind < 72) {
      q.corruption = "dob_typo";
      f[kDateOfBirth] = FormatCompactDate(DateTypo(r, p.date_of_birth));
    } else if (kind < 78) {
      q.corruption = "family_name_typo";
      f[kFamilyName] = NameTypo(r, f[kFamilyName]);
    } else if (kind < 82) {
      q.corruption = "moved_unknown";
      f[kPostcode] = Postcode(r, households);
    } else if (kind < 85 && !p.superseded.empty()) {
      q.corruption = "superseded_number";
      f[kNhsNo] = p.superseded.front();
    } else if (kind < 90) {
      // Someone else entirely: nothing of the person drawn is kept.
      q.corruption = "not_in_index";
      q.expected_number.clear();
      AbsentPerson(r, households, held, f);
    } else if (kind < 92) {
      // The person, under a family name the index was never told of: still the person meant,
      // so a tracer that finds them from the rest is right and one that does not has missed.
      q.corruption = "name_change_untold";
      f[kFamilyName] = UntoldFamilyName(r, p);
    } else if (kind < 95) {
      q.corruption = "missing_fields";
      q.expected_number.clear();  // not traceable without a date of birth
      f[kDateOfBirth].clear();
    } else {
      q.corruption = "exact_no_gender";
      f[kGender].clear();
    }
    each(std::move(q));
  }
}

}  // namespace

std::vector<SyntheticRequest> GenerateRequests(const std::vector<Person>& people, size_t count,
                                               uint64_t seed) {
  std::vector<SyntheticRequest> requests;
  requests.reserve(count);
  DrawRequests([&people](size_t i) -> const Person& { return people[i]; }, people.size(),
               HeldNameBirthKeys(people), count, seed,
               [&requests](SyntheticRequest q) { requests.push_back(std::move(q)); });
  return requests;
}

void GenerateRequests(const SyntheticPopulation& people, size_t count, uint64_t seed,
                      const std::function<void(const SyntheticRequest&)>& each) {
  DrawRequests([&people](size_t i) { return people.At(i); }, people.size(),
               people.held_name_birth_keys(), count, seed,
               [&each](const SyntheticRequest& q) { each(q); });
}

std::string PeopleCsvText(const std::vector<Person>& people) {
  std::string text = PeopleCsvHeader();
  AppendPeopleCsvRows(people, text);
  return text;
}

std::string PeopleCsvHeader() {
  report::CsvWriter csv;
  for (const std::string& column : PeopleCsvColumns()) csv.Text(column);
  csv.EndRow();
  return csv.Take();
}

void AppendPeopleCsvRows(const std::vector<Person>& people, std::string& out) {
  report::CsvWriter csv;
  // Cells in PeopleCsvColumns() order; blank where the record type has no such field.
  const auto row = [&csv](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < PeopleCsvColumns().size(); ++i) {
      if (i < cells.size() && !cells[i].empty()) {
        csv.Text(cells[i]);
      } else {
        csv.Blank();
      }
    }
    csv.EndRow();
  };
  for (const Person& p : people) {
    std::string superseded;
    for (const std::string& old : p.superseded) superseded += (superseded.empty() ? "" : ";") + old;
    row({"person", p.nhs_number, FormatCompactDate(p.date_of_birth),
         FormatCompactDate(p.date_of_death), std::string(1, p.gender), p.gp_practice_code,
         FormatCompactDate(p.gp_registration_date), p.sensitive ? "Y" : "N", superseded});
    for (const PersonName& n : p.names) {
      row({"name",
           p.nhs_number,
           "",
           "",
           "",
           "",
           "",
           "",
           "",
           n.family,
           n.given,
           n.other_given,
           "",
           "",
           "",
           "",
           "",
           "",
           FormatCompactDate(n.valid_from),
           FormatCompactDate(n.valid_to)});
    }
    for (const PersonAddress& a : p.addresses) {
      row({"address",
           p.nhs_number,
           "",
           "",
           "",
           "",
           "",
           "",
           "",
           "",
           "",
           "",
           a.lines[0],
           a.lines[1],
           a.lines[2],
           a.lines[3],
           a.lines[4],
           a.postcode,
           FormatCompactDate(a.valid_from),
           FormatCompactDate(a.valid_to)});
    }
  }
  out += csv.text();
}

std::string RequestFileText(const std::vector<SyntheticRequest>& requests,
                            std::string_view timestamp) {
  std::string text = RequestFileHeader(requests.size(), timestamp);
  for (const SyntheticRequest& q : requests) AppendRequestRecord(q, text);
  return text;
}

std::string RequestFileHeader(size_t count, std::string_view timestamp) {
  report::CsvWriter csv;
  csv.Text("MPTREQ_" + std::string(timestamp))
      .Text("SPINE_MPTPHASE4_TRACE")
      .Text(timestamp)
      .Number(count);
  csv.EndRow();
  return csv.Take();
}

void AppendRequestRecord(const SyntheticRequest& q, std::string& out) {
  report::CsvWriter csv;
  for (const std::string& field : q.fields) {
    if (field.empty()) {
      csv.Blank();
    } else {
      csv.Text(field);
    }
  }
  csv.EndRow();
  out += csv.text();
}

std::string ExpectedText(const std::vector<SyntheticRequest>& requests) {
  std::string text = ExpectedHeader();
  for (const SyntheticRequest& q : requests) AppendExpectedRow(q, text);
  return text;
}

std::string ExpectedHeader() {
  report::CsvWriter csv;
  csv.Text("UNIQUE_REFERENCE").Text("EXPECTED_NHS_NO").Text("CORRUPTION");
  csv.EndRow();
  return csv.Take();
}

void AppendExpectedRow(const SyntheticRequest& q, std::string& out) {
  report::CsvWriter csv;
  csv.Text(q.fields[kUniqueReference]);
  if (q.expected_number.empty()) {
    csv.Blank();
  } else {
    csv.Text(q.expected_number);
  }
  csv.Text(q.corruption);
  csv.EndRow();
  out += csv.text();
}

}  // namespace mhds::trace
