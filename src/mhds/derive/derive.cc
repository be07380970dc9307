#include "mhds/derive/derive.h"

#include "mhds/base/status_macros.h"
#include "mhds/derive/accepted_rows.h"
#include "mhds/derive/ips_referrals.h"

namespace mhds::derive {
namespace {

Result<std::string> ReadProvider(const spec::Spec& spec, io::TableSource& source,
                                 const RejectedRows& rejected) {
  MHDS_ASSIGN_OR_RETURN(AcceptedRowScan scan,
                        AcceptedRowScan::Open(spec, source, rejected, "MHS000", {"OrgIDProvider"}));
  std::string provider;
  if (scan.Next()) provider = scan.value(0);
  MHDS_RETURN_IF_ERROR(scan.status());
  return provider;
}

}  // namespace

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
  RejectedRows rejected(validation);
  IpsMonth out;
  out.month = MonthOf(*validation.period_start, *validation.period_end);
  out.rows_left_out = rejected.total();
  MHDS_ASSIGN_OR_RETURN(out.provider, ReadProvider(spec, source, rejected));
  MHDS_ASSIGN_OR_RETURN(IpsCohort cohort, ReadIpsCohort(spec, source, rejected));
  out.referrals_read = cohort.referrals_read;
  out.cohort_size = cohort.referrals.size();
  for (const IpsReferral& r : cohort.referrals) {
    if (r.by_team_type) {
      ++out.cohort_by_team_type;
    } else {
      ++out.cohort_by_procedure_only;
    }
  }
  out.figures = CountIpsMeasures(cohort, out.month);
  return out;
}

}  // namespace mhds::derive
