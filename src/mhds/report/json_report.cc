// The JSON report's head is built with nlohmann::ordered_json so that fields appear in the
// documented order. The findings, which can number millions, are not built into one document:
// each is written on its own line by AppendFinding, in batches, so memory stays small.
#include "mhds/report/json_report.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "mhds/base/calendar.h"
#include "mhds/base/status_macros.h"
#include "mhds/report/atomic_file.h"
#include "mhds/report/finding_text.h"
#include "mhds/report/json_text.h"
#include "mhds/report/totals.h"

namespace mhds::report {
namespace {

using Json = nlohmann::ordered_json;

constexpr int kFormatVersion = 1;
constexpr int kIndent = 2;

std::string Dump(const Json& json, int indent) {
  return json.dump(indent, ' ', false, Json::error_handler_t::replace);
}

Json NumberOrNull(uint64_t n) { return n == 0 ? Json(nullptr) : Json(n); }

Json TextOrNull(std::string_view text) {
  return text.empty() ? Json(nullptr) : Json(std::string(text));
}

Json DateOrNull(const std::optional<int64_t>& days) {
  return days ? Json(FormatDate(*days)) : Json(nullptr);
}

// One finding as compact JSON, in the documented field order; what nlohmann's dump of the same
// object would give (json_report_test.cc compares them), at a fraction of the cost.
void AppendFinding(std::string& out, const spec::Spec& spec, const validate::Finding& f) {
  auto number_or_null = [&](uint64_t n) {
    if (n == 0) {
      out += "null";
    } else {
      AppendJsonNumber(out, n);
    }
  };
  out += "{\"id\":";
  AppendJsonNumber(out, f.id);
  out += ",\"code\":";
  AppendJsonString(out, RuleCode(spec, f));
  out += ",\"level\":";
  AppendJsonString(out, spec::LevelName(f.level));
  out += ",\"severity\":";
  AppendJsonString(out, spec::SeverityName(f.severity));
  out += ",\"table\":";
  std::string_view table = TableName(spec, f.table);
  if (table.empty()) {
    out += "null";
  } else {
    AppendJsonString(out, table);
  }
  out += ",\"row\":";
  number_or_null(f.row);
  out += ",\"line\":";
  number_or_null(f.line);
  out += ",\"keys\":{";
  bool first = true;
  for (const auto& [item, value] : KeyPairs(spec, f)) {
    if (!first) out.push_back(',');
    first = false;
    AppendJsonString(out, item->short_name);
    out.push_back(':');
    AppendJsonString(out, value);
  }
  out += "},\"item\":";
  const spec::Item* item = ItemOf(spec, f);
  if (item == nullptr) {
    out += "null";
  } else {
    AppendJsonString(out, item->short_name);
  }
  // A blank submitted value of a named item is "", not null: null means no item is at fault.
  out += ",\"value\":";
  if (item == nullptr && f.value.empty()) {
    out += "null";
  } else {
    AppendJsonString(out, f.value);
  }
  out += ",\"message\":";
  AppendJsonString(out, f.message);
  out += ",\"cause\":";
  number_or_null(f.cause);
  out += ",\"count\":";
  number_or_null(f.count);
  out.push_back('}');
}

Json RootCauseJson(const spec::Spec& spec, const validate::ValidationResult& result,
                   const validate::RootCause& root) {
  const validate::Finding* f = FindingAt(result, root.finding);
  Json by_table = Json::object();
  for (const auto& [table, rows] : root.by_table)
    by_table[std::string(TableName(spec, table))] = rows;
  Json json;
  json["finding"] = root.finding;
  json["code"] = f == nullptr ? Json(nullptr) : Json(std::string(RuleCode(spec, *f)));
  json["table"] = f == nullptr ? Json(nullptr) : TextOrNull(TableName(spec, f->table));
  json["message"] = f == nullptr ? Json(nullptr) : Json(f->message);
  json["rows_rejected"] = root.rows_rejected;
  json["rows_restored"] = root.rows_restored;
  json["by_table"] = std::move(by_table);
  return json;
}

}  // namespace

void WriteJsonReport(const spec::Spec& spec, const validate::ValidationResult& result,
                     const ReportInfo& info, const std::function<void(std::string_view)>& sink) {
  const Totals totals = CountTotals(result);
  Json doc;
  doc["status"] = result.file_rejected ? "rejected" : "accepted";
  doc["data_set"] = {{"name", spec.name}, {"version", spec.version}};
  doc["source"] = result.source;
  doc["period"] = {{"start", DateOrNull(result.period_start)},
                   {"end", DateOrNull(result.period_end)}};
  doc["uploaded_at"] = FormatDateTime(result.uploaded_at);
  doc["report"] = {
      {"format_version", kFormatVersion},
      {"tool", info.tool_version},
      {"spec_folder", info.spec_folder.empty() ? spec.folder.string() : info.spec_folder},
      {"generated_at", info.generated_at},
      // Milliseconds are plenty, and keep the number short.
      {"elapsed_seconds", std::round(info.elapsed_seconds * 1000) / 1000},
  };
  doc["summary"] = {
      {"findings", totals.findings},
      {"rejections", totals.rejections},
      {"warnings", totals.warnings},
      {"rows_received", totals.rows_received},
      {"rows_accepted", totals.rows_accepted},
      {"rows_rejected", totals.rows_rejected},
      {"file_rejection", NumberOrNull(result.file_rejection)},
  };
  Json tables = Json::array();
  for (const validate::TableCounts& t : result.tables) {
    const spec::Table* table = TableAt(spec, t.table);
    tables.push_back({
        {"code", table == nullptr ? Json(nullptr) : Json(table->code)},
        {"idb_name", table == nullptr ? Json(nullptr) : Json(table->idb_name)},
        {"present", t.present},
        {"received", t.received},
        {"accepted", t.accepted},
        {"rejected", t.rejected},
    });
  }
  doc["tables"] = std::move(tables);
  Json roots = Json::array();
  for (const validate::RootCause& root : result.root_causes) {
    roots.push_back(RootCauseJson(spec, result, root));
  }
  doc["root_causes"] = std::move(roots);

  // Splice the findings array in before the closing brace of the pretty-printed document.
  std::string head = Dump(doc, kIndent);
  head.resize(head.size() - 2);  // "\n}"
  sink(head);
  if (result.findings.empty()) {
    sink(",\n  \"findings\": []\n}");
    return;
  }
  sink(",\n  \"findings\": [");
  // Findings go out in batches of about 64 KiB: few sink calls, little memory.
  std::string batch;
  for (size_t i = 0; i < result.findings.size(); ++i) {
    batch += i == 0 ? "\n    " : ",\n    ";
    AppendFinding(batch, spec, result.findings[i]);
    if (batch.size() >= (64u << 10)) {
      sink(batch);
      batch.clear();
    }
  }
  batch += "\n  ]\n}";
  sink(batch);
}

std::string JsonReport(const spec::Spec& spec, const validate::ValidationResult& result,
                       const ReportInfo& info) {
  std::string out;
  WriteJsonReport(spec, result, info, [&](std::string_view piece) { out.append(piece); });
  return out;
}

Status WriteJsonReportFile(const spec::Spec& spec, const validate::ValidationResult& result,
                           const ReportInfo& info, const std::filesystem::path& path) {
  MHDS_ASSIGN_OR_RETURN(AtomicFileWriter writer, AtomicFileWriter::Create(path));
  WriteJsonReport(spec, result, info, [&](std::string_view piece) { writer.Append(piece); });
  writer.Append("\n");
  return writer.Commit();
}

}  // namespace mhds::report
