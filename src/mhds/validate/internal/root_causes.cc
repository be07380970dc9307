#include "mhds/validate/internal/root_causes.h"

#include <algorithm>
#include <map>

namespace mhds::validate::internal {

std::vector<RootCause> RankRootCauses(const std::deque<Finding>& findings,
                                      const std::vector<TableData>& tables) {
  // root[f] and clean[f] for every finding, memoised; causes always point at earlier findings,
  // so one forward pass settles them.
  std::vector<FindingId> root(findings.size() + 1, kNoFinding);
  std::vector<uint8_t> clean(findings.size() + 1, 0);
  for (const Finding& f : findings) {
    bool row_clean = true;
    if (f.table >= 0 && f.row > 0) {
      row_clean = tables[f.table].independent_rejections[f.row - 1] <= 1;
    }
    if (f.cause == kNoFinding) {
      root[f.id] = f.id;
      clean[f.id] = row_clean;
    } else {
      root[f.id] = root[f.cause];
      clean[f.id] = row_clean && clean[f.cause];
    }
  }
  std::map<FindingId, RootCause> by_root;
  std::map<FindingId, std::map<int, uint64_t>> tables_by_root;
  for (size_t t = 0; t < tables.size(); ++t) {
    const TableData& data = tables[t];
    for (uint64_t row = 0; row < data.rows; ++row) {
      FindingId f = data.reject_cause[row];
      if (f == kNoFinding) continue;
      FindingId r = root[f];
      RootCause& rc = by_root[r];
      rc.finding = r;
      ++rc.rows_rejected;
      rc.rows_restored += clean[f];
      ++tables_by_root[r][static_cast<int>(t)];
    }
  }
  std::vector<RootCause> out;
  out.reserve(by_root.size());
  for (auto& [id, rc] : by_root) {
    for (auto& [t, n] : tables_by_root[id]) rc.by_table.emplace_back(t, n);
    out.push_back(std::move(rc));
  }
  std::sort(out.begin(), out.end(), [](const RootCause& a, const RootCause& b) {
    if (a.rows_restored != b.rows_restored) return a.rows_restored > b.rows_restored;
    if (a.rows_rejected != b.rows_rejected) return a.rows_rejected > b.rows_rejected;
    return a.finding < b.finding;
  });
  return out;
}

}  // namespace mhds::validate::internal
