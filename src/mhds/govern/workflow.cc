#include "mhds/govern/workflow.h"

#include <filesystem>

#include "mhds/base/csv_document.h"
#include "mhds/base/status_macros.h"
#include "mhds/base/text.h"

namespace mhds::govern {

namespace {

// Collects positioned problems so that one load reports all of them.
class Problems {
 public:
  void Add(const CsvDocument& doc, uint64_t line, int column, const std::string& what) {
    list_.push_back(std::filesystem::path(doc.name()).filename().string() + ":" +
                    std::to_string(line) + ":" + std::to_string(column) + ": " + what);
  }
  Status ToStatus() const {
    if (list_.empty()) return Status::Ok();
    return Status::SpecError("governance specification: " + Join(list_, "\n  "));
  }

 private:
  std::vector<std::string> list_;
};

// Column indexes of `wanted` in `doc`, or a positioned problem for each missing one.
std::vector<int> Columns(const CsvDocument& doc, const std::vector<std::string>& wanted,
                         Problems& problems) {
  std::vector<int> out;
  for (const std::string& name : wanted) {
    int index = doc.ColumnIndex(name);
    if (index < 0) problems.Add(doc, 1, 1, "missing column '" + name + "'");
    out.push_back(index);
  }
  return out;
}

std::string Cell(const CsvDocument::Row& row, int index) {
  if (index < 0 || index >= static_cast<int>(row.fields.size())) return "";
  return std::string(Trim(row.fields[index]));
}

Result<CsvDocument> Read(const std::string& dir, const char* name) {
  return CsvDocument::ReadFile((std::filesystem::path(dir) / name).string());
}

}  // namespace

Result<Workflow> Workflow::Load(const std::string& dir,
                                const std::set<std::string>& known_preconditions) {
  MHDS_ASSIGN_OR_RETURN(CsvDocument states, Read(dir, "states.csv"));
  MHDS_ASSIGN_OR_RETURN(CsvDocument transitions, Read(dir, "transitions.csv"));
  MHDS_ASSIGN_OR_RETURN(CsvDocument vocabulary, Read(dir, "vocabulary.csv"));
  MHDS_ASSIGN_OR_RETURN(CsvDocument legal_bases, Read(dir, "legal_bases.csv"));
  Workflow w;
  Problems problems;

  auto sc = Columns(states, {"state", "terminal", "description"}, problems);
  for (const auto& row : states.rows()) {
    State s{Cell(row, sc[0]), Cell(row, sc[1]) == "yes", Cell(row, sc[2])};
    if (s.name.empty()) problems.Add(states, row.line, sc[0] + 1, "empty state name");
    if (Cell(row, sc[1]) != "yes" && Cell(row, sc[1]) != "no") {
      problems.Add(states, row.line, sc[1] + 1,
                   "terminal is '" + Cell(row, sc[1]) + "'; expected yes or no");
    }
    if (w.FindState(s.name) != nullptr) {
      problems.Add(states, row.line, sc[0] + 1, "state '" + s.name + "' is listed twice");
    }
    w.states_.push_back(std::move(s));
  }

  auto tc = Columns(transitions, {"from", "to", "action", "role", "preconditions", "description"},
                    problems);
  std::string state_list;
  for (const State& s : w.states_) state_list += (state_list.empty() ? "" : ", ") + s.name;
  for (const auto& row : transitions.rows()) {
    Transition t;
    t.from = Cell(row, tc[0]);
    t.to = Cell(row, tc[1]);
    t.action = Cell(row, tc[2]);
    t.role = Cell(row, tc[3]);
    t.preconditions = SplitTrimmed(Cell(row, tc[4]), ';');
    t.description = Cell(row, tc[5]);
    t.position = "transitions.csv:" + std::to_string(row.line);
    if (!t.from.empty() && w.FindState(t.from) == nullptr) {
      problems.Add(transitions, row.line, tc[0] + 1,
                   "unknown state '" + t.from + "'; expected one of " + state_list);
    }
    if (w.FindState(t.to) == nullptr) {
      problems.Add(transitions, row.line, tc[1] + 1,
                   "unknown state '" + t.to + "'; expected one of " + state_list);
    }
    if (const State* from = w.FindState(t.from); from != nullptr && from->terminal) {
      problems.Add(transitions, row.line, tc[0] + 1,
                   "state '" + t.from + "' is terminal; no transition may leave it");
    }
    if (t.action.empty()) problems.Add(transitions, row.line, tc[2] + 1, "empty action");
    if (t.role.empty()) problems.Add(transitions, row.line, tc[3] + 1, "empty role");
    for (const std::string& p : t.preconditions) {
      if (known_preconditions.count(p) == 0) {
        std::string known;
        for (const std::string& k : known_preconditions) known += (known.empty() ? "" : ", ") + k;
        problems.Add(transitions, row.line, tc[4] + 1,
                     "unknown precondition '" + p + "'; expected one of " + known);
      }
    }
    if (w.Find(t.from, t.action) != nullptr) {
      problems.Add(transitions, row.line, tc[2] + 1,
                   "action '" + t.action + "' from '" + t.from + "' is listed twice");
    }
    w.transitions_.push_back(std::move(t));
  }

  auto vc = Columns(vocabulary, {"field", "value", "description"}, problems);
  for (const auto& row : vocabulary.rows()) {
    std::string field = Cell(row, vc[0]);
    std::string value = Cell(row, vc[1]);
    if (field.empty() || value.empty()) {
      problems.Add(vocabulary, row.line, 1, "empty field or value");
      continue;
    }
    w.vocabulary_[field].insert(value);
  }

  auto lc = Columns(legal_bases, {"legal_basis", "opt_out", "description"}, problems);
  for (const auto& row : legal_bases.rows()) {
    std::string basis = Cell(row, lc[0]);
    std::string rule = Cell(row, lc[1]);
    OptOutRule r = OptOutRule::kNo;
    if (rule == "policy") {
      r = OptOutRule::kPolicy;
    } else if (rule == "cag") {
      r = OptOutRule::kCag;
    } else if (rule != "no") {
      problems.Add(legal_bases, row.line, lc[1] + 1,
                   "opt_out is '" + rule + "'; expected no, policy or cag");
    }
    if (basis.empty()) problems.Add(legal_bases, row.line, lc[0] + 1, "empty legal basis");
    w.legal_bases_[basis] = r;
  }

  MHDS_RETURN_IF_ERROR(problems.ToStatus());
  return w;
}

const State* Workflow::FindState(std::string_view name) const {
  for (const State& s : states_) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

const Transition* Workflow::Find(std::string_view from, std::string_view action) const {
  for (const Transition& t : transitions_) {
    if (t.from == from && t.action == action) return &t;
  }
  return nullptr;
}

std::vector<std::string> Workflow::ActionsFrom(std::string_view from) const {
  std::vector<std::string> out;
  for (const Transition& t : transitions_) {
    if (t.from == from) out.push_back(t.action);
  }
  return out;
}

bool Workflow::InVocabulary(std::string_view field, std::string_view value) const {
  auto it = vocabulary_.find(field);
  return it != vocabulary_.end() && it->second.count(std::string(value)) > 0;
}

std::string Workflow::VocabularyList(std::string_view field) const {
  auto it = vocabulary_.find(field);
  if (it == vocabulary_.end()) return "(none)";
  return Join(std::vector<std::string>(it->second.begin(), it->second.end()), " | ");
}

std::optional<OptOutRule> Workflow::OptOutRuleFor(std::string_view legal_basis) const {
  auto it = legal_bases_.find(legal_basis);
  if (it == legal_bases_.end()) return std::nullopt;
  return it->second;
}

std::optional<bool> OptOutApplies(const Workflow& workflow, std::string_view legal_basis,
                                  std::string_view type_of_data,
                                  std::optional<bool> cag_exemption) {
  std::optional<OptOutRule> rule = workflow.OptOutRuleFor(legal_basis);
  if (!rule) return std::nullopt;
  switch (*rule) {
    case OptOutRule::kNo:
      return false;
    case OptOutRule::kPolicy:
      return workflow.InVocabulary("confidential_type_of_data", type_of_data);
    case OptOutRule::kCag:
      if (!cag_exemption) return std::nullopt;
      return !*cag_exemption;
  }
  return std::nullopt;
}

}  // namespace mhds::govern
