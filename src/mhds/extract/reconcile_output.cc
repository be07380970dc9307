#include "mhds/extract/reconcile_output.h"

#include <nlohmann/json.hpp>

#include "mhds/base/calendar.h"
#include "mhds/report/csv_writer.h"

namespace mhds::extract {
namespace {

std::string DateOrBlank(const std::optional<int64_t>& day) {
  return day ? FormatDate(*day) : std::string();
}

bool IsDifference(const ReconcileLine& line) { return line.local != line.national; }

}  // namespace

std::string ReconcileSummary(const Reconciliation& r) {
  std::string out = r.measure + ", " + r.provider + " " + r.period +
                    "\n  your list: " + std::to_string(r.local_count) +
                    "   national derivation: " + std::to_string(r.national_count) +
                    "   in both: " + std::to_string(r.matched) +
                    "   differences: " + std::to_string(r.differences()) + "\n";
  for (const ReconcileLine& line : r.lines) {
    if (line.reason == Reason::kMatched) continue;
    out += "\n" + line.referral + "  " + std::string(ReasonCode(line.reason));
    out += IsDifference(line) ? (line.local ? "  (only in your list)" : "  (only national)")
                              : "  (in both)";
    out += "\n  " + line.detail + "\n  -> " + line.action + "\n";
  }
  return out;
}

std::string ReconcileCsv(const Reconciliation& r) {
  report::CsvWriter csv;
  for (const char* column : {"referral", "in_local_list", "in_national_count", "reason", "rule",
                             "local_first_contact", "national_first_contact", "detail", "action"}) {
    csv.Text(column);
  }
  csv.EndRow();
  for (const ReconcileLine& line : r.lines) {
    csv.Text(line.referral)
        .Text(line.local ? "yes" : "no")
        .Text(line.national ? "yes" : "no")
        .Text(ReasonCode(line.reason))
        .Text(line.rule)
        .Text(DateOrBlank(line.local_date))
        .Text(DateOrBlank(line.national_date))
        .Text(line.detail)
        .Text(line.action);
    csv.EndRow();
  }
  return csv.Take();
}

std::string ReconcileJson(const Reconciliation& r) {
  nlohmann::ordered_json j;
  j["provider"] = r.provider;
  j["period"] = r.period;
  j["measure"] = r.measure + " in the month";
  j["local_count"] = r.local_count;
  j["national_count"] = r.national_count;
  j["matched"] = r.matched;
  j["differences"] = r.differences();
  j["referrals"] = nlohmann::ordered_json::array();
  for (const ReconcileLine& line : r.lines) {
    j["referrals"].push_back({{"referral", line.referral},
                              {"local", line.local},
                              {"national", line.national},
                              {"reason", ReasonCode(line.reason)},
                              {"rule", line.rule},
                              {"local_first_contact", DateOrBlank(line.local_date)},
                              {"national_first_contact", DateOrBlank(line.national_date)},
                              {"detail", line.detail},
                              {"action", line.action}});
  }
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace mhds::extract
