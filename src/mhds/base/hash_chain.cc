#include "mhds/base/hash_chain.h"

namespace mhds {

void AppendChainField(std::string& out, std::optional<std::string_view> field) {
  if (!field) {
    out += "-;";
    return;
  }
  out += std::to_string(field->size());
  out += ':';
  out += *field;
  out += ';';
}

bool HashChainVerifier::Link(int64_t seq, std::string_view prev_hash) {
  if (!result_.ok()) return false;
  if (seq != expected_seq_) {
    return Break(expected_seq_, "entry " + std::to_string(expected_seq_) + " is missing (next is " +
                                    std::to_string(seq) + ")");
  }
  if (prev_hash != prev_) {
    return Break(seq, "its previous-entry hash does not match entry " + std::to_string(seq - 1));
  }
  return true;
}

bool HashChainVerifier::Break(int64_t seq, std::string reason) {
  result_.first_broken = seq;
  result_.reason = std::move(reason);
  return false;
}

}  // namespace mhds
