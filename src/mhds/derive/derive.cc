#include "mhds/derive/derive.h"

#include "mhds/base/status_macros.h"
#include "mhds/derive/derive_codes.h"
#include "mhds/derive/ips_history.h"
#include "mhds/derive/submission_records.h"

namespace mhds::derive {

Result<IpsMonth> DeriveIpsMonth(const spec::Spec& spec, io::TableSource& source,
                                const validate::ValidationResult& validation) {
  if (validation.file_rejected) {
    return Status::InvalidArgument(
        "the submission was rejected as a whole, so it gives no figures");
  }
  if (!validation.period_start || !validation.period_end) {
    return Status::InvalidArgument("the submission has no reporting period; give --period");
  }
  if (spec.FindTable("MHS902") < 0 || spec.FindTable("MHS101") < 0) {
    return Status::SpecError("derive computes the IPS measures of MHSDS v6.0; specification " +
                             spec.name + " " + spec.version +
                             " has no MHS101/MHS902 tables to derive them from");
  }
  MHDS_ASSIGN_OR_RETURN(DeriveCodes codes, DeriveCodes::Load(spec));
  std::vector<SubmissionRecords> months(1);
  MHDS_ASSIGN_OR_RETURN(months[0], ReadSubmissionRecords(spec, source, validation, codes, nullptr));
  return CountIpsWithHistory(months, 0, codes);
}

}  // namespace mhds::derive
