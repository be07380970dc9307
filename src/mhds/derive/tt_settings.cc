#include "mhds/derive/tt_settings.h"

#include "mhds/derive/derivation_lists.h"

namespace mhds::derive {
namespace {

constexpr std::string_view kTtMeasureSet = "talking_therapies";

}  // namespace

Result<TtSettings> LoadTtSettings(const std::filesystem::path& folder) {
  auto lists = DerivationLists::ReadFolder(folder);
  if (!lists.ok()) return lists.status();
  if (lists->MeasureSet() != kTtMeasureSet) {
    return Status::NotFound((folder / kDerivationsFile).string() +
                            " does not define the Talking Therapies measures (measure_set is '" +
                            lists->MeasureSet() + "', not " + std::string(kTtMeasureSet) + ")");
  }
  const std::vector<std::string_view> required = {"measure_set",
                                                  "attended",
                                                  "treatment_appointment_type",
                                                  "phq9_tool",
                                                  "phq9_caseness",
                                                  "phq9_reliable_change",
                                                  "gad7_tool",
                                                  "gad7_caseness",
                                                  "gad7_reliable_change",
                                                  "finished_course_treatments",
                                                  "wait_6_weeks_days",
                                                  "wait_18_weeks_days",
                                                  "wait_band_upper_days"};
  if (Status s = lists->Check(required, {},
                              "measure_set, attended, treatment_appointment_type, phq9_*, gad7_*, "
                              "finished_course_treatments, wait_*");
      !s.ok()) {
    return s;
  }
  TtSettings out;
  out.attended_codes = lists->Codes("attended");
  out.treatment_appointment_types = lists->Codes("treatment_appointment_type");
  for (std::string_view tool : {"phq9_tool", "gad7_tool"}) {
    if (lists->Codes(tool).size() != 1) {
      return Status::SpecError((folder / kDerivationsFile).string() + ": '" + std::string(tool) +
                               "' takes one row");
    }
  }
  out.phq9.code = lists->Codes("phq9_tool").front();
  out.gad7.code = lists->Codes("gad7_tool").front();
  // Each number is read in file order of the settings, so the first bad one is reported.
  struct NumberSetting {
    std::string_view list;
    int64_t* to;
  };
  int64_t phq9_caseness = 0, phq9_change = 0, gad7_caseness = 0, gad7_change = 0, finished = 0;
  for (const NumberSetting& n : {NumberSetting{"phq9_caseness", &phq9_caseness},
                                 NumberSetting{"phq9_reliable_change", &phq9_change},
                                 NumberSetting{"gad7_caseness", &gad7_caseness},
                                 NumberSetting{"gad7_reliable_change", &gad7_change},
                                 NumberSetting{"finished_course_treatments", &finished},
                                 NumberSetting{"wait_6_weeks_days", &out.wait_6_weeks_days},
                                 NumberSetting{"wait_18_weeks_days", &out.wait_18_weeks_days}}) {
    auto value = lists->Number(n.list);
    if (!value.ok()) return value.status();
    *n.to = *value;
  }
  out.phq9.caseness = static_cast<int>(phq9_caseness);
  out.phq9.reliable_change = static_cast<int>(phq9_change);
  out.gad7.caseness = static_cast<int>(gad7_caseness);
  out.gad7.reliable_change = static_cast<int>(gad7_change);
  out.finished_course_treatments = static_cast<uint32_t>(finished);
  auto bands = lists->RisingNumbers("wait_band_upper_days", out.wait_band_upper_days.size());
  if (!bands.ok()) return bands.status();
  for (size_t i = 0; i < bands->size(); ++i) out.wait_band_upper_days[i] = (*bands)[i];
  return out;
}

}  // namespace mhds::derive
