// The front door of spec/: the in-memory model of one data set version (tables, items, code
// lists, rules), loaded from a specification folder and checked on the way in. A loaded Spec is
// immutable and may be shared between threads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/spec/format.h"
#include "mhds/spec/rule.h"
#include "mhds/spec/versions.h"

namespace mhds::spec {

struct Item {
  std::string uid;
  std::string short_name;
  std::string name;
  Format format;
  ValueType type = ValueType::kText;
  char mandation = 'O';  // M, R, O or P
  int code_list = -1;
  std::string description;
};

struct Table {
  std::string code;      // MHS101
  std::string idb_name;  // MHS101Referral
  std::string title;
  std::vector<Item> items;
  std::vector<int> key_items;
  int parent = -1;                // table index
  std::vector<int> parent_items;  // this table's items matched against the parent's key_items
  char group_mandation = 'O';
  std::string description;

  std::vector<int> children;      // tables whose parent is this one
  std::vector<int> record_rules;  // indices into Spec::rules, in rules.csv order
  std::vector<int> group_rules;

  // Index of the item named `short_name` (case-insensitive), or -1.
  int FindItem(std::string_view short_name) const;
  std::unordered_map<std::string, int> item_by_lower_name;
};

// Hashes strings and string_views alike, so that lookups by a field's view allocate nothing.
struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

struct CodeList {
  struct Entry {
    std::string meaning;
    int64_t valid_from = INT64_MIN;  // days since epoch
    int64_t valid_to = INT64_MAX;
  };
  std::string name;
  std::unordered_map<std::string, Entry, TextHash, std::equal_to<>> codes;
};

struct NationalRule {
  std::string code;
  std::string table;
  std::string level;
  std::string severity;
  std::string description;
};

struct Spec {
  std::filesystem::path folder;
  std::string name;     // MHSDS
  std::string version;  // 6.0
  std::string title;
  std::string source;
  int header_table = -1;
  int period_start_item = -1;  // items of the header table
  int period_end_item = -1;
  int created_item = -1;
  int provider_item = -1;
  // The reporting months this version is in force (dataset.csv in_force_from, in_force_to).
  InForce in_force;
  // This data set's versions that state when they are in force: the folders beside this one
  // with the same name, and this one. Empty when this folder states no in-force months.
  std::vector<VersionFolder> versions;

  std::vector<Table> tables;
  std::vector<CodeList> code_lists;
  std::vector<Rule> rules;
  std::vector<NationalRule> national_rules;  // may be empty
  std::vector<int> structural_rules;  // file-level structural rules (kinds kMissingTable ...)
  std::vector<int> table_order;       // every table, parents before children

  int FindTable(std::string_view code_or_idb_name) const;  // case-insensitive; -1 if none
  int FindCodeList(std::string_view name) const;
};

// Loads and checks the specification folder `dir`. Every problem found is reported (not just the
// first) in one kSpecError whose message lists "file:line:column: problem" lines. kNotFound if
// the folder or one of its required files is missing.
Result<Spec> LoadSpec(const std::filesystem::path& dir);

}  // namespace mhds::spec
