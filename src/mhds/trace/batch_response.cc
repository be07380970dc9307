// The response and explanation files of a batch (declared in trace_batch.h).
#include <cstdio>

#include "mhds/report/csv_writer.h"
#include "mhds/trace/compact_date.h"
#include "mhds/trace/trace_batch.h"

namespace mhds::trace {
namespace {

std::string Decimal(double value, int places) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", places, value);
  return text;
}

// A computed number as a raw cell: CsvWriter::Text would guard a leading minus sign as if it
// started a formula, and CsvWriter::Number takes only unsigned integers. Numbers hold no commas
// or quotes, so they need no quoting.
void DecimalCell(std::string& row, double value, int places) { row += Decimal(value, places); }

// Text from a request or the index: formula-guarded and quoted as needed.
void Text(report::CsvWriter& csv, std::string_view text) {
  if (text.empty()) {
    csv.Blank();
  } else {
    csv.Text(text);
  }
}

void WriteDemographics(report::CsvWriter& csv, const Person* p, CompactDate as_at) {
  const PersonName* name = p == nullptr ? nullptr : p->NameAt(as_at);
  const PersonAddress* address = p == nullptr ? nullptr : p->AddressAt(as_at);
  Text(csv, name ? name->family : "");
  Text(csv, name ? name->given : "");
  Text(csv, name ? name->other_given : "");
  Text(csv, p ? std::string(1, p->gender) : "");
  Text(csv, p ? FormatCompactDate(p->date_of_birth) : "");
  Text(csv, p ? FormatCompactDate(p->date_of_death) : "");
  for (int line = 0; line < 5; ++line) Text(csv, address ? address->lines[line] : "");
  Text(csv, address ? address->postcode : "");
  Text(csv, p ? p->gp_practice_code : "");
  Text(csv, p ? FormatCompactDate(p->gp_registration_date) : "");
}

}  // namespace

void AppendResponseHeader(const RequestHeader& header, std::string_view file_code, uint64_t rows,
                          std::string& out) {
  report::CsvWriter csv;
  const bool rejected = file_code != code::kSuccess;
  Text(csv, header.reference);
  Text(csv, header.workflow_id);
  csv.Number(rejected ? 0 : rows);
  csv.Text(file_code);
  csv.EndRow();
  out += csv.Take();
}

void AppendResponseHeader(const RequestFile& request, std::string& out) {
  AppendResponseHeader(request.header, request.file_code, request.rows.size(), out);
}

std::string ResponseText(const BatchResult& result, const DemographicIndex& index,
                         const ResponseOptions& options) {
  const RequestFile& request = result.request;
  std::string out;
  AppendResponseHeader(request, out);
  if (result.file_rejected()) return out;
  for (size_t i = 0; i < request.rows.size(); ++i) {
    AppendResponseRow(request.rows[i], result.outcomes[i], index, options, out);
  }
  return out;
}

void AppendResponseRow(const RequestRow& row, const TraceOutcome& o, const DemographicIndex& index,
                       const ResponseOptions& options, std::string& out) {
  report::CsvWriter csv;
  const std::optional<PersonRecord> record =
      o.person ? std::optional<PersonRecord>(index.person(*o.person)) : std::nullopt;
  const Person* p = record ? &**record : nullptr;
  const bool sensitive = p != nullptr && p->sensitive;
  Text(csv, row.Field(kUniqueReference));
  Text(csv, row.Field(kNhsNo));
  WriteDemographics(csv, sensitive ? nullptr : p, row.as_at_date);
  csv.Blank();  // NHAIS_POSTING_ID: not held by the index
  Text(csv, row.Field(kAsAtDate));
  Text(csv, row.Field(kLocalPatientId));
  Text(csv, row.Field(kInternalId));
  csv.Blank().Blank().Blank();  // telephone, mobile, email: not held by the index
  Text(csv, sensitive ? "S" : "");
  csv.Blank();  // MPS_ID
  csv.Text(o.code);
  Text(csv, p ? p->nhs_number : "");
  csv.Number(static_cast<uint64_t>(o.indicator));
  csv.Number(static_cast<uint64_t>(o.confidence));
  if (options.score_columns) {
    const bool scored = o.step == Step::kProbabilistic && o.best && p != nullptr;
    for (int f = 0; f < kFieldCount; ++f) {
      const int percent = scored ? LevelScorePercent(o.best->comparison.levels[f]) : -1;
      if (percent < 0) {
        csv.Blank();
      } else {
        csv.Text(Decimal(percent, 2));
      }
    }
  }
  csv.EndRow();
  out += csv.Take();
}

std::string_view ExplanationHeader() {
  return "UNIQUE_REFERENCE,LINE,CODE,STEP,INDICATOR,CONFIDENCE,MATCHES_AT_STEP,CANDIDATES,"
         "BEST_WEIGHT,RUNNER_UP_WEIGHT,MARGIN,FIELD_LEVELS,NOTES,REASON\r\n";
}

std::string ExplanationText(const BatchResult& result) {
  std::string out(ExplanationHeader());
  const RequestFile& request = result.request;
  if (result.file_rejected()) {
    out += ",1,";
    out += std::string(request.file_code) + ",none,0,0,0,0,,,,,,";
    out += report::CsvTextCell("file rejected: " + request.problem) + "\r\n";
    return out;
  }
  for (size_t i = 0; i < request.rows.size(); ++i) {
    AppendExplanationRow(request.rows[i], result.outcomes[i], out);
  }
  return out;
}

void AppendExplanationRow(const RequestRow& row, const TraceOutcome& o, std::string& out) {
  const auto text = [&out](std::string_view cell) { out += report::CsvTextCell(cell) + ","; };
  const auto number = [&out](uint64_t n) { out += std::to_string(n) + ","; };
  text(row.Field(kUniqueReference));
  number(row.line);
  text(o.code);
  text(StepName(o.step));
  number(static_cast<uint64_t>(o.indicator));
  number(static_cast<uint64_t>(o.confidence));
  number(o.matches_at_step);
  number(o.candidates);
  if (o.best) DecimalCell(out, o.best->comparison.total, 2);
  out += ',';
  if (o.best && o.runner_up) {
    DecimalCell(out, o.runner_up->comparison.total, 2);
    out += ',';
    DecimalCell(out, o.best->comparison.total - o.runner_up->comparison.total, 2);
    out += ',';
  } else {
    out += ",,";
  }
  std::string levels;
  if (o.best) {
    for (int f = 0; f < kFieldCount; ++f) {
      if (!levels.empty()) levels += ';';
      levels +=
          std::string(FieldName(f)) + "=" + std::string(LevelName(o.best->comparison.levels[f]));
      if (o.best->comparison.levels[f] != Level::kNull) {
        levels += ":" + Decimal(o.best->comparison.weights[f], 1);
      }
    }
  }
  text(levels);
  std::string notes;
  for (const std::string& note : o.notes) notes += (notes.empty() ? "" : "; ") + note;
  text(notes);
  out += report::CsvTextCell(o.reason) + "\r\n";
}

}  // namespace mhds::trace
