#include "mhds/trace/parameter_fit.h"

#include <gtest/gtest.h>

#include "mhds/trace/synthetic_population.h"
#include "mhds/trace/trace_batch.h"
#include "mhds/trace/trace_evaluation.h"

namespace mhds::trace {
namespace {

// A generated population and request file with its truth, from a fixed seed.
struct Generated {
  std::unique_ptr<DemographicIndex> index;
  RequestFile request;
  TruthSet truth;
};

Generated Generate(size_t people_count, size_t request_count, uint64_t seed) {
  Generated g;
  const std::vector<Person> people = GeneratePeople(people_count, seed);
  const std::vector<SyntheticRequest> requests = GenerateRequests(people, request_count, seed);
  auto index = DemographicIndex::Build(people);
  EXPECT_TRUE(index.ok()) << index.status().ToString();
  g.index = std::make_unique<DemographicIndex>(std::move(*index));
  g.request = ParseRequest(RequestFileText(requests, "20261123120000"), "generated", "");
  Result<TruthSet> truth = ParseTruth(ExpectedText(requests), "expected.csv");
  if (truth.ok()) {
    g.truth = std::move(*truth);
  } else {
    ADD_FAILURE() << truth.status().ToString();
  }
  return g;
}

Evaluation TraceAndEvaluate(const Generated& g, const TraceOptions& options) {
  return Evaluate(TraceBatch(*g.index, g.request, options), *g.index, g.truth);
}

FitOptions SmallFit() {
  FitOptions options;
  options.u_pairs = 200000;
  return options;
}

TEST(FitParameters, FittedParametersDoNotLowerPrecisionOnAGeneratedSet) {
  const Generated g = Generate(5000, 4000, 11);
  ASSERT_EQ(g.request.file_code, code::kSuccess) << g.request.problem;
  const FitResult fit =
      FitParameters(*g.index, g.request.rows, DefaultMatchParameters(), SmallFit());
  for (const EmSession& s : fit.sessions) {
    EXPECT_GT(s.pairs, 0u) << s.blocked_on;
    EXPECT_TRUE(s.converged) << s.blocked_on;
  }

  const Evaluation before = TraceAndEvaluate(g, TraceOptions{});
  TraceOptions fitted;
  fitted.weights.parameters = fit.parameters;
  const Evaluation after = TraceAndEvaluate(g, fitted);
  ASSERT_GT(before.total.answered(), 0u);
  ASSERT_GT(after.total.answered(), 0u);
  // precision(after) >= precision(before), in integers: no rounding can hide a loss.
  EXPECT_GE(after.total.correct * before.total.answered(),
            before.total.correct * after.total.answered())
      << "before: " << before.total.correct << "/" << before.total.answered()
      << ", after: " << after.total.correct << "/" << after.total.answered();
  // The probabilistic step is the one the parameters drive; it must still answer some rows.
  ASSERT_TRUE(after.by_step.count("probabilistic"));
  EXPECT_GT(after.by_step.at("probabilistic").correct, 0u);
}

TEST(FitParameters, EstimatesAgreeWithHowTheDataWasMade) {
  const Generated g = Generate(3000, 3000, 5);
  const FitResult fit =
      FitParameters(*g.index, g.request.rows, DefaultMatchParameters(), SmallFit());
  EXPECT_EQ(fit.u_pairs, 200000u);
  EXPECT_EQ(fit.requests, 3000u);
  const MatchParameters& p = fit.parameters;
  // Genders are drawn half and half: two random people agree about half the time.
  EXPECT_NEAR(p.at(kSex, Level::kExact).u, 0.5, 0.05);
  // Random people almost never share a birthday and postcode; true pairs mostly do.
  EXPECT_LT(p.at(kBirthDate, Level::kExact).u, 0.01);
  EXPECT_LT(p.at(kPostcodeField, Level::kExact).u, 0.05);  // households share postcodes
  for (int f = 0; f < kFieldCount; ++f) {
    EXPECT_GT(p.at(f, Level::kExact).m, p.at(f, Level::kDisagree).m) << FieldName(f);
    // Gender's two u are both about one half (checked above); which is larger is noise.
    if (f == kSex) continue;
    EXPECT_GT(p.at(f, Level::kDisagree).u, p.at(f, Level::kExact).u) << FieldName(f);
  }
}

TEST(FitParameters, SameSeedSameParameters) {
  const Generated g = Generate(1000, 500, 3);
  FitOptions options = SmallFit();
  options.u_pairs = 20000;
  const std::string a = MatchParametersCsv(
      FitParameters(*g.index, g.request.rows, DefaultMatchParameters(), options).parameters);
  const std::string b = MatchParametersCsv(
      FitParameters(*g.index, g.request.rows, DefaultMatchParameters(), options).parameters);
  EXPECT_EQ(a, b);
}

}  // namespace
}  // namespace mhds::trace
