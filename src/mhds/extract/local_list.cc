#include "mhds/extract/local_list.h"

#include <map>

#include "mhds/base/calendar.h"
#include "mhds/base/csv_document.h"
#include "mhds/base/status_macros.h"

namespace mhds::extract {
namespace {

Status Positioned(const std::string& name, uint64_t line, int column, const std::string& what) {
  return Status::DataError(name + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
                           what);
}

Result<LocalList> FromDocument(const CsvDocument& doc) {
  int id_col = doc.ColumnIndex("ServiceRequestID");
  int date_col = doc.ColumnIndex("FirstContactDate");
  if (id_col < 0) {
    return Positioned(doc.name(), 1, 1,
                      "expected a header row with a ServiceRequestID column (and optionally "
                      "FirstContactDate)");
  }
  LocalList list;
  std::map<std::string, uint64_t> seen;
  for (const CsvDocument::Row& row : doc.rows()) {
    LocalReferral r;
    r.id = row.fields[id_col];
    r.line = row.line;
    if (r.id.empty()) {
      return Positioned(doc.name(), row.line, CsvDocument::ColumnNumber(id_col),
                        "expected a referral id (ServiceRequestID); found a blank cell");
    }
    if (auto [it, added] = seen.emplace(r.id, row.line); !added) {
      return Positioned(doc.name(), row.line, CsvDocument::ColumnNumber(id_col),
                        "referral " + r.id + " is listed twice (first on line " +
                            std::to_string(it->second) + "); list each referral once");
    }
    if (date_col >= 0 && !row.fields[date_col].empty()) {
      r.first_contact = ParseDate(row.fields[date_col]);
      if (!r.first_contact) {
        return Positioned(
            doc.name(), row.line, CsvDocument::ColumnNumber(date_col),
            "expected a date CCYY-MM-DD in FirstContactDate; found '" + row.fields[date_col] + "'");
      }
    }
    list.referrals.push_back(std::move(r));
  }
  return list;
}

}  // namespace

Result<LocalList> ParseLocalList(std::string_view text, const std::string& name) {
  MHDS_ASSIGN_OR_RETURN(CsvDocument doc, CsvDocument::Parse(text, name));
  return FromDocument(doc);
}

Result<LocalList> ReadLocalList(const std::string& path) {
  MHDS_ASSIGN_OR_RETURN(CsvDocument doc, CsvDocument::ReadFile(path));
  return FromDocument(doc);
}

}  // namespace mhds::extract
