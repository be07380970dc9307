// Runs every golden case under tests/cases/: a submission folder, the options it is validated
// with (case.txt) and the findings it must produce (expected.txt), compared as sorted lines
//   CODE TABLE ROW ITEM cause=CODE@TABLE:ROW
// so that a case reads like the report a data lead would get. A new fixed bug becomes a new folder.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "mhds/base/calendar.h"
#include "mhds/io/table_source.h"
#include "mhds/spec/spec.h"
#include "mhds/validate/validator.h"

namespace mhds {
namespace {

const std::filesystem::path kSource = MHDS_SOURCE_DIR;

std::map<std::string, std::string> ReadCase(const std::filesystem::path& file) {
  std::map<std::string, std::string> settings;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    size_t colon = line.find(':');
    if (line.empty() || line[0] == '#' || colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    settings[line.substr(0, colon)] = value;
  }
  return settings;
}

std::vector<std::string> ReadExpected(const std::filesystem::path& file) {
  std::vector<std::string> lines;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != '#') lines.push_back(line);
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

std::string Describe(const spec::Spec& spec, const validate::ValidationResult& result,
                     const validate::Finding& f) {
  std::ostringstream out;
  out << spec.rules[f.rule].code << " " << (f.table >= 0 ? spec.tables[f.table].idb_name : "-")
      << " " << f.row << " " << (f.item >= 0 ? spec.tables[f.table].items[f.item].short_name : "-");
  if (f.cause != validate::kNoFinding) {
    const validate::Finding& c = result.finding(f.cause);
    out << " cause=" << spec.rules[c.rule].code << "@"
        << (c.table >= 0 ? spec.tables[c.table].idb_name : "-") << ":" << c.row;
  }
  return out.str();
}

class GoldenCase : public testing::TestWithParam<std::string> {};

TEST_P(GoldenCase, ProducesExactlyTheExpectedFindings) {
  std::filesystem::path dir = kSource / "tests/cases" / GetParam();
  auto settings = ReadCase(dir / "case.txt");
  auto spec = spec::LoadSpec(kSource / settings["spec"]);
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  // A case may validate a bundled example instead of a submission folder of its own.
  std::filesystem::path submission =
      settings.contains("submission") ? kSource / settings["submission"] : dir / "submission";
  // Cases on the shared test data run where it is beside the checkout (as in CI).
  if (settings.contains("submission") && settings["submission"].starts_with("../") &&
      !std::filesystem::exists(submission)) {
    GTEST_SKIP() << submission << " is not here";
  }
  auto source = io::OpenSource(submission.string());
  ASSERT_TRUE(source.ok()) << source.status().ToString();

  validate::ValidateOptions options;
  if (settings.contains("period")) options.period = settings["period"];
  if (settings.contains("org")) options.org = settings["org"];
  options.uploaded_at = *ParseDateTime(settings.contains("uploaded_at") ? settings["uploaded_at"]
                                                                        : "2030-01-01T00:00:00");
  auto result = validate::Validate(*spec, **source, options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();

  std::vector<std::string> actual;
  for (const auto& f : result->findings) actual.push_back(Describe(*spec, *result, f));
  std::sort(actual.begin(), actual.end());
  EXPECT_EQ(actual, ReadExpected(dir / "expected.txt"));

  // `message:` text the file-rejecting finding's message must hold.
  if (settings.contains("message")) {
    ASSERT_TRUE(result->file_rejected);
    EXPECT_NE(result->finding(result->file_rejection).message.find(settings["message"]),
              std::string::npos)
        << result->finding(result->file_rejection).message;
  }
  int exit_code = result->file_rejected ? 2 : result->RowsRejected() > 0 ? 1 : 0;
  EXPECT_EQ(std::to_string(exit_code), settings["exit"]);
  if (settings.contains("root")) {
    ASSERT_FALSE(result->root_causes.empty());
    const auto& top = result->root_causes.front();
    std::string described = Describe(*spec, *result, result->finding(top.finding)) +
                            " restores=" + std::to_string(top.rows_restored);
    EXPECT_EQ(described, settings["root"]);
  }
}

std::vector<std::string> AllCases() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(kSource / "tests/cases")) {
    if (std::filesystem::exists(entry.path() / "case.txt"))
      names.push_back(entry.path().filename());
  }
  std::sort(names.begin(), names.end());
  return names;
}

INSTANTIATE_TEST_SUITE_P(Cases, GoldenCase, testing::ValuesIn(AllCases()),
                         [](const testing::TestParamInfo<std::string>& param_info) {
                           std::string name = param_info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace mhds
