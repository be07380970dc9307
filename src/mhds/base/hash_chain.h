// The checks every hash-chained, append-only log of mhds shares (the landing service's audit log,
// account/audit_log.h, and the governance ledger, govern/ledger.h): how an entry's fields are
// written before hashing, and how a chain is verified. Each entry has a sequence number (1, 2,
// ...), the hash of the previous entry (kChainGenesis for the first) and its own hash, the
// SHA-256 of its fields and the previous hash; the log supplies the hashing, this file the rules.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mhds {

// The previous-entry hash of the first entry: 64 zeros.
inline constexpr std::string_view kChainGenesis =
    "0000000000000000000000000000000000000000000000000000000000000000";

// Appends one field as "<length>:<text>;", or "-;" for an absent one, so that no two different
// entries are written as the same text.
void AppendChainField(std::string& out, std::optional<std::string_view> field);

struct ChainVerification {
  int64_t entries_checked = 0;          // entries whose hash was recomputed
  std::optional<int64_t> first_broken;  // seq of the first entry that does not verify
  std::string reason;                   // why it does not (a gap, a broken link, changed content)
  bool ok() const { return !first_broken.has_value(); }
};

// Verifies a chain one entry at a time, oldest first (so a long log can be read in batches):
// the sequence has no gap, each entry names the previous entry's hash, and its stored hash is the
// one recomputed from its content. Stops at the first entry that breaks the chain.
class HashChainVerifier {
 public:
  // Feeds the next entry; `recompute` returns the hash of its content (called only when the
  // links hold). Returns false once the chain is broken (see result()).
  template <typename Recompute>
  bool Next(int64_t seq, std::string_view prev_hash, std::string_view hash, Recompute recompute) {
    if (!Link(seq, prev_hash)) return false;
    ++result_.entries_checked;
    if (recompute() != hash)
      return Break(seq,
                   "its content does not match its hash (changed "
                   "after it was written)");
    prev_.assign(hash);
    ++expected_seq_;
    return true;
  }
  const ChainVerification& result() const { return result_; }
  int64_t expected_seq() const { return expected_seq_; }

 private:
  bool Link(int64_t seq, std::string_view prev_hash);
  bool Break(int64_t seq, std::string reason);

  ChainVerification result_;
  int64_t expected_seq_ = 1;
  std::string prev_{kChainGenesis};
};

}  // namespace mhds
