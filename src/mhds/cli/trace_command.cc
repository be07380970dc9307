// `mhds trace`: NHS Number tracing against a demographic index the operator holds.
//   mhds trace REQUEST.csv --index DB --out RESPONSE.csv [--explain EXPLAIN.csv] [--json]
//   mhds trace index load PEOPLE.csv --index DB
//   mhds trace index build PEOPLE.csv --out INDEX   (packed, mapped rather than read)
//   mhds trace generate --people N --requests N --dir DIR
//   mhds trace fit, mhds trace evaluate (trace_model_commands.cc)
#include <sched.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "mhds/cli/command_failure.h"
#include "mhds/cli/commands.h"
#include "mhds/cli/exit_codes.h"
#include "mhds/cli/terminal.h"
#include "mhds/cli/trace_model_commands.h"
#include "mhds/report/atomic_file.h"
#include "mhds/trace/demographic_index.h"
#include "mhds/trace/file_rejection.h"
#include "mhds/trace/index_store.h"
#include "mhds/trace/packed_index.h"
#include "mhds/trace/people_csv.h"
#include "mhds/trace/synthetic_population.h"
#include "mhds/trace/trace_batch.h"

namespace mhds::cli {
namespace {

// The cores this process may run on.
unsigned DefaultThreads() {
  cpu_set_t cpus;
  if (sched_getaffinity(0, sizeof cpus, &cpus) == 0) return std::max(1, CPU_COUNT(&cpus));
  return std::max(1u, std::thread::hardware_concurrency());
}

struct TraceArgs {
  std::string request;
  std::string index;
  std::string out;
  std::string explain;
  std::string explain_jsonl;
  unsigned threads = DefaultThreads();
  bool json = false;
  bool score_columns = false;
  bool quiet = false;
  bool no_color = false;
  TraceModelArgs model;
};

struct LoadArgs {
  std::string people;
  std::string index;
  bool quiet = false;
};

struct BuildArgs {
  std::string people;
  std::string out;
  size_t max_block = trace::TraceOptions{}.max_block_size;
  size_t memory_mb = trace::PackedBuildOptions{}.memory_bytes >> 20;
  bool json = false;
  bool quiet = false;
};

struct GenerateArgs {
  size_t people = 1000;
  size_t requests = 100;
  size_t request_files = 1;  // more than one: a request file of its own seed per file
  uint64_t seed = 1;
  std::string dir;
  std::string timestamp = "20261123120000";
};

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

nlohmann::json SummaryJson(const trace::BatchSummary& result, double seconds) {
  nlohmann::json j;
  j["request_reference"] = result.header.reference;
  j["file_code"] = std::string(result.file_code);
  if (result.file_rejected()) j["file_problem"] = result.problem;
  j["rows"] = result.rows;
  j["matched"] = result.matched;
  j["codes"] = result.codes;
  j["steps"] = result.steps;
  j["seconds"] = seconds;
  return j;
}

void PrintSummary(const trace::BatchSummary& result, double seconds, const TraceArgs& args) {
  if (result.file_rejected()) {
    std::cout << "file rejected with code " << result.file_code << ": " << result.problem << "\n";
    return;
  }
  const uint64_t rows = result.rows;
  std::cout << "traced " << rows << " rows of " << result.header.reference << ": " << result.matched
            << " answered with a number\n  codes:";
  for (const auto& [code, n] : result.codes) std::cout << " " << code << "=" << n;
  std::cout << "\n  steps:";
  for (const auto& [step, n] : result.steps) std::cout << " " << step << "=" << n;
  std::cout << "\n";
  if (seconds > 0) {
    std::cout << "  " << static_cast<uint64_t>(static_cast<double>(rows) / seconds)
              << " rows per second\n";
  }
  std::cout << "  response: " << args.out << "\n";
  if (!args.explain.empty()) std::cout << "  explanation: " << args.explain << "\n";
  if (!args.explain_jsonl.empty())
    std::cout << "  explanation (JSON lines): " << args.explain_jsonl << "\n";
}

// Writes the response (and explanations asked for) answering `request` with a file-level `code`
// and no rows: 14 for an index that cannot be opened, 05 for a trace that failed part way. Best
// effort: the failure itself is what the command reports. The reason names no path: the
// explanation may go back to whoever sent the request, and the operator sees the failure on
// standard error.
void WriteRejectedFile(const TraceArgs& args, trace::RequestFile request, std::string_view code,
                       std::string reason) {
  const trace::BatchResult result =
      trace::RejectedBatch(std::move(request), code, std::move(reason));
  auto none = trace::DemographicIndex::Build({});
  if (!none.ok()) return;
  (void)report::WriteFileAtomically(args.out, trace::ResponseText(result, *none, {}));
  if (!args.explain.empty()) {
    (void)report::WriteFileAtomically(args.explain, trace::ExplanationText(result));
  }
  if (!args.explain_jsonl.empty()) {
    (void)report::WriteFileAtomically(args.explain_jsonl, trace::ExplanationJsonLines(result));
  }
}

int RunTrace(TraceArgs& args) {
  constexpr std::string_view kCommand = "trace";
  if (args.request.empty()) {
    std::cerr << "mhds " << kCommand
              << ": a REQUEST file is required (or a subcommand: index, generate)\n";
    return kExitUsage;
  }
  if (args.index.empty() || args.out.empty()) {
    std::cerr << "mhds " << kCommand << ": --index and --out are required\n";
    return kExitUsage;
  }
  if (Status s = ApplyTraceParams(args.model); !s.ok()) return Fail(kCommand, s);
  // Read a chunk of rows at a time as they are traced, not whole (up to 500,000 rows).
  auto request = trace::RequestReader::Open(args.request);
  if (!request.ok()) return Fail(kCommand, request.status());
  trace::RequestReader& reader = **request;
  const auto started = std::chrono::steady_clock::now();
  auto index = trace::DemographicIndex::Open(args.index);
  if (!index.ok()) {
    // The sender still gets an answer: the file with code 14 (datastore error) and no rows, or
    // its own file-level code if it has one, which needs the whole file read.
    reader.SkipToEnd();
    if (!reader.status().ok()) return Fail(kCommand, reader.status());
    WriteRejectedFile(args, reader.Answer(), trace::code::kDatastoreError,
                      "the demographic index the trace runs against could not be opened or read; "
                      "no row is answered: send the file again once the service says it is "
                      "working");
    return Fail(kCommand, index.status());
  }
  const double load_seconds = SecondsSince(started);

  const auto traced = std::chrono::steady_clock::now();
  const std::clock_t cpu_started = std::clock();
  trace::BatchFiles files;
  files.response = args.out;
  files.response_options.score_columns = args.score_columns;
  files.explanation = args.explain;
  files.explanation_jsonl = args.explain_jsonl;
  std::optional<Result<trace::BatchSummary>> traced_batch;  // set below unless tracing throws
  {
    ProgressLine progress("tracing", !args.quiet && !args.json);
    try {
      traced_batch.emplace(trace::TraceBatchToFiles(
          *index, reader, args.model.options, files, args.threads,
          [&](uint64_t done, uint64_t total) { progress.Update(done, total); }));
    } catch (const std::exception& e) {
      // The sender still gets an answer: the file with code 05 (unexpected error) and no rows.
      WriteRejectedFile(args, reader.Answer(), trace::code::kUnexpectedError,
                        "the file could not be traced to the end (" + std::string(e.what()) +
                            "); no row is answered: send it again, and report it if it recurs");
      std::cerr << "mhds " << kCommand << ": tracing failed part way: " << e.what() << "\n";
      return kExitInternal;
    }
  }
  if (!traced_batch->ok()) return Fail(kCommand, traced_batch->status());
  const trace::BatchSummary& result = **traced_batch;
  const double trace_seconds = SecondsSince(traced);
  // Processor time too: on a shared machine it says what the work costs, whatever the load. It
  // adds up every thread's.
  const double cpu_seconds =
      static_cast<double>(std::clock() - cpu_started) / static_cast<double>(CLOCKS_PER_SEC);

  if (args.json) {
    nlohmann::json j = SummaryJson(result, trace_seconds);
    j["index_people"] = index->size();
    j["index_load_seconds"] = load_seconds;
    j["cpu_seconds"] = cpu_seconds;
    std::cout << j.dump(2) << "\n";
  } else if (!args.quiet) {
    PrintSummary(result, trace_seconds, args);
  }
  return result.file_rejected() ? kExitFileRejected : kExitAccepted;
}

int RunLoad(const LoadArgs& args) {
  constexpr std::string_view kCommand = "trace index load";
  auto people = trace::ReadPeopleCsv(args.people);
  if (!people.ok()) return Fail(kCommand, people.status());
  // Building the index checks what the file cannot show row by row (numbers held twice), fills
  // the matching keys and orders everyone by NHS Number.
  auto index = trace::DemographicIndex::Build(std::move(*people));
  if (!index.ok()) return Fail(kCommand, index.status().WithContext(args.people));
  if (Status s = trace::WriteIndex(args.index, index->people()); !s.ok()) return Fail(kCommand, s);
  const size_t count = index->size();
  if (!args.quiet) std::cout << "indexed " << count << " people in " << args.index << "\n";
  return kExitAccepted;
}

int RunBuild(const BuildArgs& args) {
  constexpr std::string_view kCommand = "trace index build";
  const auto started = std::chrono::steady_clock::now();
  trace::PackedBuildOptions options;
  options.block_cap = args.max_block;
  options.memory_bytes = args.memory_mb << 20;
  auto stats = trace::BuildPackedIndex(args.people, args.out, options);
  if (!stats.ok()) {
    if (stats.status().code() == StatusCode::kDataError &&
        stats.status().message().find(args.people) == std::string::npos) {
      return Fail(kCommand, stats.status().WithContext(args.people));
    }
    return Fail(kCommand, stats.status());
  }
  const double seconds = SecondsSince(started);
  const trace::PackedIndexStats& s = *stats;
  if (args.json) {
    nlohmann::json j;
    j["index"] = args.out;
    j["people"] = s.people;
    j["numbers"] = s.numbers;
    j["bytes"] = s.bytes;
    j["seconds"] = seconds;
    j["block_cap"] = args.max_block;
    j["birth_dates"] = {{"keys", s.birth_dates},
                        {"largest_block", s.largest_birth_date_block},
                        {"over_cap", s.birth_dates_over_cap}};
    j["postcodes"] = {{"keys", s.postcodes},
                      {"largest_block", s.largest_postcode_block},
                      {"over_cap", s.postcodes_over_cap}};
    j["family_names"] = s.family_names;
    j["given_names"] = s.given_names;
    std::cout << j.dump(2) << "\n";
  } else if (!args.quiet) {
    std::cout << "indexed " << s.people << " people in " << args.out << " ("
              << s.bytes / (1024 * 1024) << " MB, " << static_cast<int>(seconds) << " s)\n"
              << "  dates of birth: " << s.birth_dates << ", largest block "
              << s.largest_birth_date_block << " people, " << s.birth_dates_over_cap
              << " over the block cap of " << args.max_block << "\n"
              << "  postcodes: " << s.postcodes << ", largest block " << s.largest_postcode_block
              << " people, " << s.postcodes_over_cap << " over the block cap\n";
  }
  return kExitAccepted;
}

int RunGenerate(const GenerateArgs& args) {
  constexpr std::string_view kCommand = "trace generate";
  // Each further file's timestamp is a second later, so the seconds must leave room.
  if (args.people == 0 || args.people > trace::kMaxSyntheticPeople ||
      args.requests > trace::kMaxRequestRecords || args.request_files == 0 ||
      args.request_files > 50 || args.timestamp.size() != 14 ||
      args.timestamp.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(args.timestamp.substr(12)) + args.request_files > 60) {
    std::cerr
        << "mhds " << kCommand << ": --people must be 1 to " << trace::kMaxSyntheticPeople
        << " (the synthetic NHS Numbers run out), --requests at most 500000, --request-files 1 to "
           "50 and --timestamp CCYYMMDDHHMISS with room for a second per file\n";
    return kExitUsage;
  }
  if (Status s = report::EnsureReportDir(args.dir); !s.ok()) return Fail(kCommand, s);
  const std::filesystem::path dir(args.dir);
  std::vector<std::string> names;
  // Written a chunk of people and a request at a time: of the people only what drawing a
  // request needs is kept (about 25 bytes a person).
  constexpr size_t kPeopleAtOnce = 10000;
  trace::SyntheticPopulation population(args.people, args.seed);
  {
    auto people_csv = report::AtomicFileWriter::Create(dir / "people.csv");
    if (!people_csv.ok()) return Fail(kCommand, people_csv.status());
    people_csv->Append(trace::PeopleCsvHeader());
    std::vector<trace::Person> people;
    std::string text;
    while (population.Next(kPeopleAtOnce, people)) {
      trace::AppendPeopleCsvRows(people, text);
      people_csv->Append(text);
      people.clear();
      text.clear();
    }
    if (Status s = people_csv->Commit(); !s.ok()) return Fail(kCommand, s);
  }
  for (size_t f = 0; f < args.request_files; ++f) {
    const std::string stamp =
        args.timestamp.substr(0, 12) +
        (std::stoi(args.timestamp.substr(12)) + static_cast<int>(f) < 10 ? "0" : "") +
        std::to_string(std::stoi(args.timestamp.substr(12)) + static_cast<int>(f));
    const std::filesystem::path request_path = dir / ("MPTREQ_" + stamp + ".csv");
    const std::filesystem::path expected_path =
        dir / (f == 0 ? "expected.csv" : "expected_" + stamp + ".csv");
    auto request = report::AtomicFileWriter::Create(request_path);
    if (!request.ok()) return Fail(kCommand, request.status());
    auto expected = report::AtomicFileWriter::Create(expected_path);
    if (!expected.ok()) return Fail(kCommand, expected.status());
    request->Append(trace::RequestFileHeader(args.requests, stamp));
    expected->Append(trace::ExpectedHeader());
    std::string request_text, expected_text;
    trace::GenerateRequests(population, args.requests, args.seed + f,
                            [&](const trace::SyntheticRequest& q) {
                              trace::AppendRequestRecord(q, request_text);
                              trace::AppendExpectedRow(q, expected_text);
                              if (request_text.size() >= (size_t{1} << 20)) {
                                request->Append(request_text);
                                expected->Append(expected_text);
                                request_text.clear();
                                expected_text.clear();
                              }
                            });
    request->Append(request_text);
    expected->Append(expected_text);
    for (auto* writer : {&*request, &*expected}) {
      if (Status s = writer->Commit(); !s.ok()) return Fail(kCommand, s);
    }
    names.push_back(request_path.string());
    names.push_back(expected_path.string());
  }
  if (args.people > trace::kTestRangeNumbers) {
    std::cout << "note: more people than the 909,090 numbers of the reserved test range "
                 "999 000 0000 - 999 999 9999; the rest begin 998, 997, ... (docs/tracing.md)\n";
  }
  std::cout << "wrote " << args.people << " people to " << (dir / "people.csv").string() << ", "
            << args.requests << " requests to each of";
  for (size_t i = 0; i < names.size(); i += 2) std::cout << " " << names[i];
  std::cout << " and their answers to";
  for (size_t i = 1; i < names.size(); i += 2) std::cout << " " << names[i];
  std::cout << "\n";
  return kExitAccepted;
}

}  // namespace

void RegisterTrace(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<TraceArgs>();
  CLI::App* cmd = app.add_subcommand(
      "trace",
      "Trace NHS Numbers from demographics: answer a batch request file in the national layout\n"
      "(PDS over MESH) against a demographic index, one row at a time, returning a number only\n"
      "for a unique match. Formats, codes and the trace ladder: docs/tracing.md.\n"
      "Exit codes: 0 file traced (whatever each row's answer), 2 file rejected (the response\n"
      "carries the file-level code), 64 bad usage, 65 unreadable index or people file,\n"
      "66 input missing, 74 cannot write an output.");
  cmd->add_option("REQUEST", args->request, "Request file: header record, then data records");
  cmd->add_option("--index", args->index,
                  "Demographic index (from `mhds trace index build` or `index load`)");
  cmd->add_option("--out", args->out, "Write the response file here");
  cmd->add_option("--explain", args->explain,
                  "Write the explanation file here: per row, which step decided and why");
  cmd->add_flag("--json", args->json, "Print the summary as JSON on standard output");
  cmd->add_flag("--score-columns", args->score_columns,
                "Append NHS England's five per-field score columns to the response");
  cmd->add_option("--explain-jsonl", args->explain_jsonl,
                  "Write the explanation as JSON lines here: per row, each field's level, m, u "
                  "and weight for the match and the runner-up");
  cmd->add_option("--threads", args->threads,
                  "Rows traced at once (default: the cores available); the files are the same "
                  "bytes whatever the number")
      ->check(CLI::Range(1u, 256u));
  AddTraceModelOptions(cmd, &args->model);
  cmd->add_flag("-q,--quiet", args->quiet, "Print nothing but errors");
  cmd->add_flag("--no-color", args->no_color, "No colour (also when NO_COLOR is set)");

  CLI::App* index = cmd->add_subcommand("index", "Build the demographic index");
  index->require_subcommand(1);
  auto load_args = std::make_shared<LoadArgs>();
  CLI::App* load = index->add_subcommand(
      "load",
      "Load people (with their name and address history) from a CSV file into a new index,\n"
      "replacing any index at --index. Format: docs/tracing.md, \"The index CSV\".\n"
      "Exit codes: 0 loaded, 64 bad usage, 65 malformed people file, 66 missing, 74 cannot\n"
      "write the index.");
  load->add_option("PEOPLE", load_args->people, "People CSV")->required();
  load->add_option("--index", load_args->index, "Index file to write (SQLite)")->required();
  load->add_flag("-q,--quiet", load_args->quiet, "Print nothing but errors");
  load->callback([load_args, exit_code] { *exit_code = RunLoad(*load_args); });
  auto build_args = std::make_shared<BuildArgs>();
  CLI::App* build = index->add_subcommand(
      "build",
      "Build a packed index from a people CSV: one file that `mhds trace --index` maps into\n"
      "memory and reads only where a trace looks, for populations too large to read whole.\n"
      "Answers are the same as from `index load`. Reports blocks (people sharing a date of\n"
      "birth or a postcode) larger than --max-block. Memory stays near --memory-mb whatever\n"
      "the number of people. Format: docs/tracing.md.\n"
      "Exit codes: 0 built, 64 bad usage, 65 malformed people file, 66 missing, 74 cannot\n"
      "write the index.");
  build->add_option("PEOPLE", build_args->people, "People CSV")->required();
  build->add_option("--out", build_args->out, "Packed index file to write")->required();
  build->add_option("--max-block", build_args->max_block,
                    "Report blocks of more people than this (default 1000, the trace's cap)");
  build
      ->add_option("--memory-mb", build_args->memory_mb,
                   "Memory for sorting, in MB (default 256); more people than fit are sorted "
                   "in runs on disk beside --out and merged")
      ->check(CLI::Range(size_t{1}, size_t{1} << 20));
  build->add_flag("--json", build_args->json, "Print the summary as JSON");
  build->add_flag("-q,--quiet", build_args->quiet, "Print nothing but errors");
  build->callback([build_args, exit_code] { *exit_code = RunBuild(*build_args); });

  auto generate_args = std::make_shared<GenerateArgs>();
  CLI::App* generate = cmd->add_subcommand(
      "generate",
      "Write a synthetic population (999-range NHS Numbers), a request file drawn from it with\n"
      "controlled corruptions, and the expected answer per request, for tests and timing.\n"
      "Exit codes: 0 written, 64 bad usage, 74 cannot write.");
  generate->add_option("--people", generate_args->people, "People to generate (default 1000)");
  generate->add_option("--requests", generate_args->requests,
                       "Request rows to generate (default 100)");
  generate->add_option("--seed", generate_args->seed, "Random seed (default 1)");
  generate->add_option("--request-files", generate_args->request_files,
                       "Request files to write (default 1); file N+1 is seeded SEED+N, stamped a "
                       "second later, with its answers in expected_<timestamp>.csv");
  generate->add_option("--timestamp", generate_args->timestamp,
                       "Request timestamp CCYYMMDDHHMISS (default 20261123120000)");
  generate->add_option("--dir", generate_args->dir, "Folder to write into")->required();
  generate->callback([generate_args, exit_code] { *exit_code = RunGenerate(*generate_args); });

  RegisterTraceFitAndEvaluate(cmd, exit_code);

  cmd->callback([cmd, args, exit_code] {
    if (!cmd->get_subcommands().empty()) return;  // index, generate, fit or evaluate ran
    *exit_code = RunTrace(*args);
  });
}

}  // namespace mhds::cli
