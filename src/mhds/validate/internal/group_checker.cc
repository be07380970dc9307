#include "mhds/validate/internal/group_checker.h"

#include <algorithm>
#include <unordered_map>

#include "mhds/base/calendar.h"
#include "mhds/base/text.h"
#include "mhds/validate/internal/key_index.h"
#include "mhds/validate/internal/slot_plan.h"
#include "mhds/validate/value_checks.h"

namespace mhds::validate::internal {
namespace {

bool IsLinkRule(const spec::Rule& rule) {
  return rule.kind == spec::RuleKind::kParent || rule.kind == spec::RuleKind::kHasChild;
}

}  // namespace

std::vector<std::string> GroupChecker::KeysOf(int table, uint64_t row) const {
  std::vector<std::string> keys;
  const TableData& data = tables_[table];
  for (int k : spec_.tables[table].key_items) keys.emplace_back(data.Value(row, k));
  return keys;
}

std::string GroupChecker::JoinValue(int table, uint32_t row, const spec::Rule& rule) const {
  const TableData& data = tables_[table];
  std::string join;
  auto add = [&](std::string_view part) {
    if (!join.empty()) join += "+";
    join += part;
  };
  if (!IsTreeLink(spec_, table, rule.items, rule.other_table, rule.other_items)) {
    for (int item : rule.items) add(data.Value(row, item));
    return join;
  }
  // Tree links keep no join values: a found parent holds them in its key, and a value that
  // matched nothing was kept aside when the row was read.
  uint32_t p = data.parent_row[row];
  if (p == kNoRow) {
    auto it = data.unmatched_join.find(row);
    return it == data.unmatched_join.end() ? "" : it->second;
  }
  if (p == kBlankJoin) return "";
  for (int item : spec_.tables[rule.other_table].key_items)
    add(tables_[rule.other_table].Value(p, item));
  return join;
}

void GroupChecker::Reject(int table, uint32_t row, int rule, FindingId cause, uint64_t count) {
  TableData& data = tables_[table];
  FindingFacts facts;
  facts.table = table;
  facts.row = row + 1;
  facts.line = data.lines[row];
  facts.keys = KeysOf(table, row);
  facts.cause = cause;
  facts.count = count;
  const spec::Rule& r = spec_.rules[rule];
  if (r.other_table >= 0) facts.other = spec_.tables[r.other_table].idb_name;
  // A missing parent is best explained by the value that matched nothing.
  std::string join;
  if (r.kind == spec::RuleKind::kParent) {
    join = JoinValue(table, row, r);
    facts.value = join;
  }
  FindingId id = log_.Emit(rule, std::move(facts));
  if (!r.rejects()) return;
  if (data.reject_cause[row] == kNoFinding) {
    data.reject_cause[row] = id;
    data.independent_rejections[row] = 1;
    queue_.push_back({table, row});
  } else {
    // Cascades only reach rows not yet rejected, so a second rejection here is a fault of its
    // own (a duplicate key on a row with a bad date): fixing either alone does not restore it.
    data.independent_rejections[row] = 2;
  }
}

void GroupChecker::CheckDuplicates(int table, int rule_index) {
  const spec::Rule& rule = spec_.rules[rule_index];
  TableData& data = tables_[table];
  // The table's own key index serves when the rule counts exactly that key.
  KeyIndex own;
  const KeyIndex* index = &key_indexes_[table];
  if (!CountsTableKey(spec_, rule) || index->empty()) {
    own.Build(data, rule.items, rule.where_blank);
    index = &own;
  }
  if (index->repeats().empty()) return;

  // Every row of a repeated key is involved: the repeats and the first row of their key.
  std::vector<std::pair<uint32_t, uint32_t>> involved;  // (row, first row of its key)
  std::unordered_map<uint32_t, uint64_t> group_size;    // first row -> rows sharing the key
  for (const auto& [row, first] : index->repeats()) {
    involved.emplace_back(row, first);
    if (group_size[first]++ == 0) involved.emplace_back(first, first);
  }
  std::sort(involved.begin(), involved.end());
  // In row order a key's first row comes first: its finding is the root the others point at.
  std::unordered_map<uint32_t, FindingId> root_of_first;
  for (const auto& [row, first] : involved) {
    FindingId cause = row == first ? kNoFinding : root_of_first[first];
    size_t before = log_.findings().size();
    Reject(table, row, rule_index, cause, group_size[first] + 1);
    if (row == first) root_of_first[first] = log_.findings()[before].id;
  }
}

void GroupChecker::CheckMaxRows(int table, int rule_index) {
  const spec::Rule& rule = spec_.rules[rule_index];
  TableData& data = tables_[table];
  if (data.rows <= static_cast<uint64_t>(rule.max_rows)) return;
  FindingId root = kNoFinding;
  for (uint64_t row = 0; row < data.rows; ++row) {
    size_t before = log_.findings().size();
    Reject(table, static_cast<uint32_t>(row), rule_index, root, data.rows);
    if (root == kNoFinding) root = log_.findings()[before].id;
  }
}

GroupChecker::Link GroupChecker::MakeLink(int rule_index, bool with_children) const {
  const spec::Rule& rule = spec_.rules[rule_index];
  Link link;
  link.rule = rule_index;
  link.needs_child = rule.kind == spec::RuleKind::kHasChild;
  link.child_table = link.needs_child ? rule.other_table : rule.table;
  link.parent_table = link.needs_child ? rule.table : rule.other_table;
  const std::vector<int>& child_items = link.needs_child ? rule.other_items : rule.items;
  const std::vector<int>& parent_items = link.needs_child ? rule.items : rule.other_items;
  const TableData& child = tables_[link.child_table];
  const TableData& parent = tables_[link.parent_table];

  // The tree parent was found while the child streamed past; other links are resolved here.
  if (IsTreeLink(spec_, link.child_table, child_items, link.parent_table, parent_items)) {
    link.parent_of_child = child.parent_row.data();
  } else {
    link.own_parent_of_child.assign(child.rows, kNoRow);
    KeyIndex index;
    index.Build(parent, parent_items);
    std::string key;
    for (uint64_t row = 0; row < child.rows; ++row) {
      // A one-item key is the kept value itself: no copy into `key`.
      std::string_view k;
      if (child_items.size() == 1) {
        k = child.Value(row, child_items[0]);
      } else if (KeyIndex::RowKey(child, row, child_items, key)) {
        k = key;
      }
      if (k.empty()) {
        link.own_parent_of_child[row] = kBlankJoin;
      } else if (const KeyIndex::Entry* e = index.Find(k)) {
        link.own_parent_of_child[row] = e->first_row;
      }
    }
    link.parent_of_child = link.own_parent_of_child.data();
  }
  auto matched = [](uint32_t p) { return p != kNoRow && p != kBlankJoin; };
  if (link.needs_child) {
    link.valid_children.assign(parent.rows, 0);
    for (uint64_t row = 0; row < child.rows; ++row) {
      if (matched(link.parent_of_child[row])) ++link.valid_children[link.parent_of_child[row]];
    }
  }
  if (!with_children) return link;
  // Children of each parent row, as a compressed adjacency list.
  link.child_offsets.assign(parent.rows + 1, 0);
  for (uint64_t row = 0; row < child.rows; ++row) {
    if (matched(link.parent_of_child[row])) ++link.child_offsets[link.parent_of_child[row] + 1];
  }
  for (uint64_t p = 0; p < parent.rows; ++p) link.child_offsets[p + 1] += link.child_offsets[p];
  link.child_rows.resize(link.child_offsets[parent.rows]);
  LargeVector<uint32_t> fill(link.child_offsets.begin(), link.child_offsets.end() - 1);
  for (uint64_t row = 0; row < child.rows; ++row) {
    uint32_t p = link.parent_of_child[row];
    if (matched(p)) link.child_rows[fill[p]++] = static_cast<uint32_t>(row);
  }
  return link;
}

void GroupChecker::Cascade(std::vector<Link>& links) {
  // Roots: rows whose link has nothing at the other end at all.
  for (Link& link : links) {
    if (link.needs_child) {
      const TableData& parent = tables_[link.parent_table];
      for (uint64_t p = 0; p < parent.rows; ++p) {
        if (link.valid_children[p] == 0 && !parent.rejected(p)) {
          Reject(link.parent_table, static_cast<uint32_t>(p), link.rule, kNoFinding);
        }
      }
    } else {
      const TableData& child = tables_[link.child_table];
      bool own_parent = spec_.tables[link.child_table].parent == link.parent_table;
      for (uint64_t row = 0; row < child.rows; ++row) {
        const uint32_t p = link.parent_of_child[row];
        if ((p != kNoRow && p != kBlankJoin) || child.rejected(row)) continue;
        // A blank join to a table other than the row's own parent means "no reference made".
        if (p == kBlankJoin && !own_parent) continue;
        Reject(link.child_table, static_cast<uint32_t>(row), link.rule, kNoFinding);
      }
    }
  }
  // Spread each rejection along every link that starts at its table.
  while (!queue_.empty()) {
    Pending done = queue_.front();
    queue_.pop_front();
    FindingId cause = tables_[done.table].reject_cause[done.row];
    for (Link& link : links) {
      if (!link.needs_child && link.parent_table == done.table) {
        const TableData& child = tables_[link.child_table];
        for (uint64_t i = link.child_offsets[done.row]; i < link.child_offsets[done.row + 1]; ++i) {
          uint32_t c = link.child_rows[i];
          if (!child.rejected(c)) Reject(link.child_table, c, link.rule, cause);
        }
      } else if (link.needs_child && link.child_table == done.table) {
        uint32_t p = link.parent_of_child[done.row];
        if (p == kNoRow || p == kBlankJoin) continue;
        if (--link.valid_children[p] == 0 && !tables_[link.parent_table].rejected(p)) {
          Reject(link.parent_table, p, link.rule, cause);
        }
      }
    }
  }
}

void GroupChecker::CheckWarningLinks() {
  for (size_t t = 0; t < spec_.tables.size(); ++t) {
    for (int r : spec_.tables[t].group_rules) {
      const spec::Rule& rule = spec_.rules[r];
      if (!IsLinkRule(rule) || rule.rejects() || !tables_[t].present) continue;
      Link link = MakeLink(r, /*with_children=*/true);
      if (link.needs_child) {
        const TableData& parent = tables_[link.parent_table];
        for (uint64_t p = 0; p < parent.rows; ++p) {
          if (parent.rejected(p)) continue;
          bool any_valid = false;
          for (uint64_t i = link.child_offsets[p]; i < link.child_offsets[p + 1]; ++i) {
            any_valid |= !tables_[link.child_table].rejected(link.child_rows[i]);
          }
          if (!any_valid) Reject(link.parent_table, static_cast<uint32_t>(p), r, kNoFinding);
        }
      } else {
        const TableData& child = tables_[link.child_table];
        for (uint64_t row = 0; row < child.rows; ++row) {
          uint32_t p = link.parent_of_child[row];
          if (child.rejected(row) || p == kBlankJoin) continue;
          if (p == kNoRow || tables_[link.parent_table].rejected(p)) {
            Reject(link.child_table, static_cast<uint32_t>(row), r, kNoFinding);
          }
        }
      }
    }
  }
}

void GroupChecker::CheckSuccessors(int table, int rule_index) {
  const spec::Rule& rule = spec_.rules[rule_index];
  const spec::Table& spec_table = spec_.tables[table];
  const TableData& data = tables_[table];
  const spec::ValueType type = spec_table.items[rule.end_item].type;
  // Dates are read in days, date-times in seconds.
  const int64_t within =
      type == spec::ValueType::kDate ? rule.offset_seconds / kSecondsPerDay : rule.offset_seconds;
  // The valid rows that end something, in row order (so that findings come out in the same
  // order on every run). Most rows are open: a look at the size of their end is all they cost.
  struct Ended {
    uint32_t row;
    int64_t end;
    std::string_view text;  // the end as written, trimmed
  };
  std::vector<Ended> ended;
  for (uint64_t row = 0; row < data.rows; ++row) {
    const std::string_view end_value = data.Value(row, rule.end_item);
    if (end_value.empty() || data.rejected(row)) continue;
    const std::string_view end_text = Trim(end_value);
    // A blank end ends nothing; an unreadable one is its format rule's finding.
    if (const std::optional<int64_t> end = OrderedValue(end_text, type)) {
      ended.push_back({static_cast<uint32_t>(row), *end, end_text});
    }
  }
  if (ended.empty()) return;

  // True if valid row `next` (not `from` itself) takes over from `from`. A start written as
  // the end was is the same instant, and the commonest successor, so it is not parsed.
  auto takes_over = [&](uint32_t next, const Ended& from) {
    const std::string_view start_text = Trim(data.Value(next, rule.start_item));
    if (start_text != from.text) {
      const std::optional<int64_t> start = OrderedValue(start_text, type);
      if (!start || *start < from.end || *start > from.end + within) return false;
    } else if (within < 0) {
      return false;
    }
    return rule.differ_item < 0 ||
           Trim(data.Value(next, rule.differ_item)) != Trim(data.Value(from.row, rule.differ_item));
  };
  auto emit = [&](uint32_t row, std::string_view end_text) {
    FindingFacts facts;
    facts.table = table;
    facts.row = row + 1;
    facts.line = data.lines[row];
    facts.item = rule.end_item;
    facts.value = end_text;
    facts.keys = KeysOf(table, row);
    facts.other = spec_table.items[rule.start_item].short_name;
    log_.Emit(rule_index, std::move(facts));
  };

  // When `items` are the tree link's join, rows sharing them share their parent row, found when
  // the rows were read: the valid rows of each parent row are chained through two arrays, with no
  // key built. A valid row whose join matched no parent (a warning-severity parent rule) sends
  // the table to the keyed way below.
  if (spec_table.parent >= 0 && rule.items == spec_table.parent_items &&
      tables_[spec_table.parent].present) {
    LargeVector<uint32_t> first(tables_[spec_table.parent].rows, kNoRow);
    LargeVector<uint32_t> next(data.rows);
    bool all_matched = true;
    for (uint64_t row = 0; row < data.rows; ++row) {
      const uint32_t p = data.parent_row[row];
      if (p == kBlankJoin || data.rejected(row)) continue;
      all_matched = p != kNoRow;
      if (!all_matched) break;
      next[row] = first[p];
      first[p] = static_cast<uint32_t>(row);
    }
    if (all_matched) {
      for (const Ended& e : ended) {
        const uint32_t p = data.parent_row[e.row];
        if (p == kBlankJoin) continue;  // a blank key ends nothing anyone could take over
        bool followed = false;
        for (uint32_t r = first[p]; r != kNoRow && !followed; r = next[r]) {
          followed = r != e.row && takes_over(r, e);
        }
        if (!followed) emit(e.row, e.text);
      }
      return;
    }
  }

  // Otherwise the valid rows of each value of `items`, found through their key.
  std::unordered_map<std::string, std::vector<uint32_t>> by_key;
  std::string key;
  for (uint64_t row = 0; row < data.rows; ++row) {
    if (data.rejected(row) || !KeyIndex::RowKey(data, row, rule.items, key)) continue;
    by_key[key].push_back(static_cast<uint32_t>(row));
  }
  for (const Ended& e : ended) {
    if (!KeyIndex::RowKey(data, e.row, rule.items, key)) continue;
    const std::vector<uint32_t>& rows = by_key[key];
    const bool followed = std::any_of(rows.begin(), rows.end(),
                                      [&](uint32_t r) { return r != e.row && takes_over(r, e); });
    if (!followed) emit(e.row, e.text);
  }
}

void GroupChecker::Run() {
  for (int t : spec_.table_order) {
    if (!tables_[t].present) continue;
    for (int r : spec_.tables[t].group_rules) {
      const spec::Rule& rule = spec_.rules[r];
      if (rule.kind == spec::RuleKind::kDuplicate) CheckDuplicates(t, r);
      if (rule.kind == spec::RuleKind::kMaxRows) CheckMaxRows(t, r);
    }
  }
  // Every row rejected so far starts the cascade.
  queue_.clear();
  for (size_t t = 0; t < tables_.size(); ++t) {
    for (uint64_t row = 0; row < tables_[t].rows; ++row) {
      if (tables_[t].rejected(row))
        queue_.push_back({static_cast<int>(t), static_cast<uint32_t>(row)});
    }
  }
  std::vector<Link> links;
  for (int t : spec_.table_order) {
    for (int r : spec_.tables[t].group_rules) {
      const spec::Rule& rule = spec_.rules[r];
      if (IsLinkRule(rule) && rule.rejects() && tables_[t].present) {
        // A has_child rule's cascade runs child to parent and needs no list of children.
        links.push_back(MakeLink(r, /*with_children=*/rule.kind != spec::RuleKind::kHasChild));
      }
    }
  }
  Cascade(links);
  CheckWarningLinks();
  for (int t : spec_.table_order) {
    if (!tables_[t].present) continue;
    for (int r : spec_.tables[t].group_rules) {
      if (spec_.rules[r].kind == spec::RuleKind::kSuccessor) CheckSuccessors(t, r);
    }
  }
}

}  // namespace mhds::validate::internal
