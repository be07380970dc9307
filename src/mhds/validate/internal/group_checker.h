// GroupChecker: the group-level rules, run once every table has been read.
//
// 1. Duplicate keys and row limits reject every row involved (the first row's finding is the
//    root; the others point at it, so the root-cause view counts the set once).
// 2. Links between tables (`parent`: a row needs a valid parent; `has_child`: a row needs at least
//    one valid child) are resolved through hash indexes, then rejections spread along them with a
//    work queue until nothing changes: each row enters the queue once, so the whole cascade is
//    linear in the number of rows. Every cascaded finding names the finding that caused it.
// 3. Warning-severity links are checked last, against the final state, and so are successor rules
//    (a row that ends something needs another row taking over from it).
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "mhds/base/large_allocator.h"
#include "mhds/spec/spec.h"
#include "mhds/validate/internal/finding_log.h"
#include "mhds/validate/internal/key_index.h"
#include "mhds/validate/internal/table_data.h"

namespace mhds::validate::internal {

class GroupChecker {
 public:
  // `key_indexes` holds, per table, an index over its key_items if one was built (else empty).
  GroupChecker(const spec::Spec& spec, std::vector<TableData>& tables,
               const std::vector<KeyIndex>& key_indexes, FindingLog& log)
      : spec_(spec), tables_(tables), key_indexes_(key_indexes), log_(log) {}

  void Run();

 private:
  struct Link {
    int rule = -1;
    int child_table = -1;
    int parent_table = -1;
    bool needs_child = false;  // has_child (else parent)
    // child row -> parent row, kNoRow if none matched, kBlankJoin if the join had a blank part.
    // For the tree link this is the child's own TableData::parent_row, not a copy.
    const uint32_t* parent_of_child = nullptr;
    LargeVector<uint32_t> own_parent_of_child;  // for the other links
    // Children of each parent row (parent row -> range in child_rows); built only where a
    // parent's rejection spreads to its children, or for has_child warnings.
    LargeVector<uint32_t> child_offsets;
    LargeVector<uint32_t> child_rows;
    LargeVector<uint32_t> valid_children;  // has_child only
  };
  struct Pending {
    int table;
    uint32_t row;
  };

  void CheckDuplicates(int table, int rule);
  void CheckMaxRows(int table, int rule);
  Link MakeLink(int rule, bool with_children) const;
  void Reject(int table, uint32_t row, int rule, FindingId cause, uint64_t count = 0);
  // The values of a parent rule's join items on `row`, joined by "+".
  std::string JoinValue(int table, uint32_t row, const spec::Rule& rule) const;
  std::vector<std::string> KeysOf(int table, uint64_t row) const;
  void Cascade(std::vector<Link>& links);
  void CheckWarningLinks();
  void CheckSuccessors(int table, int rule);

  const spec::Spec& spec_;
  std::vector<TableData>& tables_;
  const std::vector<KeyIndex>& key_indexes_;
  FindingLog& log_;
  std::deque<Pending> queue_;
};

}  // namespace mhds::validate::internal
