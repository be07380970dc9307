#include "mhds/generate/defect_planner.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "mhds/base/calendar.h"
#include "mhds/generate/successor_chain.h"

namespace mhds::generate {
namespace {

// A spec, its shape and everything a RowFactory and a DefectPlanner need, with the
// once-per-submission rows made; MakeUnit() then makes one patient as the generator does.
class Fixture {
 public:
  explicit Fixture(const std::string& folder) {
    auto spec = spec::LoadSpec(std::string(MHDS_SOURCE_DIR) + "/specs/" + folder);
    EXPECT_TRUE(spec.ok()) << spec.status().message();
    spec_ = std::move(*spec);
    auto shape = LoadShape(spec_, spec_.folder / "generate.csv");
    EXPECT_TRUE(shape.ok()) << shape.status().message();
    shape_ = std::move(*shape);
    submission_.period_start = DaysFromCivil(2026, 10, 1);
    submission_.period_end = DaysFromCivil(2026, 10, 31);
    submission_.uploaded_at = (submission_.period_end + 5) * kSecondsPerDay;
    submission_.period_start_text = FormatDate(submission_.period_start);
    submission_.period_end_text = FormatDate(submission_.period_end);
    submission_.uploaded_at_text = FormatDateTime(submission_.uploaded_at);
    submission_.org = "RX1";
    submission_.version = spec_.version;
    rules_ = std::make_unique<RecordRules>(spec_, submission_);
    submission_rows_.resize(spec_.tables.size());
    context_ = Context{rules_.get(), nullptr, &submission_rows_};
    factory_ = std::make_unique<RowFactory>(shape_, context_, rng_);
    planner_ = std::make_unique<DefectPlanner>(shape_, context_, *factory_, rng_);
    for (int header_first = 1; header_first >= 0; --header_first) {
      for (const TableShape& ts : shape_.tables) {
        if (ts.per != TableShape::Per::kSubmission ||
            (ts.table == spec_.header_table) != (header_first == 1)) {
          continue;
        }
        for (int64_t k = 0; k < ts.max_rows; ++k) {
          std::vector<const Row*> siblings;
          for (const Row& r : submission_rows_[ts.table]) siblings.push_back(&r);
          Row row;
          Status s = factory_->Make(ts.table, nullptr, siblings, row);
          EXPECT_TRUE(s.ok()) << s.message();
          submission_rows_[ts.table].push_back(row);
        }
        if (ts.table == spec_.header_table) context_.header = &submission_rows_[ts.table][0];
      }
    }
  }

  Unit MakeUnit() {
    Unit unit;
    for (size_t s = 0; s < shape_.tables.size(); ++s) {
      if (shape_.tables[s].per == TableShape::Per::kPatient) Add(unit, static_cast<int>(s), -1);
    }
    return unit;
  }

  const spec::Spec& spec() const { return spec_; }
  const Context& context() const { return context_; }
  DefectPlanner& planner() { return *planner_; }

 private:
  void Add(Unit& unit, int s, int parent) {
    const TableShape& ts = shape_.tables[s];
    if (HasSuccessorRule(spec_, ts.table)) {
      // As the generator does: every row first, chained, then their children.
      const Row parent_values = parent >= 0 ? unit.rows[parent].values : Row();
      Unit made;
      made.rows.reserve(static_cast<size_t>(ts.max_rows));
      for (int64_t k = 0; k < ts.max_rows; ++k) {
        std::vector<const Row*> siblings;
        for (const UnitRow& r : unit.rows) {
          if (r.table == ts.table) siblings.push_back(&r.values);
        }
        for (const UnitRow& r : made.rows) siblings.push_back(&r.values);
        made.rows.push_back(UnitRow{ts.table, parent, {}, false});
        Status st = factory_->Make(ts.table, parent >= 0 ? &parent_values : nullptr, siblings,
                                   made.rows.back().values);
        ASSERT_TRUE(st.ok()) << st.message();
      }
      Status st = ChainSuccessors(context_, *factory_, ts.table,
                                  parent >= 0 ? &parent_values : nullptr, made);
      ASSERT_TRUE(st.ok()) << st.message();
      const size_t first = unit.rows.size();
      const size_t last = first + made.rows.size();
      for (UnitRow& r : made.rows) unit.rows.push_back(std::move(r));
      for (size_t me = first; me < last; ++me) {
        for (int child : shape_.children[s]) Add(unit, child, static_cast<int>(me));
      }
      return;
    }
    for (int64_t k = 0; k < ts.max_rows; ++k) {
      std::vector<const Row*> siblings;
      for (const UnitRow& r : unit.rows) {
        if (r.table == ts.table) siblings.push_back(&r.values);
      }
      Row row;
      Status st = factory_->Make(ts.table, parent >= 0 ? &unit.rows[parent].values : nullptr,
                                 siblings, row);
      ASSERT_TRUE(st.ok()) << st.message();
      unit.rows.push_back(UnitRow{ts.table, parent, row, false});
      const int me = static_cast<int>(unit.rows.size()) - 1;
      for (int child : shape_.children[s]) Add(unit, child, me);
    }
  }

  spec::Spec spec_;
  Shape shape_;
  Submission submission_;
  std::unique_ptr<RecordRules> rules_;
  std::vector<std::vector<Row>> submission_rows_;
  Context context_;
  Rng rng_{11};
  std::unique_ptr<RowFactory> factory_;
  std::unique_ptr<DefectPlanner> planner_;
};

class DefectPlannerTest : public ::testing::TestWithParam<const char*> {};

TEST_P(DefectPlannerTest, AGeneratedUnitHasNoFinding) {
  Fixture f(GetParam());
  for (int i = 0; i < 20; ++i) {
    Unit unit = f.MakeUnit();
    UnitOutcome outcome = CheckUnit(f.context(), unit);
    for (const UnitOutcome::Root& root : outcome.roots) {
      ADD_FAILURE() << f.spec().rules[root.rule].code << " fires on a generated row";
    }
  }
}

TEST_P(DefectPlannerTest, EveryPlantFiresExactlyItsRuleOnItsRows) {
  Fixture f(GetParam());
  std::map<spec::RuleKind, int> planted;
  int tried = 0;
  int orphaning = 0;
  for (size_t r = 0; r < f.spec().rules.size(); ++r) {
    if (!f.planner().WhyNot(static_cast<int>(r)).empty()) continue;
    ++tried;
    Unit unit = f.MakeUnit();
    PlantedDefect defect;
    if (!f.planner().Plant(static_cast<int>(r), unit, defect)) continue;
    ++planted[f.spec().rules[r].kind];
    UnitOutcome outcome = CheckUnit(f.context(), unit);
    std::set<int> rows;
    std::set<std::pair<int, int>> also;
    for (const UnitOutcome::Root& root : outcome.roots) {
      if (root.rule != static_cast<int>(r)) {
        // Only the rows a broken key or join orphans, and the plant must have said so.
        also.insert({root.rule, root.row});
        continue;
      }
      rows.insert(root.row);
    }
    EXPECT_EQ(rows, std::set<int>(defect.rows.begin(), defect.rows.end()))
        << f.spec().rules[r].code;
    const std::set<std::pair<int, int>> said(defect.also.begin(), defect.also.end());
    EXPECT_EQ(also, said) << "planting " << f.spec().rules[r].code << " fires more than it says";
    for (const auto& [rule, row] : defect.also) {
      const spec::RuleKind kind = f.spec().rules[rule].kind;
      EXPECT_TRUE(kind == spec::RuleKind::kParent || kind == spec::RuleKind::kHasChild)
          << f.spec().rules[rule].code;
      ++orphaning;
    }
  }
  // Blank and badly formatted keys are planted, and some orphan rows.
  EXPECT_GT(orphaning, 0);
  EXPECT_GT(tried, 20);
  // Every kind a generated patient can carry is planted at least once.
  for (spec::RuleKind kind :
       {spec::RuleKind::kBlank, spec::RuleKind::kFormat, spec::RuleKind::kCompare,
        spec::RuleKind::kDuplicate, spec::RuleKind::kParent, spec::RuleKind::kHasChild}) {
    EXPECT_GT(planted[kind], 0) << "no " << spec::RuleKindName(kind) << " rule planted";
  }
}

TEST_P(DefectPlannerTest, AFailedPlantLeavesTheUnitAsItWas) {
  Fixture f(GetParam());
  Unit unit = f.MakeUnit();
  const Unit before = unit;
  // A has_child rule cannot be planted on a table the unit has no row of: pick a rule of a table
  // outside the shape by asking for every rule and keeping the unit of those that fail.
  for (size_t r = 0; r < f.spec().rules.size(); ++r) {
    PlantedDefect defect;
    Unit copy = unit;
    if (f.planner().Plant(static_cast<int>(r), copy, defect)) continue;
    ASSERT_EQ(copy.rows.size(), before.rows.size()) << f.spec().rules[r].code;
    for (size_t i = 0; i < copy.rows.size(); ++i) {
      EXPECT_EQ(copy.rows[i].values, before.rows[i].values) << f.spec().rules[r].code;
      EXPECT_EQ(copy.rows[i].removed, before.rows[i].removed) << f.spec().rules[r].code;
    }
  }
}

TEST(DefectPlanner, SaysWhyFileLevelAndHeaderRulesCannotBePlanted) {
  Fixture f("mhsds/6.0");
  for (size_t r = 0; r < f.spec().rules.size(); ++r) {
    const spec::Rule& rule = f.spec().rules[r];
    if (rule.level == spec::Level::kFile || rule.table == f.spec().header_table) {
      EXPECT_FALSE(f.planner().WhyNot(static_cast<int>(r)).empty()) << rule.code;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(EverySpec, DefectPlannerTest,
                         ::testing::Values("mhsds/6.0", "iapt/2.0", "iapt/2.1"));

}  // namespace
}  // namespace mhds::generate
