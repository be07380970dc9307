// A small hand-built spec and validation result for the report tests: a header, MHS101Referral and
// its child MHS201CareContact, five rules, and findings of every level and severity with values
// that need escaping. For tests only.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "mhds/base/calendar.h"
#include "mhds/spec/spec.h"
#include "mhds/validate/validator.h"

namespace mhds::report::testing {

inline spec::Item MakeItem(std::string uid, std::string short_name) {
  spec::Item item;
  item.uid = std::move(uid);
  item.short_name = std::move(short_name);
  item.name = item.short_name;
  return item;
}

inline spec::Rule MakeRule(std::string code, int table, int item, spec::Level level,
                           spec::Severity severity) {
  spec::Rule rule;
  rule.code = std::move(code);
  rule.table = table;
  rule.item = item;
  rule.level = level;
  rule.severity = severity;
  return rule;
}

// Tables: 0 MHS000Header, 1 MHS101Referral (key ServiceRequestID), 2 MHS201CareContact (key
// CareContactId, child of MHS101 by ServiceRequestID).
// Rules: 0 MHS00019 file reject, 1 MHS10113 record reject on ReferralRequestReceivedDate,
// 2 MHS20142 group reject, 3 MHS20150 warning, 4 MHS20160 severity-1 warning.
inline spec::Spec SampleSpec() {
  spec::Spec spec;
  spec.folder = "specs/mhsds/6.0";
  spec.name = "MHSDS";
  spec.version = "6.0";
  spec.header_table = 0;

  spec::Table header;
  header.code = "MHS000";
  header.idb_name = "MHS000Header";
  header.items = {MakeItem("M000010", "DatSetVer"), MakeItem("M000020", "OrgIDProvider")};
  header.key_items = {1};

  spec::Table referral;
  referral.code = "MHS101";
  referral.idb_name = "MHS101Referral";
  referral.items = {MakeItem("M101001", "ServiceRequestID"), MakeItem("M101002", "LocalPatientID"),
                    MakeItem("M101003", "ReferralRequestReceivedDate")};
  referral.key_items = {0};
  referral.children = {2};

  spec::Table contact;
  contact.code = "MHS201";
  contact.idb_name = "MHS201CareContact";
  contact.items = {MakeItem("M201001", "CareContactId"), MakeItem("M201002", "ServiceRequestID"),
                   MakeItem("M201003", "CareContDate")};
  contact.key_items = {0};
  contact.parent = 1;
  contact.parent_items = {1};

  spec.tables = {header, referral, contact};
  spec.table_order = {0, 1, 2};
  spec.rules = {
      MakeRule("MHS00019", 0, -1, spec::Level::kFile, spec::Severity::kReject),
      MakeRule("MHS10113", 1, 2, spec::Level::kRecord, spec::Severity::kReject),
      MakeRule("MHS20142", 2, 1, spec::Level::kGroup, spec::Severity::kReject),
      MakeRule("MHS20150", 2, 2, spec::Level::kRecord, spec::Severity::kWarning),
      MakeRule("MHS20160", 2, 2, spec::Level::kRecord, spec::Severity::kWarning1),
  };
  return spec;
}

inline validate::Finding MakeFinding(validate::FindingId id, int rule, const spec::Spec& spec) {
  validate::Finding f;
  f.id = id;
  f.rule = rule;
  f.level = spec.rules[rule].level;
  f.severity = spec.rules[rule].severity;
  f.table = spec.rules[rule].table;
  f.item = spec.rules[rule].item;
  return f;
}

// An accepted submission with two rejected rows (one root cause cascading from MHS101 into
// MHS201) and two warnings. Finding 1's value is a spreadsheet formula; finding 3's is markup.
inline validate::ValidationResult SampleResult(const spec::Spec& spec) {
  validate::ValidationResult result;
  result.source = "submission/oct";
  result.period_start = DaysFromCivil(2026, 10, 1);
  result.period_end = DaysFromCivil(2026, 10, 31);
  result.uploaded_at = DaysFromCivil(2026, 11, 5) * kSecondsPerDay + 10 * 3600;

  validate::Finding bad_date = MakeFinding(1, 1, spec);
  bad_date.row = 4;
  bad_date.line = 5;
  bad_date.value = "=SUM(A1)";
  bad_date.keys = {"SR4"};
  bad_date.message = "ReferralRequestReceivedDate '=SUM(A1)' is not a date, e.g. 2026-10-01";

  validate::Finding orphan = MakeFinding(2, 2, spec);
  orphan.row = 7;
  orphan.line = 8;
  orphan.value = "SR4";
  orphan.keys = {"CC7"};
  orphan.message = "No accepted MHS101Referral for ServiceRequestID SR4";
  orphan.cause = 1;

  validate::Finding blank_date = MakeFinding(3, 3, spec);
  blank_date.row = 2;
  blank_date.line = 3;
  blank_date.value = "<script>alert(\"x\")</script>";
  blank_date.keys = {"CC2"};
  blank_date.message = "CareContDate is odd, \"quoted\"";

  validate::Finding severe = MakeFinding(4, 4, spec);
  severe.row = 3;
  severe.line = 4;
  severe.value = "-2";
  severe.keys = {"CC3"};
  severe.message = "CareContDate before referral";

  result.findings = {bad_date, orphan, blank_date, severe};
  result.tables = {
      {0, true, 1, 1, 0},
      {1, true, 10, 9, 1},
      {2, true, 30, 29, 1},
  };
  validate::RootCause root;
  root.finding = 1;
  root.rows_rejected = 2;
  root.rows_restored = 2;
  root.by_table = {{1, 1}, {2, 1}};
  result.root_causes = {root};
  return result;
}

// A submission whose file was rejected by MHS00019 (finding 1); no table was read.
inline validate::ValidationResult RejectedResult(const spec::Spec& spec) {
  validate::ValidationResult result;
  result.source = "submission/bad";
  validate::Finding f = MakeFinding(1, 0, spec);
  f.table = -1;  // about the whole file
  f.message = "The header table MHS000Header is missing";
  result.findings = {f};
  result.tables = {{0, false, 0, 0, 0}, {1, false, 0, 0, 0}, {2, false, 0, 0, 0}};
  result.file_rejected = true;
  result.file_rejection = 1;
  return result;
}

}  // namespace mhds::report::testing
