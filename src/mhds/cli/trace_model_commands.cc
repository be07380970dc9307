// `mhds trace fit` and `mhds trace evaluate`: see trace_model_commands.h and docs/tracing.md.
#include "mhds/cli/trace_model_commands.h"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "mhds/cli/exit_codes.h"
#include "mhds/report/atomic_file.h"
#include "mhds/trace/parameter_fit.h"
#include "mhds/trace/trace_evaluation.h"

namespace mhds::cli {
namespace {

struct FitArgs {
  std::string index;
  std::string requests;
  std::string out;
  std::string start;  // --start FILE: EM's starting m (default: the shipped parameters)
  bool json = false;
  bool quiet = false;
  trace::FitOptions options;
};

struct EvaluateArgs {
  std::string request;
  std::string index;
  std::string expected;
  unsigned threads = 1;
  bool json = false;
  TraceModelArgs model;
};

int FailModel(std::string_view command, const Status& status) {
  std::cerr << command << ": " << status.message() << "\n";
  return ExitCodeFor(status);
}

std::string Fixed(double value, int places) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", places, value);
  return text;
}

int RunFit(const FitArgs& args) {
  constexpr std::string_view kCommand = "mhds trace fit";
  auto request = trace::ReadRequestFile(args.requests);
  if (!request.ok()) return FailModel(kCommand, request.status());
  if (request->file_code != trace::code::kSuccess) {
    std::cerr << kCommand << ": " << args.requests << " is rejected with code "
              << request->file_code << ": " << request->problem << "\n";
    return kExitFileRejected;
  }
  trace::MatchParameters start = trace::DefaultMatchParameters();
  if (!args.start.empty()) {
    auto read = trace::ReadMatchParameters(args.start);
    if (!read.ok()) return FailModel(kCommand, read.status());
    start = std::move(*read);
  }
  auto index = trace::DemographicIndex::Open(args.index);
  if (!index.ok()) return FailModel(kCommand, index.status());
  if (index->size() < 2) {
    std::cerr << kCommand << ": the index holds fewer than two people; nothing to fit\n";
    return kExitUnreadableInput;
  }
  const trace::FitResult fit = trace::FitParameters(*index, request->rows, start, args.options);
  if (Status s = report::WriteFileAtomically(args.out, trace::MatchParametersCsv(fit.parameters));
      !s.ok()) {
    return FailModel(kCommand, s);
  }
  if (args.json) {
    nlohmann::json j;
    j["parameters_file"] = args.out;
    j["u_pairs"] = fit.u_pairs;
    j["requests"] = fit.requests;
    for (const trace::EmSession& s : fit.sessions) {
      j["em_sessions"].push_back({{"blocked_on", s.blocked_on},
                                  {"pairs", s.pairs},
                                  {"iterations", s.iterations},
                                  {"converged", s.converged},
                                  {"match_share", s.match_share}});
    }
    for (int f = 0; f < trace::kFieldCount; ++f) {
      for (size_t l = 0; l < trace::kLevelCount; ++l) {
        const auto level = static_cast<trace::Level>(l);
        if (!trace::FieldHasLevel(f, level)) continue;
        const trace::Probabilities& p = fit.parameters.at(f, level);
        j["levels"].push_back({{"field", trace::FieldName(f)},
                               {"level", trace::LevelName(level)},
                               {"m", p.m},
                               {"u", p.u},
                               {"weight", std::log2(p.m / p.u)}});
      }
    }
    std::cout << j.dump(2) << "\n";
    return kExitAccepted;
  }
  if (args.quiet) return kExitAccepted;
  std::cout << "fitted u from " << fit.u_pairs
            << " random (request, person) pairs and m by EM from " << fit.requests
            << " request rows\n";
  for (const trace::EmSession& s : fit.sessions) {
    std::cout << "  EM on pairs blocked by " << s.blocked_on << ": " << s.pairs << " pairs, "
              << s.iterations << " iterations, " << (s.converged ? "converged" : "NOT converged")
              << ", match share " << Fixed(s.match_share, 4) << "\n";
  }
  std::printf("  %-14s %-18s %10s %10s %8s %8s\n", "field", "level", "m", "u", "weight", "before");
  for (int f = 0; f < trace::kFieldCount; ++f) {
    for (size_t l = 0; l < trace::kLevelCount; ++l) {
      const auto level = static_cast<trace::Level>(l);
      if (!trace::FieldHasLevel(f, level)) continue;
      const trace::Probabilities& p = fit.parameters.at(f, level);
      const trace::Probabilities& b = start.at(f, level);
      std::printf("  %-14s %-18s %10.6f %10.6f %8.2f %8.2f\n",
                  std::string(trace::FieldName(f)).c_str(),
                  std::string(trace::LevelName(level)).c_str(), p.m, p.u, std::log2(p.m / p.u),
                  std::log2(b.m / b.u));
    }
  }
  std::cout << "  parameters: " << args.out << " (use with mhds trace --params)\n";
  std::fflush(stdout);
  return kExitAccepted;
}

nlohmann::json TallyJson(const trace::Tally& t) {
  return {{"rows", t.rows},
          {"answered", t.answered()},
          {"correct", t.correct},
          {"wrong", t.wrong},
          {"ambiguous", t.ambiguous},
          {"unanswered", t.unanswered},
          {"precision", t.precision()},
          {"recall", t.recall()}};
}

void PrintTally(std::string_view name, const trace::Tally& t) {
  std::printf(
      "  %-27s %7llu %8llu %8llu %6llu %9llu %10llu %9s %7s\n", std::string(name).c_str(),
      static_cast<unsigned long long>(t.rows), static_cast<unsigned long long>(t.answered()),
      static_cast<unsigned long long>(t.correct), static_cast<unsigned long long>(t.wrong),
      static_cast<unsigned long long>(t.ambiguous), static_cast<unsigned long long>(t.unanswered),
      (Fixed(100 * t.precision(), 3) + "%").c_str(), (Fixed(100 * t.recall(), 1) + "%").c_str());
}

void PrintHeading(std::string_view first) {
  std::printf("  %-27s %7s %8s %8s %6s %9s %10s %9s %7s\n", std::string(first).c_str(), "rows",
              "answered", "correct", "wrong", "ambiguous", "unanswered", "precision", "recall");
}

int RunEvaluate(EvaluateArgs& args) {
  constexpr std::string_view kCommand = "mhds trace evaluate";
  if (Status s = ApplyTraceParams(args.model); !s.ok()) return FailModel(kCommand, s);
  auto truth = trace::ReadTruth(args.expected);
  if (!truth.ok()) return FailModel(kCommand, truth.status());
  auto request = trace::ReadRequestFile(args.request);
  if (!request.ok()) return FailModel(kCommand, request.status());
  auto index = trace::DemographicIndex::Open(args.index);
  if (!index.ok()) return FailModel(kCommand, index.status());
  const trace::BatchResult result =
      trace::TraceBatch(*index, std::move(*request), args.model.options, {}, args.threads);
  if (result.file_rejected()) {
    std::cerr << kCommand << ": the request file is rejected with code " << result.request.file_code
              << ": " << result.request.problem << "\n";
    return kExitFileRejected;
  }
  const trace::Evaluation e = trace::Evaluate(result, *index, *truth);
  if (args.json) {
    nlohmann::json j;
    j["request_reference"] = result.request.header.reference;
    j["parameters"] = args.model.params.empty() ? "default" : args.model.params;
    j["traceable"] = e.total.traceable;
    j["rows_without_truth"] = e.rows_without_truth;
    j["total"] = TallyJson(e.total);
    j["steps"] = nlohmann::json::object();
    for (const auto& [step, t] : e.by_step) j["steps"][step] = TallyJson(t);
    j["corruptions"] = nlohmann::json::object();
    for (const auto& [kind, t] : e.by_corruption) j["corruptions"][kind] = TallyJson(t);
    std::cout << j.dump(2) << "\n";
    return kExitAccepted;
  }
  std::cout << "evaluated " << e.total.rows << " rows of " << result.request.header.reference
            << " (" << e.total.traceable << " traceable) with "
            << (args.model.params.empty() ? "the default parameters" : args.model.params) << "\n";
  if (e.rows_without_truth > 0) {
    std::cout << "  " << e.rows_without_truth << " rows are not in " << args.expected
              << " and are not scored\n";
  }
  PrintHeading("deciding step");
  // Ladder order, not alphabetical.
  for (trace::Step step :
       {trace::Step::kCrossCheck, trace::Step::kExact, trace::Step::kRelaxedHistory,
        trace::Step::kRelaxedVariants, trace::Step::kRelaxedDistrict, trace::Step::kRelaxedDaySwap,
        trace::Step::kProbabilistic, trace::Step::kNone}) {
    const auto it = e.by_step.find(std::string(trace::StepName(step)));
    if (it != e.by_step.end()) PrintTally(it->first, it->second);
  }
  PrintTally("total", e.total);
  if (!e.by_corruption.empty()) {
    PrintHeading("request as generated");
    for (const auto& [kind, t] : e.by_corruption) PrintTally(kind, t);
  }
  std::fflush(stdout);
  return kExitAccepted;
}

}  // namespace

void AddTraceModelOptions(CLI::App* command, TraceModelArgs* args) {
  command->add_option("--params", args->params,
                      "m and u probabilities file (from `mhds trace fit`; default: the shipped "
                      "specs/trace/parameters.csv)");
  command->add_option("--match-threshold", args->options.match_threshold,
                      "Probabilistic step: least match weight for a match (default 5)");
  command->add_option("--close-match-margin", args->options.close_match_margin,
                      "Probabilistic step: least lead over the runner-up (default 5)");
  command->add_option("--relaxed-min-weight", args->options.relaxed_min_weight,
                      "Relaxed steps: least match weight of the one person found (default 5)");
  command->add_option("--max-block", args->options.max_block_size,
                      "Ignore a blocking key shared by more people than this (default 1000)");
  command->add_flag("--birth-date-rival", args->options.birth_date_rival,
                    "Probabilistic step: no number (97) when the best candidate's date of birth "
                    "differs and another, born on the date sent, agrees on both names");
}

Status ApplyTraceParams(TraceModelArgs& args) {
  if (args.params.empty()) return Status::Ok();
  auto parameters = trace::ReadMatchParameters(args.params);
  if (!parameters.ok()) return parameters.status();
  args.options.weights.parameters = std::move(*parameters);
  return Status::Ok();
}

void RegisterTraceFitAndEvaluate(CLI::App* trace, int* exit_code) {
  auto fit_args = std::make_shared<FitArgs>();
  CLI::App* fit = trace->add_subcommand(
      "fit",
      "Estimate the probabilistic step's m and u probabilities for an index: u from random\n"
      "pairs of people, m by expectation maximisation over the pairs a trace of the request\n"
      "file compares. Writes a parameters file for `mhds trace --params`. docs/tracing.md.\n"
      "Exit codes: 0 written, 2 request file rejected, 64 bad usage, 65 unreadable index,\n"
      "request or parameters file, 66 input missing, 74 cannot write.");
  fit->add_option("--index", fit_args->index, "Demographic index")->required();
  fit->add_option("--requests", fit_args->requests, "Request file whose rows train m")->required();
  fit->add_option("--out", fit_args->out, "Parameters file to write (CSV)")->required();
  fit->add_option("--start", fit_args->start,
                  "Parameters file EM starts from (default: the shipped one)");
  fit->add_option("--u-pairs", fit_args->options.u_pairs,
                  "Random pairs of people for u (default 1000000)");
  fit->add_option("--seed", fit_args->options.seed, "Random seed for the pairs (default 1)");
  fit->add_option("--max-block", fit_args->options.max_block_size,
                  "Skip blocks larger than this, as the trace does (default 1000)");
  fit->add_flag("--json", fit_args->json, "Print the fit as JSON on standard output");
  fit->add_flag("-q,--quiet", fit_args->quiet, "Print nothing but errors");
  fit->callback([fit_args, exit_code] { *exit_code = RunFit(*fit_args); });

  auto evaluate_args = std::make_shared<EvaluateArgs>();
  CLI::App* evaluate = trace->add_subcommand(
      "evaluate",
      "Trace a request file and score the answers against the truth (expected.csv from\n"
      "`mhds trace generate`): per deciding step and per kind of request, rows answered\n"
      "rightly and wrongly, ambiguous (97), unanswered, precision and recall.\n"
      "Exit codes: 0 scored, 2 request file rejected, 64 bad usage, 65 unreadable index,\n"
      "truth or parameters file, 66 input missing.");
  evaluate->add_option("REQUEST", evaluate_args->request, "Request file")->required();
  evaluate->add_option("--index", evaluate_args->index, "Demographic index")->required();
  evaluate
      ->add_option("--expected", evaluate_args->expected,
                   "Truth: UNIQUE_REFERENCE,EXPECTED_NHS_NO[,CORRUPTION]")
      ->required();
  evaluate->add_flag("--json", evaluate_args->json, "Print the scores as JSON");
  evaluate
      ->add_option("--threads", evaluate_args->threads,
                   "Rows traced at once (default 1); the scores are the same whatever the number")
      ->check(CLI::Range(1u, 256u));
  AddTraceModelOptions(evaluate, &evaluate_args->model);
  evaluate->callback([evaluate_args, exit_code] { *exit_code = RunEvaluate(*evaluate_args); });
}

}  // namespace mhds::cli
