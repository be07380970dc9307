// manifest.json of an extract: what was extracted, for which period and organisation, when and by
// whom, how many rows before and after opt-outs, and the SHA-256 of every file beside it. It is
// the record the release register is built from; docs/extracts.md lists its fields.
#pragma once

#include <string>

#include "mhds/extract/extract.h"

namespace mhds::extract {

// The manifest of `extract` (its files but the manifest itself already built), as JSON text.
std::string ManifestJson(const ExtractRun& run, const BuiltExtract& extract, const spec::Spec& spec,
                         const ExtractOptions& options);

}  // namespace mhds::extract
