#include "mhds/spec/diff.h"

#include <algorithm>
#include <map>
#include <set>

#include "mhds/base/calendar.h"
#include "mhds/base/text.h"

namespace mhds::spec {

std::string_view SectionName(SpecChange::Section section) {
  switch (section) {
    case SpecChange::Section::kDataSet:
      return "data set";
    case SpecChange::Section::kTable:
      return "table";
    case SpecChange::Section::kItem:
      return "item";
    case SpecChange::Section::kCodeList:
      return "code list";
    case SpecChange::Section::kCode:
      return "code";
    case SpecChange::Section::kRule:
      return "rule";
  }
  return "table";
}

std::string_view ChangeKindName(SpecChange::Kind kind) {
  switch (kind) {
    case SpecChange::Kind::kAdded:
      return "added";
    case SpecChange::Kind::kRemoved:
      return "removed";
    case SpecChange::Kind::kChanged:
      return "changed";
  }
  return "added";
}

size_t SpecDiff::Count(SpecChange::Section section, SpecChange::Kind kind) const {
  size_t n = 0;
  for (const SpecChange& c : changes) n += c.section == section && c.kind == kind;
  return n;
}

namespace {

using Section = SpecChange::Section;
using Kind = SpecChange::Kind;

std::string MandationName(char m) {
  switch (m) {
    case 'M':
      return "M (mandatory)";
    case 'R':
      return "R (required)";
    case 'P':
      return "P (pilot)";
    default:
      return "O (optional)";
  }
}

std::string ItemNames(const Table& t, const std::vector<int>& items) {
  std::string out;
  for (int i : items) {
    if (!out.empty()) out += "+";
    out += t.items[i].short_name;
  }
  return out;
}

std::string ListName(const Spec& spec, int list) {
  return list >= 0 ? spec.code_lists[list].name : "";
}

std::string Validity(const CodeList::Entry& e) {
  std::string out;
  if (e.valid_from != INT64_MIN) out += "from " + FormatDate(e.valid_from);
  if (e.valid_to != INT64_MAX)
    out += std::string(out.empty() ? "" : " ") + "to " + FormatDate(e.valid_to);
  return out.empty() ? "always" : out;
}

std::string RuleSummary(const Spec& spec, const Rule& r) {
  std::string out = std::string(LevelName(r.level)) + " " + std::string(SeverityName(r.severity)) +
                    ", " + std::string(RuleKindName(r.kind));
  if (r.table >= 0) {
    out += " on " + spec.tables[r.table].code;
    if (r.item >= 0) out += " " + spec.tables[r.table].items[r.item].short_name;
  } else {
    out += " on every table";
  }
  if (!r.params.empty()) out += " (" + r.params + ")";
  return out;
}

class Differ {
 public:
  Differ(const Spec& from, const Spec& to) : a_(from), b_(to) {}

  SpecDiff Run() {
    DataSet();
    Tables();
    Items();
    CodeLists();
    Rules();
    std::stable_sort(
        diff_.changes.begin(), diff_.changes.end(),
        [](const SpecChange& x, const SpecChange& y) { return x.section < y.section; });
    return std::move(diff_);
  }

 private:
  void Add(Section s, Kind k, std::string table, std::string subject, std::string attribute = "",
           std::string before = "", std::string after = "") {
    diff_.changes.push_back(SpecChange{s, k, std::move(table), std::move(subject),
                                       std::move(attribute), std::move(before), std::move(after)});
  }
  void Changed(Section s, const std::string& table, const std::string& subject,
               const std::string& attribute, const std::string& before, const std::string& after) {
    if (before != after) Add(s, Kind::kChanged, table, subject, attribute, before, after);
  }

  void DataSet() {
    Changed(Section::kDataSet, "", a_.name, "version", a_.version, b_.version);
    Changed(Section::kDataSet, "", a_.name, "in force", a_.in_force.Describe(),
            b_.in_force.Describe());
    if (a_.header_table >= 0 && b_.header_table >= 0) {
      Changed(Section::kDataSet, "", a_.name, "header table", a_.tables[a_.header_table].code,
              b_.tables[b_.header_table].code);
    }
  }

  void Tables() {
    for (const Table& t : b_.tables) {
      int old = a_.FindTable(t.code);
      if (old < 0) {
        Add(Section::kTable, Kind::kAdded, t.code, t.code, "", "",
            t.idb_name + " (" + t.title + "; " + std::to_string(t.items.size()) + " items)");
        continue;
      }
      const Table& o = a_.tables[old];
      Changed(Section::kTable, t.code, t.code, "IDB name", o.idb_name, t.idb_name);
      Changed(Section::kTable, t.code, t.code, "title", o.title, t.title);
      Changed(Section::kTable, t.code, t.code, "key", ItemNames(o, o.key_items),
              ItemNames(t, t.key_items));
      Changed(Section::kTable, t.code, t.code, "parent",
              o.parent >= 0 ? a_.tables[o.parent].code : "",
              t.parent >= 0 ? b_.tables[t.parent].code : "");
      Changed(Section::kTable, t.code, t.code, "group mandation", MandationName(o.group_mandation),
              MandationName(t.group_mandation));
    }
    for (const Table& o : a_.tables) {
      if (b_.FindTable(o.code) < 0) {
        Add(Section::kTable, Kind::kRemoved, o.code, o.code, "",
            o.idb_name + " (" + o.title + "; " + std::to_string(o.items.size()) + " items)");
      }
    }
  }

  void Items() {
    for (const Table& t : b_.tables) {
      int old_table = a_.FindTable(t.code);
      for (const Item& it : t.items) {
        int old = old_table >= 0 ? a_.tables[old_table].FindItem(it.short_name) : -1;
        if (old < 0) {
          Add(Section::kItem, Kind::kAdded, t.code, it.short_name, "", "",
              it.name + " (" + it.format.text + ", " + MandationName(it.mandation) + ")");
          continue;
        }
        const Item& o = a_.tables[old_table].items[old];
        Changed(Section::kItem, t.code, it.short_name, "format", o.format.text, it.format.text);
        Changed(Section::kItem, t.code, it.short_name, "type", std::string(ValueTypeName(o.type)),
                std::string(ValueTypeName(it.type)));
        Changed(Section::kItem, t.code, it.short_name, "mandation", MandationName(o.mandation),
                MandationName(it.mandation));
        Changed(Section::kItem, t.code, it.short_name, "code list", ListName(a_, o.code_list),
                ListName(b_, it.code_list));
      }
    }
    for (const Table& o : a_.tables) {
      int new_table = b_.FindTable(o.code);
      for (const Item& it : o.items) {
        if (new_table < 0 || b_.tables[new_table].FindItem(it.short_name) < 0) {
          Add(Section::kItem, Kind::kRemoved, o.code, it.short_name, "",
              it.name + " (" + it.format.text + ", " + MandationName(it.mandation) + ")");
        }
      }
    }
  }

  // Codes in text order, so that the listing is stable (the lists are hash maps).
  static std::set<std::string> Codes(const CodeList& list) {
    std::set<std::string> out;
    for (const auto& [code, entry] : list.codes) out.insert(code);
    return out;
  }

  void CodeLists() {
    for (const CodeList& l : b_.code_lists) {
      int old = a_.FindCodeList(l.name);
      if (old < 0) {
        Add(Section::kCodeList, Kind::kAdded, l.name, l.name, "", "",
            std::to_string(l.codes.size()) + " codes");
      }
      for (const std::string& code : Codes(l)) {
        const CodeList::Entry& e = l.codes.find(code)->second;
        auto was = old >= 0 ? a_.code_lists[old].codes.find(code) : decltype(l.codes.end()){};
        if (old < 0 || was == a_.code_lists[old].codes.end()) {
          Add(Section::kCode, Kind::kAdded, l.name, code, "", "", e.meaning);
          continue;
        }
        Changed(Section::kCode, l.name, code, "meaning", was->second.meaning, e.meaning);
        Changed(Section::kCode, l.name, code, "valid", Validity(was->second), Validity(e));
      }
    }
    for (const CodeList& o : a_.code_lists) {
      int now = b_.FindCodeList(o.name);
      if (now < 0) {
        Add(Section::kCodeList, Kind::kRemoved, o.name, o.name, "",
            std::to_string(o.codes.size()) + " codes");
      }
      for (const std::string& code : Codes(o)) {
        if (now < 0 || !b_.code_lists[now].codes.contains(code)) {
          Add(Section::kCode, Kind::kRemoved, o.name, code, "", o.codes.find(code)->second.meaning);
        }
      }
    }
  }

  void Rules() {
    std::map<std::string, const Rule*> old;
    for (const Rule& r : a_.rules) old.emplace(r.code, &r);
    std::set<std::string> seen;
    for (const Rule& r : b_.rules) {
      seen.insert(r.code);
      std::string table = r.table >= 0 ? b_.tables[r.table].code : "*";
      auto it = old.find(r.code);
      if (it == old.end()) {
        Add(Section::kRule, Kind::kAdded, table, r.code, "", "", RuleSummary(b_, r));
        continue;
      }
      const Rule& o = *it->second;
      std::string was = RuleSummary(a_, o), now = RuleSummary(b_, r);
      // Severity is the change a provider feels first; the rest reads as one summary.
      Changed(Section::kRule, table, r.code, "severity", std::string(SeverityName(o.severity)),
              std::string(SeverityName(r.severity)));
      if (o.severity != r.severity) {
        was = RuleSummary(a_, WithSeverity(o, r.severity));
      }
      Changed(Section::kRule, table, r.code, "check", was, now);
      Changed(Section::kRule, table, r.code, "message", o.message, r.message);
    }
    for (const Rule& o : a_.rules) {
      if (!seen.contains(o.code)) {
        Add(Section::kRule, Kind::kRemoved, o.table >= 0 ? a_.tables[o.table].code : "*", o.code,
            "", RuleSummary(a_, o));
      }
    }
  }

  static Rule WithSeverity(Rule r, Severity s) {
    r.severity = s;
    return r;
  }

  const Spec& a_;
  const Spec& b_;
  SpecDiff diff_;
};

}  // namespace

SpecDiff DiffSpecs(const Spec& from, const Spec& to) { return Differ(from, to).Run(); }

}  // namespace mhds::spec
