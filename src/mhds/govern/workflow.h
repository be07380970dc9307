// The governance workflow as data: the states an application passes through and the transitions
// between them, read from specs/governance/states.csv and transitions.csv. Each transition names
// the state it leaves (empty for the first, which creates the application), the state it enters,
// the action that takes it, the one role allowed to act, and the preconditions (named checks in
// preconditions.h) that must all hold. Also the vocabularies the register publishes
// (vocabulary.csv) and what each legal basis means for the national data opt-out
// (legal_bases.csv). docs/governance.md describes the files.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/base/result.h"

namespace mhds::govern {

struct State {
  std::string name;
  bool terminal = false;
  std::string description;
};

struct Transition {
  std::string from;  // empty: the transition that opens an application
  std::string to;
  std::string action;
  std::string role;
  std::vector<std::string> preconditions;
  std::string description;
  std::string position;  // "transitions.csv:LINE", for messages
};

// How the national data opt-out follows from a legal basis.
enum class OptOutRule {
  kNo,      // never applies (consent, required by law, overriding public interest)
  kPolicy,  // applies to confidential data (see Vocabulary::confidential_types) by policy
  kCag,     // applies unless the Confidentiality Advisory Group advised an exemption
};

class Workflow {
 public:
  // Reads states.csv, transitions.csv, vocabulary.csv and legal_bases.csv from `dir`. Every
  // problem in the files is reported at once, each as "FILE:LINE:COLUMN: what is wrong; what
  // was expected", in one kSpecError; kNotFound if a file is missing. `known_preconditions` are
  // the names a transition may use.
  static Result<Workflow> Load(const std::string& dir,
                               const std::set<std::string>& known_preconditions);

  const State* FindState(std::string_view name) const;
  // The transition taking `action` from `from`, or nullptr.
  const Transition* Find(std::string_view from, std::string_view action) const;
  // Every action allowed from `from`, for "expected one of" messages.
  std::vector<std::string> ActionsFrom(std::string_view from) const;
  const std::vector<State>& states() const { return states_; }
  const std::vector<Transition>& transitions() const { return transitions_; }

  // True when `value` is a published value of `field` (type_of_data, sensitivity, frequency,
  // common_law_duty, organisation_type, security_assurance, panel, review_outcome, uk_country,
  // confidential_type_of_data, channel).
  bool InVocabulary(std::string_view field, std::string_view value) const;
  // The values of `field`, joined for messages.
  std::string VocabularyList(std::string_view field) const;
  // The opt-out rule of a legal basis, or nullopt when it is not in legal_bases.csv.
  std::optional<OptOutRule> OptOutRuleFor(std::string_view legal_basis) const;

 private:
  std::vector<State> states_;
  std::vector<Transition> transitions_;
  std::map<std::string, std::set<std::string>, std::less<>> vocabulary_;
  std::map<std::string, OptOutRule, std::less<>> legal_bases_;
};

// Whether the opt-out applies to one requested data set: nullopt when it cannot be decided yet
// (a section 251 basis without a recorded CAG exemption answer, or an unknown basis).
std::optional<bool> OptOutApplies(const Workflow& workflow, std::string_view legal_basis,
                                  std::string_view type_of_data, std::optional<bool> cag_exemption);

}  // namespace mhds::govern
