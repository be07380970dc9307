#include "mhds/derive/talking_therapies.h"

#include <algorithm>
#include <filesystem>

#include "mhds/base/calendar.h"
#include "mhds/base/status_macros.h"
#include "mhds/derive/accepted_rows.h"

namespace mhds::derive {

bool IsTalkingTherapiesSpec(const spec::Spec& spec) {
  std::error_code ignored;
  return std::filesystem::exists(spec.folder / "talking_therapies.csv", ignored);
}

Result<TtMonth> DeriveTtMonth(const spec::Spec& spec, io::TableSource& source,
                              const validate::ValidationResult& validation,
                              const std::vector<TtEarlierFile>& earlier) {
  if (validation.file_rejected) {
    return Status::InvalidArgument(
        "the submission was rejected as a whole, so it gives no figures");
  }
  if (!validation.period_start || !validation.period_end) {
    return Status::InvalidArgument("the submission has no reporting period; give --period");
  }
  auto settings = LoadTtSettings(spec.folder);
  if (!settings.ok()) {
    if (settings.status().code() != StatusCode::kNotFound) return settings.status();
    return Status::SpecError("specification " + spec.name + " " + spec.version +
                             " has no talking_therapies.csv: it is not a Talking Therapies "
                             "version, so there are no Talking Therapies measures to derive");
  }
  TtMonth out;
  out.month = MonthOf(*validation.period_start, *validation.period_end);
  // Newest first: a contact sent again keeps the copy of the newest file.
  std::vector<TtEarlierFile> files = earlier;
  for (const TtEarlierFile& f : files) {
    if (f.validation->file_rejected || !f.validation->period_start) {
      return Status::InvalidArgument(
          "an earlier month's file was rejected as a whole, so it holds no accepted contacts; "
          "give the accepted file of that month");
    }
    if (*f.validation->period_start >= out.month.start) {
      return Status::InvalidArgument(
          "an earlier file's reporting period starts " + FormatDate(*f.validation->period_start) +
          ", not before the month derived (" + FormatDate(out.month.start) + ")");
    }
  }
  std::sort(files.begin(), files.end(), [](const TtEarlierFile& a, const TtEarlierFile& b) {
    return *a.validation->period_start > *b.validation->period_start;
  });
  for (size_t i = 1; i < files.size(); ++i) {
    if (*files[i].validation->period_start == *files[i - 1].validation->period_start) {
      return Status::InvalidArgument("two earlier files are for the month starting " +
                                     FormatDate(*files[i].validation->period_start) +
                                     "; give only the latest accepted one of each month");
    }
  }

  TtPathwayBuilder builder(*settings, out.month.start, out.month.end);
  RejectedRows rejected(validation);
  out.rows_left_out = rejected.total();
  MHDS_RETURN_IF_ERROR(builder.AddMonth(spec, source, rejected));
  for (const TtEarlierFile& f : files) {
    RejectedRows earlier_rejected(*f.validation);
    MHDS_RETURN_IF_ERROR(builder.AddEarlier(*f.spec, *f.source, earlier_rejected));
  }
  out.earlier_files = files.size();
  TtSubmission submission = builder.Finish();
  out.provider = submission.provider;
  out.pathways_read = submission.pathways.size();
  out.contacts_read = submission.contacts_read;
  out.scores_read = submission.scores_read;
  out.scores_unreadable = submission.scores_unreadable;
  out.figures = CountTtMeasures(submission.pathways, *settings, out.month.start, out.month.end);
  return out;
}

}  // namespace mhds::derive
