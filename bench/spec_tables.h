// SpecTables: the parts of a specification folder (specs/<data set>/<version>/) that the
// submission generator needs: each table's columns in items.csv order, their formats and
// mandation, the tables' join items, and the code lists of codes.csv. Standard library only, so
// the generator does not depend on the mhds libraries it is meant to measure.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace mhds::bench {

struct SpecItem {
  std::string short_name;  // the CSV column name, e.g. "CareContDate"
  std::string type;        // items.csv `type`: text, date, time, nhs_number, ...
  bool mandatory = false;  // mandation "M"
  bool numeric = false;    // format charset "n" (digits only) rather than "an"
  int max_length = 0;      // the last number of the format ("min an3 max an5" -> 5)
  std::string code_list;   // name of a codes.csv list, or empty
};

struct SpecTable {
  std::string code;      // "MHS201"
  std::string idb_name;  // "MHS201CareContact", also the CSV file name without ".csv"
  std::vector<SpecItem> items;
  std::vector<std::string> key_items;

  // Column index of `short_name`, or -1 if the table has no such item.
  int Column(std::string_view short_name) const;
};

struct SpecTables {
  std::string version;  // dataset.csv `version`, as DatSetVer must give it
  std::map<std::string, SpecTable, std::less<>> tables;  // by code
  // Items that some table uses to find its parent row (tables.csv `parent_items`), e.g.
  // LocalPatientID. The generator never damages these, so one defect touches one row.
  std::vector<std::string> join_items;
  // Codes of each list valid for some day of the reporting period, in codes.csv order.
  std::map<std::string, std::vector<std::string>, std::less<>> codes;

  const SpecTable* Find(std::string_view code) const;
  bool IsJoinItem(std::string_view short_name) const;
};

// Reads dataset.csv, tables.csv, items.csv and codes.csv from `dir`. Codes are kept when their
// valid_from/valid_to range (CCYY-MM-DD, either may be blank) overlaps [period_start,
// period_end]. On failure returns false and sets `error` to "FILE: what went wrong".
bool LoadSpecTables(const std::string& dir, std::string_view period_start,
                    std::string_view period_end, SpecTables& out, std::string& error);

}  // namespace mhds::bench
