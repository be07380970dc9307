#include "mhds/trace/person.h"

namespace mhds::trace {
namespace {

// Of the entries held on `date`, the one that began last; on a tie, one that has an end. A
// current name with no start date and a maiden name that ended later than `date` are both "held"
// by their dates; the one that ended is the more specific record of that time.
template <typename T>
const T* HeldAt(const std::vector<T>& history, CompactDate date) {
  if (history.empty()) return nullptr;
  const T* held = nullptr;
  if (date != 0) {
    for (const T& entry : history) {
      if (!HeldOn(entry.valid_from, entry.valid_to, date)) continue;
      if (held == nullptr || entry.valid_from > held->valid_from ||
          (entry.valid_from == held->valid_from && held->valid_to == 0 && entry.valid_to != 0)) {
        held = &entry;
      }
    }
  }
  return held != nullptr ? held : &history.front();
}

}  // namespace

bool HeldOn(CompactDate from, CompactDate to, CompactDate date) {
  return (from == 0 || from <= date) && (to == 0 || date <= to);
}

const PersonName* Person::NameAt(CompactDate date) const { return HeldAt(names, date); }

const PersonAddress* Person::AddressAt(CompactDate date) const { return HeldAt(addresses, date); }

}  // namespace mhds::trace
