// One pass over findings and table counts.
#include "mhds/report/totals.h"

namespace mhds::report {

Totals CountTotals(const validate::ValidationResult& result) {
  Totals totals;
  totals.findings = result.findings.size();
  for (const validate::Finding& f : result.findings) {
    if (f.rejects()) {
      ++totals.rejections;
    } else {
      ++totals.warnings;
    }
  }
  for (const validate::TableCounts& t : result.tables) {
    totals.rows_received += t.received;
    totals.rows_accepted += t.accepted;
    totals.rows_rejected += t.rejected;
    if (t.rejected > 0) ++totals.tables_with_rejections;
  }
  return totals;
}

std::string Plural(uint64_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

}  // namespace mhds::report
