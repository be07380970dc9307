#include "mhds/trace/synthetic_population.h"

#include <algorithm>
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

// Numbers passing Modulus 11 in the 999 test range, ascending from 999 000 000x. That range holds
// only 909,091 valid numbers; a larger population continues in 998, then 997, ... which are
// outside the ranges issued to patients too (docs/tracing.md).
class NumberSource {
 public:
  std::string Take() {
    while (true) {
      if (offset_ == kBlock) {
        offset_ = 0;
        --prefix_;
      }
      std::string n = NhsNumberFrom(prefix_ * kBlock + offset_++);
      if (!n.empty()) return n;
    }
  }

 private:
  static constexpr uint64_t kBlock = 1000000;  // nine-digit stems per three-digit prefix
  uint64_t prefix_ = 999;
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

}  // namespace

std::vector<Person> GeneratePeople(size_t count, uint64_t seed) {
  Random r(seed);
  // One source for current and superseded numbers, so no number is used twice.
  NumberSource numbers;
  const size_t households = std::max<size_t>(count / 2, 1);
  std::vector<Person> people;
  people.reserve(count);
  while (people.size() < count) {
    Person p;
    p.nhs_number = numbers.Take();
    p.gender = r.Chance(0.01) ? '9' : (r.Chance(0.5) ? '1' : '2');
    p.date_of_birth = RandomDate(r, 1925, 95);
    p.gp_practice_code = std::string(1, 'B' + static_cast<char>(r.Below(20))) +
                         std::to_string(80000 + r.Below(1000));
    p.gp_registration_date = RandomDate(r, 2000, 25);
    p.sensitive = r.Chance(0.005);
    if (r.Chance(0.03)) p.date_of_death = RandomDate(r, 2020, 5);
    if (r.Chance(0.01)) p.superseded.push_back(numbers.Take());
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
    people.push_back(p);
    if (people.size() < count && r.Chance(0.02)) {
      // A twin: same birth date, family name and home; another given name and number.
      Person twin = p;
      twin.nhs_number = numbers.Take();
      twin.superseded.clear();
      twin.sensitive = false;
      twin.date_of_death = 0;
      for (PersonName& n : twin.names) n.given = std::string(GivenFor(r, twin.gender));
      if (twin.names.front().given == p.names.front().given) {
        twin.names.front().given = p.gender == '1' ? "Jacob" : "Hannah";
      }
      people.push_back(std::move(twin));
    }
  }
  return people;
}

std::vector<SyntheticRequest> GenerateRequests(const std::vector<Person>& people, size_t count,
                                               uint64_t seed) {
  Random r(seed ^ 0x5A5A5A5A5A5A5A5AULL);
  std::vector<SyntheticRequest> requests;
  requests.reserve(count);
  const size_t households = std::max<size_t>(people.size() / 2, 1);
  for (size_t i = 0; i < count; ++i) {
    const Person& p = people[r.Below(people.size())];
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
    } else if (kind < 92) {
      q.corruption = "not_in_index";
      q.expected_number.clear();
      f[kDateOfBirth] = FormatCompactDate(RandomDate(r, 1925, 95));
      f[kFamilyName] = "Zzyzx";
    } else if (kind < 95) {
      q.corruption = "missing_fields";
      q.expected_number.clear();  // not traceable without a date of birth
      f[kDateOfBirth].clear();
    } else {
      q.corruption = "exact_no_gender";
      f[kGender].clear();
    }
    requests.push_back(std::move(q));
  }
  return requests;
}

std::string PeopleCsvText(const std::vector<Person>& people) {
  report::CsvWriter csv;
  for (const std::string& column : PeopleCsvColumns()) csv.Text(column);
  csv.EndRow();
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
  return csv.Take();
}

std::string RequestFileText(const std::vector<SyntheticRequest>& requests,
                            std::string_view timestamp) {
  report::CsvWriter csv;
  csv.Text("MPTREQ_" + std::string(timestamp))
      .Text("SPINE_MPTPHASE4_TRACE")
      .Text(timestamp)
      .Number(requests.size());
  csv.EndRow();
  for (const SyntheticRequest& q : requests) {
    for (const std::string& field : q.fields) {
      if (field.empty()) {
        csv.Blank();
      } else {
        csv.Text(field);
      }
    }
    csv.EndRow();
  }
  return csv.Take();
}

std::string ExpectedText(const std::vector<SyntheticRequest>& requests) {
  report::CsvWriter csv;
  csv.Text("UNIQUE_REFERENCE").Text("EXPECTED_NHS_NO").Text("CORRUPTION");
  csv.EndRow();
  for (const SyntheticRequest& q : requests) {
    csv.Text(q.fields[kUniqueReference]);
    if (q.expected_number.empty()) {
      csv.Blank();
    } else {
      csv.Text(q.expected_number);
    }
    csv.Text(q.corruption);
    csv.EndRow();
  }
  return csv.Take();
}

}  // namespace mhds::trace
