#include "mhds/trace/person_codec.h"

#include <cstdint>
#include <cstring>

namespace mhds::trace {
namespace {

void PutVarint(uint64_t value, std::string& out) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

void PutString(std::string_view text, std::string& out) {
  PutVarint(text.size(), out);
  out.append(text);
}

void PutDate(CompactDate date, std::string& out) {
  char bytes[sizeof date];
  std::memcpy(bytes, &date, sizeof date);
  out.append(bytes, sizeof bytes);
}

// Reads from the front of `in_`, never past its end; every Get fails once anything is short.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

  bool Varint(uint64_t& value) {
    value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (in_.empty()) return false;
      const auto byte = static_cast<uint8_t>(in_.front());
      in_.remove_prefix(1);
      value |= uint64_t{byte & 0x7fu} << shift;
      if ((byte & 0x80) == 0) return true;
    }
    return false;
  }
  bool String(std::string& text) {
    uint64_t size = 0;
    if (!Varint(size) || size > in_.size()) return false;
    text.assign(in_.substr(0, size));
    in_.remove_prefix(size);
    return true;
  }
  bool Date(CompactDate& date) {
    if (in_.size() < sizeof date) return false;
    std::memcpy(&date, in_.data(), sizeof date);
    in_.remove_prefix(sizeof date);
    return true;
  }
  bool Byte(char& c) {
    if (in_.empty()) return false;
    c = in_.front();
    in_.remove_prefix(1);
    return true;
  }
  // A count of items, each at least one byte long: no more than the bytes left.
  bool Count(uint64_t& count) { return Varint(count) && count <= in_.size(); }
  bool AtEnd() const { return in_.empty(); }
  std::string_view rest() const { return in_; }

 private:
  std::string_view in_;
};

}  // namespace

void PutLength(uint64_t length, std::string& out) { PutVarint(length, out); }

bool GetLength(std::string_view& bytes, uint64_t& length) {
  Reader in(bytes);
  if (!in.Varint(length)) return false;
  bytes = in.rest();
  return true;
}

void EncodePerson(const Person& p, std::string& out) {
  PutString(p.nhs_number, out);
  PutVarint(p.superseded.size(), out);
  for (const std::string& old : p.superseded) PutString(old, out);
  PutDate(p.date_of_birth, out);
  PutDate(p.date_of_death, out);
  out.push_back(p.gender);
  out.push_back(p.sensitive ? 'Y' : 'N');
  PutString(p.gp_practice_code, out);
  PutDate(p.gp_registration_date, out);
  PutVarint(p.names.size(), out);
  for (const PersonName& n : p.names) {
    for (const std::string* s : {&n.family, &n.given, &n.other_given, &n.family_key, &n.given_key,
                                 &n.family_soundex, &n.given_soundex}) {
      PutString(*s, out);
    }
    PutDate(n.valid_from, out);
    PutDate(n.valid_to, out);
  }
  PutVarint(p.addresses.size(), out);
  for (const PersonAddress& a : p.addresses) {
    for (const std::string& line : a.lines) PutString(line, out);
    PutString(a.postcode, out);
    PutString(a.outcode, out);
    PutDate(a.valid_from, out);
    PutDate(a.valid_to, out);
  }
}

bool DecodePerson(std::string_view bytes, Person& p) {
  return DecodePersonFields(bytes, p) && !p.names.empty();
}

bool DecodePersonFields(std::string_view bytes, Person& p) {
  Reader in(bytes);
  uint64_t count = 0;
  if (!in.String(p.nhs_number) || !in.Count(count)) return false;
  p.superseded.resize(count);
  for (std::string& old : p.superseded) {
    if (!in.String(old)) return false;
  }
  char sensitive = 'N';
  if (!in.Date(p.date_of_birth) || !in.Date(p.date_of_death) || !in.Byte(p.gender) ||
      !in.Byte(sensitive) || !in.String(p.gp_practice_code) || !in.Date(p.gp_registration_date) ||
      !in.Count(count)) {
    return false;
  }
  p.sensitive = sensitive == 'Y';
  p.names.resize(count);
  for (PersonName& n : p.names) {
    for (std::string* s : {&n.family, &n.given, &n.other_given, &n.family_key, &n.given_key,
                           &n.family_soundex, &n.given_soundex}) {
      if (!in.String(*s)) return false;
    }
    if (!in.Date(n.valid_from) || !in.Date(n.valid_to)) return false;
  }
  if (!in.Count(count)) return false;
  p.addresses.resize(count);
  for (PersonAddress& a : p.addresses) {
    for (std::string& line : a.lines) {
      if (!in.String(line)) return false;
    }
    if (!in.String(a.postcode) || !in.String(a.outcode) || !in.Date(a.valid_from) ||
        !in.Date(a.valid_to)) {
      return false;
    }
  }
  return in.AtEnd();
}

}  // namespace mhds::trace
