#include "mhds/trace/person.h"

namespace mhds::trace {
namespace {

template <typename T>
const T* HeldAt(const std::vector<T>& history, CompactDate date) {
  if (history.empty()) return nullptr;
  if (date != 0) {
    for (const T& entry : history) {
      if (HeldOn(entry.valid_from, entry.valid_to, date)) return &entry;
    }
  }
  return &history.front();
}

}  // namespace

bool HeldOn(CompactDate from, CompactDate to, CompactDate date) {
  return (from == 0 || from <= date) && (to == 0 || date <= to);
}

const PersonName* Person::NameAt(CompactDate date) const { return HeldAt(names, date); }

const PersonAddress* Person::AddressAt(CompactDate date) const { return HeldAt(addresses, date); }

}  // namespace mhds::trace
