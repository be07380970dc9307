// What tests of Validate() on the mini test spec (tests/specs/mini) share: its header table for
// October 2026 from RX1, and the validation of a folder as RX1 uploaded it on 2026-11-05.
#pragma once

#include <filesystem>
#include <fstream>

#include "mhds/base/calendar.h"
#include "mhds/base/result.h"
#include "mhds/io/table_source.h"
#include "mhds/spec/spec.h"
#include "mhds/validate/validator.h"

namespace mhds::validate::testing {

// Writes the mini spec's header table (T00Header.csv) for October 2026 into `folder`.
inline void WriteMiniHeader(const std::filesystem::path& folder) {
  std::ofstream(folder / "T00Header.csv") << "Version,OrgProvider,PeriodStart,PeriodEnd,Created\n"
                                             "1.0,RX1,2026-10-01,2026-10-31,2026-11-02T09:00:00\n";
}

// Validates the submission folder against `spec` for the period 2026-10, uploaded by RX1 on
// 2026-11-05 at 10:00; the folder's own error if it cannot be opened.
inline Result<ValidationResult> ValidateMiniFolder(const spec::Spec& spec,
                                                   const std::filesystem::path& folder) {
  auto source = io::OpenSource(folder.string());
  if (!source.ok()) return source.status();
  ValidateOptions options;
  options.period = "2026-10";
  options.org = "RX1";
  options.uploaded_at = ParseDateTime("2026-11-05T10:00:00");
  return Validate(spec, **source, options);
}

}  // namespace mhds::validate::testing
