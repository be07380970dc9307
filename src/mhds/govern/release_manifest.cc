#include "mhds/govern/release_manifest.h"

#include <cctype>

namespace mhds::govern {

namespace {

constexpr char kManifestFormat[] = "mhds-extract-manifest/1";
constexpr size_t kSha256HexLength = 64;

// A whole number not below zero (JSON written by nlohmann or by hand).
bool IsCount(const nlohmann::json& v) {
  return v.is_number_unsigned() || (v.is_number_integer() && v.get<int64_t>() >= 0);
}

bool IsSha256Hex(const std::string& s) {
  if (s.size() != kSha256HexLength) return false;
  for (char c : s) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

Status ManifestError(const std::string& where, const std::string& what) {
  return Status::InvalidArgument(where + ": " + what + " (expected the manifest.json that " +
                                 "`mhds extract` writes, format " + kManifestFormat + ")");
}

}  // namespace

Status ReleaseFromManifest(const nlohmann::json& manifest, const std::string& where,
                           ReleaseInput& release) {
  if (!manifest.is_object()) return ManifestError(where, "not a JSON object");
  if (manifest.value("format", "") != kManifestFormat) {
    return ManifestError(where, "field 'format' is not " + std::string(kManifestFormat));
  }
  const auto opt_outs = manifest.find("opt_outs");
  if (opt_outs == manifest.end() || !opt_outs->is_object() || !opt_outs->contains("applied") ||
      !(*opt_outs)["applied"].is_boolean()) {
    return ManifestError(where, "field 'opt_outs.applied' (true or false) is missing");
  }
  for (const char* count : {"rows_before_opt_outs", "rows_written"}) {
    if (!manifest.contains(count) || !IsCount(manifest[count])) {
      return ManifestError(where, std::string("field '") + count + "' (a count) is missing");
    }
  }
  if (!manifest.contains("files") || !manifest["files"].is_array() || manifest["files"].empty()) {
    return ManifestError(where, "field 'files' (a list of files) is missing or empty");
  }
  std::vector<ReleaseInput::File> files;
  for (const auto& f : manifest["files"]) {
    if (!f.is_object() || !f.contains("name") || !f["name"].is_string() || !f.contains("bytes") ||
        !IsCount(f["bytes"]) || !f.contains("sha256") || !f["sha256"].is_string() ||
        !IsSha256Hex(f["sha256"].get<std::string>())) {
      return ManifestError(where,
                           "entry " + std::to_string(files.size() + 1) +
                               " of 'files' needs name, bytes and a SHA-256 of 64 hex digits");
    }
    std::string sha256 = f["sha256"].get<std::string>();
    for (char& c : sha256) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    files.push_back({f["name"].get<std::string>(), f["bytes"].get<int64_t>(), std::move(sha256)});
  }
  release.opt_outs_applied = (*opt_outs)["applied"].get<bool>();
  release.records_before = manifest["rows_before_opt_outs"].get<int64_t>();
  release.records_after = manifest["rows_written"].get<int64_t>();
  release.files = std::move(files);
  return Status::Ok();
}

}  // namespace mhds::govern
