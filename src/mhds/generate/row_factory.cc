#include "mhds/generate/row_factory.h"

#include <algorithm>

#include "mhds/base/text.h"

namespace mhds::generate {
namespace {

using spec::RuleKind;
using spec::ValueType;

// Rows are drawn again until no rule fires; a spec that a shape can satisfy needs a handful.
constexpr int kAttempts = 200;
constexpr size_t kKeyPrefixLetters = 3;

const Choice& Draw(const ItemSetting& s, Rng& rng) {
  uint64_t pick = rng.Below(s.total_weight);
  for (const Choice& c : s.choices) {
    if (pick < c.weight) return c;
    pick -= c.weight;
  }
  return s.choices.back();
}

}  // namespace

RowFactory::RowFactory(const Shape& shape, const Context& context, Rng& rng)
    : shape_(shape),
      context_(context),
      spec_(context.rules->spec()),
      rng_(rng),
      values_(*context.rules) {
  const size_t tables = spec_.tables.size();
  key_counters_.resize(tables);
  item_order_.resize(tables);
  is_key_.resize(tables);
  is_set_elsewhere_.resize(tables);
  fills_by_default_.resize(tables);
  settings_.resize(tables);
  steps_.resize(tables);
  for (size_t t = 0; t < tables; ++t) {
    const spec::Table& table = spec_.tables[t];
    const size_t items = table.items.size();
    key_counters_[t].assign(items, 0);
    is_set_elsewhere_[t].assign(items, false);
    is_key_[t].assign(items, false);
    for (int i : table.parent_items) is_set_elsewhere_[t][i] = true;
    for (int r : table.group_rules) {
      const spec::Rule& rule = spec_.rules[r];
      if (rule.kind == RuleKind::kParent && rule.other_table != table.parent) {
        for (int i : rule.items) is_set_elsewhere_[t][i] = true;
      }
    }
    for (int k : table.key_items) {
      const spec::Item& item = table.items[k];
      is_key_[t][k] = !is_set_elsewhere_[t][k] && item.code_list < 0 &&
                      (item.type == ValueType::kText || item.type == ValueType::kInteger);
      for (int r : table.record_rules) {
        // A key a rule ties to another value (the header's provider) is made from the rule.
        if (spec_.rules[r].item == k && spec_.rules[r].kind == RuleKind::kCompare) {
          is_key_[t][k] = false;
        }
      }
    }
    settings_[t].assign(items, nullptr);
    fills_by_default_[t].assign(items, false);
    const int shape_index = shape_.by_table[t];
    for (size_t i = 0; i < items; ++i) {
      fills_by_default_[t][i] = FillsByDefault(static_cast<int>(t), static_cast<int>(i));
      if (shape_index >= 0) {
        settings_[t][i] = shape_.tables[shape_index].Setting(static_cast<int>(i));
        // A key item the shape gives values (a diagnosis code) takes them, not a counter.
        if (settings_[t][i] != nullptr) is_key_[t][i] = false;
      }
    }
    // Untimed items first, then dates and times, each after the row items its rules name.
    std::vector<int>& order = item_order_[t];
    std::vector<int> timed;
    for (size_t i = 0; i < items; ++i) {
      (IsTimed(table.items[i].type) ? timed : order).push_back(static_cast<int>(i));
    }
    std::vector<bool> placed(items, false);
    for (int i : order) placed[i] = true;
    while (!timed.empty()) {
      auto ready = std::find_if(timed.begin(), timed.end(), [&](int i) {
        for (int r : table.record_rules) {
          const spec::Rule& rule = spec_.rules[r];
          if (rule.item != i || (rule.kind != RuleKind::kCompare && rule.kind != RuleKind::kAge)) {
            continue;
          }
          const spec::Reference& ref = rule.kind == RuleKind::kAge ? rule.at : rule.other;
          if (ref.scope == spec::Reference::Scope::kRow && ref.item >= 0 && ref.item != i &&
              !placed[ref.item]) {
            return false;
          }
        }
        return true;
      });
      if (ready == timed.end()) ready = timed.begin();  // a cycle: the retries sort it out
      placed[*ready] = true;
      order.push_back(*ready);
      timed.erase(ready);
    }
    // What Fill() does for each item, in order, leaving out the items it leaves alone.
    for (int i : order) {
      if (is_set_elsewhere_[t][i]) continue;
      if (is_key_[t][i]) {
        steps_[t].push_back({i, true, nullptr});
      } else if (settings_[t][i] != nullptr || fills_by_default_[t][i]) {
        steps_[t].push_back({i, false, settings_[t][i]});
      }
    }
  }
}

bool RowFactory::FillsByDefault(int table, int item) const {
  const spec::Table& t = spec_.tables[table];
  const char m = t.items[item].mandation;
  if (m == 'M' || m == 'R') return true;
  for (int r : t.record_rules) {
    const spec::Rule& rule = spec_.rules[r];
    if (rule.item == item && rule.kind == RuleKind::kBlank) return true;
  }
  return std::find(t.key_items.begin(), t.key_items.end(), item) != t.key_items.end();
}

std::string RowFactory::NewKey(int table, int item) {
  const spec::Item& it = spec_.tables[table].items[item];
  const uint64_t n = ++key_counters_[table][item];
  std::string prefix;
  const bool digits_only =
      it.type == ValueType::kInteger || it.format.charset != spec::Format::Charset::kAny;
  if (!digits_only) {
    for (char c : it.short_name) {
      if (c >= 'A' && c <= 'Z' && prefix.size() < kKeyPrefixLetters) prefix.push_back(c);
    }
  }
  std::string number = std::to_string(n);
  const size_t min_len = std::max<size_t>(it.format.min_length, 1);
  const size_t max_len = it.format.max_length;
  if (prefix.size() + number.size() > max_len) prefix.clear();
  const spec::Table& t = spec_.tables[table];
  if (number.size() > max_len && !t.parent_items.empty() &&
      std::all_of(t.parent_items.begin(), t.parent_items.end(), [&](int p) {
        return std::find(t.key_items.begin(), t.key_items.end(), p) != t.key_items.end();
      })) {
    // The key holds the parent's key too, so the value need only differ within the parent: a
    // counter that outgrows the format (a GP practice of an6 after a million registrations)
    // starts again at 1.
    number = number.substr(number.size() - max_len);
    if (number.find_first_not_of('0') == std::string::npos) number.back() = '1';
  }
  while (prefix.size() + number.size() < min_len) number.insert(number.begin(), '0');
  if (digits_only && number[0] == '0' && number.size() > 1) number[0] = '1';
  return prefix + number;
}

void RowFactory::MakeValue(int table, int item, const Row& row, const Row* parent,
                           std::string& out) {
  const spec::Item& it = spec_.tables[table].items[item];
  if (it.type == ValueType::kNhsNumber) {
    if (!returned_nhs_.empty()) {
      out = std::move(returned_nhs_.back());
      returned_nhs_.pop_back();
      return;
    }
    auto number = NextTestNhsNumber(nhs_cursor_);
    out = number ? *number : std::string();
    return;
  }
  values_.Make(table, item, row, context_.header, parent, nullptr, rng_, out);
}

void RowFactory::Fill(int table, const Row* parent, Row& out) {
  const spec::Table& t = spec_.tables[table];
  out.assign(t.items.size(), std::string());
  if (parent != nullptr) {
    const spec::Table& p = spec_.tables[t.parent];
    for (size_t k = 0; k < t.parent_items.size(); ++k) {
      out[t.parent_items[k]] = (*parent)[p.key_items[k]];
    }
  }
  for (int r : t.group_rules) {
    const spec::Rule& rule = spec_.rules[r];
    if (rule.kind != RuleKind::kParent || rule.other_table == t.parent) continue;
    const std::vector<Row>& refs = (*context_.submission_rows)[rule.other_table];
    if (refs.empty()) continue;
    const Row& ref = refs[rng_.Below(refs.size())];
    for (size_t k = 0; k < rule.items.size(); ++k) out[rule.items[k]] = ref[rule.other_items[k]];
  }
  for (const Step& step : steps_[table]) {
    const int i = step.item;
    if (step.setting == nullptr) {
      if (step.key) {
        out[i] = NewKey(table, i);
      } else {
        MakeValue(table, i, out, parent, out[i]);
      }
      continue;
    }
    const Choice& choice = Draw(*step.setting, rng_);
    switch (choice.kind) {
      case Choice::Kind::kLiteral:
        out[i] = choice.text;
        break;
      case Choice::Kind::kBlank:
        break;
      case Choice::Kind::kGenerate:
        MakeValue(table, i, out, parent, out[i]);
        break;
      case Choice::Kind::kDayRange:
        values_.Make(table, i, out, context_.header, parent, &choice, rng_, out[i]);
        break;
    }
  }
}

bool RowFactory::CollidesWith(int table, const Row& row,
                              const std::vector<const Row*>& siblings) const {
  for (int r : spec_.tables[table].group_rules) {
    const spec::Rule& rule = spec_.rules[r];
    if (rule.kind != RuleKind::kDuplicate) continue;
    if (rule.where_blank >= 0 && !Trim(row[rule.where_blank]).empty()) continue;
    bool blank = false;
    for (int i : rule.items) blank = blank || Trim(row[i]).empty();
    if (blank) continue;
    for (const Row* other : siblings) {
      if (rule.where_blank >= 0 && !Trim((*other)[rule.where_blank]).empty()) continue;
      if (SameValues(row, *other, rule.items)) return true;
    }
  }
  return false;
}

bool RowFactory::Quiet(int table, const Row& row, const Row* parent,
                       const std::vector<const Row*>& siblings) {
  fired_.clear();
  context_.rules->Fired(table, row, context_.header, parent, fired_);
  return fired_.empty() && !CollidesWith(table, row, siblings);
}

Status RowFactory::Make(int table, const Row* parent, const std::vector<const Row*>& siblings,
                        Row& out) {
  const spec::Table& t = spec_.tables[table];
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    Fill(table, parent, out);
    fired_.clear();
    context_.rules->Fired(table, out, context_.header, parent, fired_);
    if (fired_.empty() && !CollidesWith(table, out, siblings)) return Status::Ok();
    // A generated NHS Number is never the cause (each is valid and new): keep it for the retry.
    for (size_t i = 0; i < t.items.size(); ++i) {
      if (t.items[i].type == ValueType::kNhsNumber && !out[i].empty() && FillsByDefault(table, i)) {
        returned_nhs_.push_back(std::move(out[i]));
        out[i].clear();
      }
    }
  }
  std::string codes;
  for (int r : fired_) codes += (codes.empty() ? "" : ", ") + spec_.rules[r].code;
  if (codes.empty()) codes = "a duplicate rule";
  for (size_t i = 0; i < t.items.size(); ++i) {
    if (t.items[i].type == ValueType::kNhsNumber && out[i].empty() && FillsByDefault(table, i)) {
      codes += " (no NHS Numbers left in the 999 test range: ask for fewer patients)";
    }
  }
  return Status::SpecError("cannot make a valid " + t.idb_name + " row in " +
                           std::to_string(kAttempts) + " attempts: " + codes +
                           " keeps firing; give the items a value in generate.csv");
}

}  // namespace mhds::generate
