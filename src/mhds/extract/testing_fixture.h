// The hand-worked post-deadline fixture (testdata/README.md), validated once per test: shared by
// the extract and reconciliation tests.
#pragma once

#include <memory>
#include <string>

#include "mhds/io/table_source.h"
#include "mhds/spec/spec.h"
#include "mhds/validate/validator.h"

namespace mhds::extract::testing {

struct ValidatedSubmission {
  spec::Spec spec;
  std::unique_ptr<io::TableSource> source;
  validate::ValidationResult validation;
};

// Loads specs/mhsds/6.0 and validates testdata/`folder` for `period` (empty: the header's).
// Fails the calling test (and returns null) on any error.
inline std::unique_ptr<ValidatedSubmission> LoadFixture(const std::string& folder,
                                                        const std::string& period) {
  auto out = std::make_unique<ValidatedSubmission>();
  auto spec = spec::LoadSpec(std::string(MHDS_SOURCE_DIR) + "/specs/mhsds/6.0");
  if (!spec.ok()) return nullptr;
  out->spec = std::move(spec).value();
  auto source =
      io::OpenSource(std::string(MHDS_SOURCE_DIR) + "/src/mhds/extract/testdata/" + folder);
  if (!source.ok()) return nullptr;
  out->source = std::move(source).value();
  validate::ValidateOptions options;
  if (!period.empty()) options.period = period;
  options.org = "RX1";
  options.uploaded_at = int64_t{1793872800};  // 2026-11-05T10:00:00
  auto result = validate::Validate(out->spec, *out->source, options);
  if (!result.ok()) return nullptr;
  out->validation = std::move(result).value();
  return out;
}

}  // namespace mhds::extract::testing
