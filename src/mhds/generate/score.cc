#include "mhds/generate/score.h"

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

namespace mhds::generate {
namespace {

using Json = nlohmann::json;
using FindingKey = std::tuple<std::string, std::string, uint64_t>;  // code, table, row

struct ReportFinding {
  uint64_t id = 0;
  FindingKey key;
  bool has_cause = false;
};

std::string Describe(const FindingKey& k) {
  const auto& [code, table, row] = k;
  std::string text = code;
  if (!table.empty()) text += " " + table;
  if (row != 0) text += " row " + std::to_string(row);
  return text;
}

std::string CascadeText(const std::map<std::string, uint64_t>& cascade) {
  std::string text;
  for (const auto& [table, n] : cascade) {
    text += (text.empty() ? "" : ", ") + table + "=" + std::to_string(n);
  }
  return text.empty() ? "nothing" : text;
}

}  // namespace

Result<ScoreResult> Score(std::string_view report_json, const std::string& report_name,
                          const Expected& expected) {
  Json report = Json::parse(report_json, nullptr, false);
  if (report.is_discarded() || !report.is_object() || !report.contains("findings")) {
    return Status::DataError(report_name +
                             ": not a JSON report of mhds validate (no \"findings\")");
  }
  std::vector<ReportFinding> findings;
  std::map<uint64_t, std::map<std::string, uint64_t>> by_table;  // root finding -> cascade
  try {
    for (const Json& f : report.at("findings")) {
      ReportFinding rf;
      rf.id = f.at("id").get<uint64_t>();
      std::get<0>(rf.key) = f.at("code").get<std::string>();
      if (f.at("table").is_string()) std::get<1>(rf.key) = f["table"].get<std::string>();
      if (f.at("row").is_number()) std::get<2>(rf.key) = f["row"].get<uint64_t>();
      rf.has_cause = !f.at("cause").is_null();
      findings.push_back(std::move(rf));
    }
    if (report.contains("root_causes")) {
      for (const Json& root : report["root_causes"]) {
        auto& cascade = by_table[root.at("finding").get<uint64_t>()];
        for (const auto& [table, n] : root.at("by_table").items()) {
          cascade[table] = n.get<uint64_t>();
        }
      }
    }
  } catch (const Json::exception& e) {
    return Status::DataError(report_name + ": " + e.what());
  }

  ScoreResult score;
  std::map<std::string, CodeScore> codes;
  std::set<FindingKey> wanted;
  for (const ExpectedDefect& d : expected.defects) {
    for (uint64_t row : d.rows) {
      if (wanted.insert({d.code, d.table, row}).second) ++codes[d.code].expected;
    }
    for (const ExpectedDefect::Also& a : d.also) {
      if (wanted.insert({a.code, a.table, a.row}).second) ++codes[a.code].expected;
    }
  }
  std::set<FindingKey> allowed;
  for (const auto& w : expected.expected_warnings) allowed.insert(w);

  std::set<FindingKey> seen;
  std::map<FindingKey, uint64_t> root_id;  // wanted key -> id of its finding without a cause
  for (const ReportFinding& f : findings) {
    if (wanted.count(f.key)) {
      seen.insert(f.key);
      if (!f.has_cause) root_id.emplace(f.key, f.id);
    } else if (!f.has_cause && !allowed.count(f.key)) {
      ++codes[std::get<0>(f.key)].unexpected;
      ++score.unexpected;
      score.problems.push_back("unexpected " + Describe(f.key) + " (finding " +
                               std::to_string(f.id) + ")");
    }
  }
  for (const FindingKey& k : wanted) {
    if (seen.count(k)) {
      ++codes[std::get<0>(k)].found;
      ++score.found;
    } else {
      ++codes[std::get<0>(k)].missed;
      ++score.missed;
      score.problems.push_back("missed " + Describe(k));
    }
  }
  score.expected = wanted.size();

  for (const ExpectedDefect& d : expected.defects) {
    if (d.cascade.empty()) continue;
    uint64_t total = 0;
    for (const auto& [table, n] : d.cascade) total += n;
    score.cascade_rows_expected += total;
    std::map<std::string, uint64_t> got;
    auto add = [&](const FindingKey& key) {
      auto id = root_id.find(key);
      if (id == root_id.end()) return false;
      auto cascade = by_table.find(id->second);
      if (cascade != by_table.end()) {
        for (const auto& [table, n] : cascade->second) got[table] += n;
      }
      return true;
    };
    for (uint64_t row : d.rows) {
      if (add({d.code, d.table, row})) break;
    }
    // Rows orphaned by the defect are found on their own; their cascades are the defect's too.
    for (const ExpectedDefect::Also& a : d.also) add({a.code, a.table, a.row});
    if (got == d.cascade) {
      score.cascade_rows_matched += total;
    } else {
      ++score.cascades_wrong;
      score.problems.push_back("cascade of " + Describe({d.code, d.table, d.rows.front()}) +
                               ": expected " + CascadeText(d.cascade) + ", reported " +
                               CascadeText(got));
    }
  }

  for (auto& [code, c] : codes) {
    c.code = code;
    score.by_code.push_back(c);
  }
  if (score.found + score.unexpected > 0) {
    score.precision =
        static_cast<double>(score.found) / static_cast<double>(score.found + score.unexpected);
  }
  if (score.expected > 0) {
    score.recall = static_cast<double>(score.found) / static_cast<double>(score.expected);
  }
  return score;
}

std::string ScoreToJson(const ScoreResult& s) {
  nlohmann::ordered_json j;
  j["perfect"] = s.perfect();
  j["precision"] = s.precision;
  j["recall"] = s.recall;
  j["expected"] = s.expected;
  j["found"] = s.found;
  j["missed"] = s.missed;
  j["unexpected"] = s.unexpected;
  j["cascade_rows_expected"] = s.cascade_rows_expected;
  j["cascade_rows_matched"] = s.cascade_rows_matched;
  j["cascades_wrong"] = s.cascades_wrong;
  j["by_code"] = nlohmann::ordered_json::array();
  for (const CodeScore& c : s.by_code) {
    j["by_code"].push_back({{"code", c.code},
                            {"expected", c.expected},
                            {"found", c.found},
                            {"missed", c.missed},
                            {"unexpected", c.unexpected}});
  }
  j["problems"] = s.problems;
  return j.dump(2) + "\n";
}

}  // namespace mhds::generate
