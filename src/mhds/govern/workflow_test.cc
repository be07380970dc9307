#include "mhds/govern/workflow.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <deque>
#include <filesystem>
#include <fstream>
#include <set>

#include "mhds/govern/preconditions.h"

namespace mhds::govern {
namespace {

const std::string kSpecDir = std::string(MHDS_SOURCE_DIR) + "/specs/governance";

Workflow Shipped() {
  auto w = Workflow::Load(kSpecDir, PreconditionNames());
  EXPECT_TRUE(w.ok()) << w.status().ToString();
  return std::move(w).value();
}

TEST(Workflow, EveryStateIsReachableAndEveryPathCanEndInATerminalState) {
  Workflow w = Shipped();
  std::set<std::string> reached = {""};
  std::deque<std::string> queue = {""};
  while (!queue.empty()) {
    std::string from = queue.front();
    queue.pop_front();
    for (const Transition& t : w.transitions()) {
      if (t.from == from && reached.insert(t.to).second) queue.push_back(t.to);
    }
  }
  for (const State& s : w.states()) EXPECT_TRUE(reached.count(s.name)) << s.name;
  // Backwards from the terminal states: every state must be able to finish.
  std::set<std::string> can_end;
  for (const State& s : w.states()) {
    if (s.terminal) can_end.insert(s.name);
  }
  for (bool grew = true; grew;) {
    grew = false;
    for (const Transition& t : w.transitions()) {
      if (can_end.count(t.to) && !t.from.empty() && can_end.insert(t.from).second) grew = true;
    }
  }
  for (const State& s : w.states()) EXPECT_TRUE(can_end.count(s.name)) << s.name << " is a trap";
}

TEST(Workflow, NoReleaseWithoutAnActiveAgreement) {
  Workflow w = Shipped();
  int releases = 0;
  for (const Transition& t : w.transitions()) {
    if (t.action.rfind("release", 0) != 0) continue;
    ++releases;
    EXPECT_EQ(t.from, "ACTIVE") << t.position;
    EXPECT_NE(std::find(t.preconditions.begin(), t.preconditions.end(), "active_agreement"),
              t.preconditions.end())
        << t.position;
  }
  EXPECT_EQ(releases, 2);
}

TEST(Workflow, OptOutFollowsTheLegalBasis) {
  Workflow w = Shipped();
  const std::string s251 =
      "National Health Service Act 2006 - s251 - 'Control of patient information'.";
  EXPECT_EQ(OptOutApplies(w, s251, "Identifiable", false), true);
  EXPECT_EQ(OptOutApplies(w, s251, "Identifiable", true), false);  // CAG exemption
  EXPECT_EQ(OptOutApplies(w, s251, "Identifiable", std::nullopt), std::nullopt);
  EXPECT_EQ(OptOutApplies(w, "Health and Social Care Act 2012 - s261(2)(a)",
                          "Anonymised - ICO Code Compliant", std::nullopt),
            false);
  EXPECT_EQ(
      OptOutApplies(w, "Health and Social Care Act 2012 - s261(7)", "Pseudonymised", std::nullopt),
      true);
  EXPECT_EQ(
      OptOutApplies(w, "Informed Patient consent to permit the receipt and processing of data",
                    "Identifiable", std::nullopt),
      false);
  EXPECT_EQ(OptOutApplies(w, "a basis nobody knows", "Identifiable", false), std::nullopt);
}

TEST(Workflow, ReportsEveryProblemWithFileLineAndColumn) {
  std::string pattern = ::testing::TempDir() + "mhds_govern_spec_XXXXXX";
  ASSERT_NE(mkdtemp(pattern.data()), nullptr);
  const std::filesystem::path dir = pattern;
  for (const char* f : {"states.csv", "vocabulary.csv", "legal_bases.csv"}) {
    std::filesystem::copy_file(std::filesystem::path(kSpecDir) / f, dir / f);
  }
  std::ofstream(dir / "transitions.csv")
      << "from,to,action,role,preconditions,description\n"
      << ",ENQUIRY,enquire,applicant,,open\n"
      << "ENQUIRY,NOWHERE,assess,case_officer,,bad state\n"
      << "ENQUIRY,CLOSED,close,case_officer,reason_given;magic,bad check\n"
      << "CLOSED,ENQUIRY,reopen,case_officer,,leaves a terminal state\n";
  auto w = Workflow::Load(dir.string(), PreconditionNames());
  ASSERT_FALSE(w.ok());
  const std::string m = w.status().message();
  EXPECT_NE(m.find("transitions.csv:3:2: unknown state 'NOWHERE'"), std::string::npos) << m;
  EXPECT_NE(m.find("transitions.csv:4:5: unknown precondition 'magic'"), std::string::npos) << m;
  EXPECT_NE(m.find("transitions.csv:5:1: state 'CLOSED' is terminal"), std::string::npos) << m;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mhds::govern
