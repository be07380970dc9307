#include "mhds/extract/manifest.h"

#include <nlohmann/json.hpp>

#include "mhds/base/calendar.h"

namespace mhds::extract {

std::string ManifestJson(const ExtractRun& run, const BuiltExtract& extract, const spec::Spec& spec,
                         const ExtractOptions& options) {
  nlohmann::ordered_json m;
  m["format"] = "mhds-extract-manifest/1";
  m["dataset"] = spec.name;
  m["version"] = spec.version;
  m["kind"] = extract.kind;
  m["organisation"] = extract.organisation;
  m["provider"] = run.provider;
  m["period"] = run.period;
  m["created_at"] = FormatDateTime(options.created_at);
  m["created_by"] = options.created_by;
  m["person_id_keyed"] = !options.person_key.empty();
  nlohmann::ordered_json opt_outs;
  opt_outs["applied"] = extract.opt_outs_applied;
  if (options.opt_outs) {
    opt_outs["list_sha256"] = options.opt_outs->sha256;
    opt_outs["list_entries"] = options.opt_outs->nhs_numbers.size();
  }
  opt_outs["people_removed"] = extract.people_opted_out;
  m["opt_outs"] = std::move(opt_outs);
  uint64_t before = 0;
  uint64_t after = 0;
  nlohmann::ordered_json tables = nlohmann::ordered_json::array();
  for (const TableCount& t : extract.tables) {
    before += t.in_scope;
    after += t.written;
    tables.push_back({{"table", t.table},
                      {"rows_before_opt_outs", t.in_scope},
                      {"rows_removed_by_opt_outs", t.opted_out},
                      {"rows_written", t.written}});
  }
  m["rows_before_opt_outs"] = before;
  m["rows_written"] = after;
  m["tables"] = std::move(tables);
  nlohmann::ordered_json files = nlohmann::ordered_json::array();
  for (const ExtractFile& f : extract.files) {
    files.push_back({{"name", f.name}, {"bytes", f.contents.size()}, {"sha256", f.sha256}});
  }
  m["files"] = std::move(files);
  return m.dump(2) + "\n";
}

}  // namespace mhds::extract
