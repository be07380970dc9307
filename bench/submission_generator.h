// GenerateSubmission: writes a synthetic MHSDS submission (a folder of CSV files, one per table)
// for benchmarks. The shape follows a provider's monthly file: per patient one MPI row, one GP
// row, one or two referrals and about five care contacts per referral, plus the header, the
// service teams the referrals name and the staff details.
//
// Every value is valid (NHS Numbers pass Modulus 11 and are unique, dates are real days inside
// their allowed ranges, coded items carry codes of codes.csv valid in the period, referrals name
// teams of MHS902) except for the injected defects: a fraction of the rows get exactly one
// DefectKind each. The header row never gets one (a broken header rejects the whole file), and
// join items (LocalPatientID, ServiceRequestID, ...) are only touched by kMissingReferral, so each
// defect is one faulty row; what mhds then rejects by cascade follows from the data.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>

#include "spec_tables.h"

namespace mhds::bench {

enum class DefectKind {
  kBadDate,             // the row's main date is not a CCYY-MM-DD calendar day ("2026-02-30")
  kBlankMandatory,      // a mandatory (M) item that is not a join item is left blank
  kInvalidCode,         // a coded item holds a value of the right format that is not in its list
  kDuplicateContactId,  // MHS201 only: CareContactID repeats the previous contact's
  kMissingReferral,     // MHS201 only: ServiceRequestID names no MHS101 row
};
constexpr int kDefectKinds = 5;
const char* DefectName(DefectKind kind);

struct GeneratorOptions {
  std::string out_dir;  // created if missing; existing table files are overwritten
  uint64_t rows = 0;    // total data rows of all tables, the header row included
  uint64_t seed = 1;
  double defect_rate = 0;          // fraction of rows (header excluded) given one defect
  std::string period = "2026-10";  // reporting month, CCYY-MM
  std::string org = "RX1";         // provider and submitter ODS code
};

struct TableSummary {
  uint64_t rows = 0;
  std::array<uint64_t, kDefectKinds> defects{};  // by DefectKind
};

// Writes the submission. On failure returns false with `error` set (bad options, a spec that
// lacks a generated table, an unwritable folder). `summary` is keyed by IDB table name.
bool GenerateSubmission(const SpecTables& spec, const GeneratorOptions& options,
                        std::map<std::string, TableSummary>& summary, std::string& error);

}  // namespace mhds::bench
