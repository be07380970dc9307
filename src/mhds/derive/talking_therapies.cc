#include "mhds/derive/talking_therapies.h"

#include <algorithm>
#include <filesystem>

#include "mhds/base/calendar.h"
#include "mhds/base/status_macros.h"
#include "mhds/derive/derivation_lists.h"

namespace mhds::derive {

bool IsTalkingTherapiesSpec(const spec::Spec& spec) {
  return IsTalkingTherapiesFolder(spec.folder);
}

bool IsTalkingTherapiesFolder(const std::filesystem::path& folder) {
  if (folder.empty()) return false;
  auto lists = DerivationLists::ReadFolder(folder);
  return lists.ok() && lists->MeasureSet() == "talking_therapies";
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
    return Status::SpecError(
        "specification " + spec.name + " " + spec.version +
        " defines no Talking Therapies measures (its derivations.csv, if any, has no "
        "measure_set talking_therapies)");
  }
  const ReportingMonth derived = MonthOf(*validation.period_start, *validation.period_end);
  // Newest first: a contact sent again keeps the copy of the newest file.
  std::vector<TtEarlierFile> files = earlier;
  for (const TtEarlierFile& f : files) {
    if (f.validation->file_rejected || !f.validation->period_start) {
      return Status::InvalidArgument(
          "an earlier month's file was rejected as a whole, so it holds no accepted contacts; "
          "give the accepted file of that month");
    }
    if (*f.validation->period_start >= derived.start) {
      return Status::InvalidArgument(
          "an earlier file's reporting period starts " + FormatDate(*f.validation->period_start) +
          ", not before the month derived (" + FormatDate(derived.start) + ")");
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

  std::vector<TtMonthRecords> earlier_records;
  earlier_records.reserve(files.size());
  for (const TtEarlierFile& f : files) {
    MHDS_ASSIGN_OR_RETURN(TtMonthRecords records, ReadTtMonthRecords(*f.spec, *settings, *f.source,
                                                                     *f.validation, nullptr));
    earlier_records.push_back(std::move(records));
  }
  MHDS_ASSIGN_OR_RETURN(TtMonthRecords month_records,
                        ReadTtMonthRecords(spec, *settings, source, validation, nullptr));
  std::vector<const TtMonthRecords*> earlier_pointers;
  for (const TtMonthRecords& r : earlier_records) earlier_pointers.push_back(&r);
  return CountTtMonth(*settings, month_records, std::move(earlier_pointers));
}

Result<TtMonth> CountTtMonth(const TtSettings& settings, const TtMonthRecords& month,
                             std::vector<const TtMonthRecords*> earlier) {
  TtMonth out;
  out.month = month.month;
  out.rows_left_out = month.rows_left_out;
  // Newest first: a contact sent again keeps the copy of the newest month.
  std::sort(earlier.begin(), earlier.end(), [](const TtMonthRecords* a, const TtMonthRecords* b) {
    return a->month.start > b->month.start;
  });
  for (size_t i = 0; i < earlier.size(); ++i) {
    if (earlier[i]->month.start >= month.month.start) {
      return Status::InvalidArgument(
          "an earlier month starts " + FormatDate(earlier[i]->month.start) +
          ", not before the month derived (" + FormatDate(month.month.start) + ")");
    }
    if (i > 0 && earlier[i]->month.start == earlier[i - 1]->month.start) {
      return Status::InvalidArgument("two earlier submissions are for the month starting " +
                                     FormatDate(earlier[i]->month.start) +
                                     "; give only the latest accepted one of each month");
    }
  }
  TtPathwayBuilder builder(settings, month.month.start, month.month.end);
  builder.AddMonth(month);
  for (const TtMonthRecords* e : earlier) builder.AddEarlier(*e);
  out.earlier_files = earlier.size();
  TtSubmission submission = builder.Finish();
  out.provider = submission.provider;
  out.pathways_read = submission.pathways.size();
  out.contacts_read = submission.contacts_read;
  out.scores_read = submission.scores_read;
  out.scores_unreadable = submission.scores_unreadable;
  out.figures = CountTtMeasures(submission.pathways, settings, out.month.start, out.month.end);
  return out;
}

}  // namespace mhds::derive
