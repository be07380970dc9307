#include "mhds/generate/expected.h"

#include <nlohmann/json.hpp>

namespace mhds::generate {

using OrderedJson = nlohmann::ordered_json;

std::string ExpectedToJson(const Expected& e) {
  OrderedJson j;
  j["format_version"] = 1;
  j["generator"] = "mhds generate";
  j["data_set"] = {{"name", e.data_set}, {"version", e.version}};
  j["spec_folder"] = e.spec_folder;
  j["period"] = e.period;
  j["org"] = e.org;
  j["uploaded_at"] = e.uploaded_at;
  j["seed"] = e.seed;
  j["patients"] = e.patients;
  j["defect_rate"] = e.defect_rate;
  j["rows"] = OrderedJson::object();
  for (const auto& [table, n] : e.rows) j["rows"][table] = n;
  j["defects"] = OrderedJson::array();
  for (const ExpectedDefect& d : e.defects) {
    OrderedJson keys = OrderedJson::array();
    for (const auto& row_keys : d.keys) {
      OrderedJson k = OrderedJson::object();
      for (const auto& [name, value] : row_keys) k[name] = value;
      keys.push_back(std::move(k));
    }
    OrderedJson cascade = OrderedJson::object();
    for (const auto& [table, n] : d.cascade) cascade[table] = n;
    OrderedJson defect = {
        {"code", d.code},          {"kind", d.kind},
        {"level", d.level},        {"severity", d.severity},
        {"table", d.table},        {"rows", d.rows},
        {"keys", std::move(keys)}, {"item", d.item.empty() ? OrderedJson() : OrderedJson(d.item)},
        {"value", d.value}};
    if (!d.also.empty()) {
      OrderedJson also = OrderedJson::array();
      for (const ExpectedDefect::Also& a : d.also) {
        also.push_back({{"code", a.code}, {"table", a.table}, {"row", a.row}});
      }
      defect["also"] = std::move(also);
    }
    defect["cascade"] = std::move(cascade);
    j["defects"].push_back(std::move(defect));
  }
  j["expected_warnings"] = OrderedJson::array();
  for (const auto& [code, table, row] : e.expected_warnings) {
    j["expected_warnings"].push_back({{"code", code}, {"table", table}, {"row", row}});
  }
  // One defect per line, so that diff and grep work on the file.
  std::string out = "{\n";
  bool first = true;
  for (const auto& [key, value] : j.items()) {
    if (!first) out += ",\n";
    first = false;
    out += "  " + OrderedJson(key).dump() + ": ";
    if (key == "defects" && !value.empty()) {
      out += "[\n";
      for (size_t i = 0; i < value.size(); ++i) {
        out += "    " + value[i].dump() + (i + 1 < value.size() ? ",\n" : "\n");
      }
      out += "  ]";
    } else {
      out += value.dump();
    }
  }
  out += "\n}\n";
  return out;
}

Result<Expected> ParseExpected(std::string_view json, const std::string& name) {
  OrderedJson j = OrderedJson::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::DataError(name + ": not a JSON object (expected.json from mhds generate)");
  }
  try {
    Expected e;
    e.data_set = j.at("data_set").at("name").get<std::string>();
    e.version = j.at("data_set").at("version").get<std::string>();
    e.period = j.at("period").get<std::string>();
    e.org = j.value("org", "");
    e.uploaded_at = j.value("uploaded_at", "");
    e.seed = j.value("seed", uint64_t{0});
    if (j.contains("rows")) {
      for (const auto& [table, n] : j["rows"].items()) e.rows[table] = n.get<uint64_t>();
    }
    for (const OrderedJson& d : j.at("defects")) {
      ExpectedDefect x;
      x.code = d.at("code").get<std::string>();
      x.kind = d.value("kind", "");
      x.level = d.value("level", "");
      x.severity = d.at("severity").get<std::string>();
      x.table = d.at("table").get<std::string>();
      x.rows = d.at("rows").get<std::vector<uint64_t>>();
      if (d.contains("item") && d["item"].is_string()) x.item = d["item"].get<std::string>();
      x.value = d.value("value", "");
      if (d.contains("also")) {
        for (const OrderedJson& a : d["also"]) {
          x.also.push_back({a.at("code").get<std::string>(), a.at("table").get<std::string>(),
                            a.at("row").get<uint64_t>()});
        }
      }
      for (const auto& [table, n] : d.at("cascade").items()) x.cascade[table] = n.get<uint64_t>();
      e.defects.push_back(std::move(x));
    }
    if (j.contains("expected_warnings")) {
      for (const OrderedJson& w : j["expected_warnings"]) {
        e.expected_warnings.emplace_back(w.at("code").get<std::string>(),
                                         w.at("table").get<std::string>(),
                                         w.at("row").get<uint64_t>());
      }
    }
    return e;
  } catch (const OrderedJson::exception& ex) {
    return Status::DataError(name + ": " + ex.what());
  }
}

}  // namespace mhds::generate
