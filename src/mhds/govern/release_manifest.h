// A release built from an extract: the manifest.json that `mhds extract` writes
// (docs/extracts.md, format "mhds-extract-manifest/1") says which files were written, their
// sizes and SHA-256, the rows before and after opted-out people were removed, and whether
// opt-outs were applied. ReleaseFromManifest copies those facts into the release, so that the
// ledger and the release's record carry exactly what left.
#pragma once

#include <nlohmann/json.hpp>

#include "mhds/base/result.h"
#include "mhds/govern/inputs.h"

namespace mhds::govern {

// Fills opt_outs_applied, records_before, records_after and files of `release` from `manifest`
// (the manifest itself is not one of its files). kInvalidArgument naming the field when the
// manifest is not of the expected format, lacks a field, or lists a file without a 64-hex-digit
// SHA-256. `where` names the manifest in messages (a path, or "manifest").
Status ReleaseFromManifest(const nlohmann::json& manifest, const std::string& where,
                           ReleaseInput& release);

}  // namespace mhds::govern
