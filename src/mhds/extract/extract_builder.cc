// BuildExtracts: one pass over each table of the layout, every row dispatched to the extracts it
// belongs to.
#include <algorithm>
#include <optional>

#include "mhds/account/secrets.h"
#include "mhds/base/calendar.h"
#include "mhds/base/status_macros.h"
#include "mhds/derive/accepted_rows.h"
#include "mhds/derive/ips_measures.h"
#include "mhds/extract/extract.h"
#include "mhds/extract/extract_schema.h"
#include "mhds/extract/manifest.h"
#include "mhds/extract/submission_links.h"
#include "mhds/extract/xml_text.h"
#include "mhds/report/csv_writer.h"

namespace mhds::extract {
namespace {

// The kind written once for the provider; every other kind is written once per commissioner.
constexpr std::string_view kProviderKind = "provider";

// An extract being built: its kind's layout, and per table the CSV and XML text so far.
struct Pending {
  const ExtractKind* kind = nullptr;
  BuiltExtract out;
  std::vector<std::string> csv;  // per kind->tables entry
  std::vector<std::string> xml;
  std::set<std::string, std::less<>> people_removed;
};

// What the derivations need besides the row.
struct Context {
  std::string provider;
  std::string person_key;
  int64_t period_end = 0;
  int uniq_month_id = 0;
  const SubmissionLinks* links = nullptr;
};

std::string Derive(const ExtractColumn& column, std::string_view value, const PersonLinks* person,
                   const Context& context) {
  switch (column.derivation) {
    case Derivation::kCopy:
      return std::string(value);
    case Derivation::kQualify:
      return value.empty() ? std::string() : context.provider + std::string(value);
    case Derivation::kPersonId:
      if (context.person_key.empty() || !person || person->nhs_number.empty()) return {};
      return account::HmacSha256Hex(context.person_key, person->nhs_number);
    case Derivation::kUniqMonthId:
      return std::to_string(context.uniq_month_id);
    case Derivation::kAgeAtPeriodEnd: {
      if (!person) return {};
      const std::vector<std::string>& items = context.links->date_items();
      auto it = std::find(items.begin(), items.end(), column.source_item);
      if (it == items.end()) return {};
      std::string_view date = person->dates[it - items.begin()];
      std::optional<int64_t> birth = ParseDate(date.substr(0, 10));
      if (!birth || *birth > context.period_end) return {};
      return std::to_string(AgeInYears(*birth, context.period_end));
    }
  }
  return {};
}

Result<std::string> ReadProvider(const spec::Spec& spec, io::TableSource& source,
                                 const derive::RejectedRows& rejected) {
  if (spec.header_table < 0 || spec.provider_item < 0) return std::string();
  const spec::Table& header = spec.tables[spec.header_table];
  MHDS_ASSIGN_OR_RETURN(
      derive::AcceptedRowScan scan,
      derive::AcceptedRowScan::Open(spec, source, rejected, header.code,
                                    {header.items[spec.provider_item].short_name}));
  std::string provider;
  if (scan.Next()) provider = scan.value(0);
  MHDS_RETURN_IF_ERROR(scan.status());
  return provider;
}

// Scans one table once and appends its rows to every pending extract whose layout has it.
Status ScanTable(const spec::Spec& spec, io::TableSource& source,
                 const derive::RejectedRows& rejected, const ExtractLayout& layout, int table,
                 const Context& context, const OptOutList* opt_outs,
                 std::vector<Pending>& pending) {
  const spec::Table& t = spec.tables[table];
  // Items read: the three link keys, then every source item of every extract's columns.
  std::vector<std::string> items;
  auto index_of = [&](const std::string& item) -> int {
    if (item.empty() || t.FindItem(item) < 0) return -1;
    auto it = std::find(items.begin(), items.end(), item);
    if (it != items.end()) return static_cast<int>(it - items.begin());
    items.push_back(item);
    return static_cast<int>(items.size()) - 1;
  };
  int person_col = index_of(layout.person_key_item);
  int referral_col = index_of(layout.referral_key_item);
  int contact_col = index_of(layout.contact_key_item);
  std::vector<std::vector<int>> columns(pending.size());  // per pending, per column
  std::vector<int> table_slot(pending.size(), -1);
  for (size_t p = 0; p < pending.size(); ++p) {
    const std::vector<ExtractTable>& tables = pending[p].kind->tables;
    for (size_t i = 0; i < tables.size(); ++i) {
      if (tables[i].table != table) continue;
      table_slot[p] = static_cast<int>(i);
      for (const ExtractColumn& column : tables[i].columns) {
        bool reads_row =
            column.derivation == Derivation::kCopy || column.derivation == Derivation::kQualify;
        columns[p].push_back(reads_row ? index_of(column.source_item) : -1);
      }
    }
  }
  std::vector<std::string_view> names(items.begin(), items.end());
  MHDS_ASSIGN_OR_RETURN(derive::AcceptedRowScan scan,
                        derive::AcceptedRowScan::Open(spec, source, rejected, t.code, names));
  auto value = [&](int column) {
    return column < 0 ? std::string_view() : scan.value(static_cast<size_t>(column));
  };
  const SubmissionLinks& links = *context.links;
  while (scan.Next()) {
    std::string_view referral_id = links.ReferralOf(value(referral_col), value(contact_col));
    std::string_view person_id =
        links.PersonOf(value(person_col), value(referral_col), value(contact_col));
    const PersonLinks* person = links.person(person_id);
    const ReferralLinks* referral = links.referral(referral_id);
    bool opted_out = opt_outs && person && opt_outs->contains(person->nhs_number);
    for (size_t p = 0; p < pending.size(); ++p) {
      if (table_slot[p] < 0) continue;
      Pending& e = pending[p];
      // Rows of a referral go to its commissioner; rows of a person to each commissioner of one
      // of the person's referrals; rows linked to neither (header, teams) to every extract.
      bool in_scope = true;
      if (e.kind->name != kProviderKind) {
        if (referral) {
          in_scope = referral->commissioner == e.out.organisation;
        } else if (person) {
          in_scope = person->commissioners.contains(e.out.organisation);
        } else if (!referral_id.empty() || !person_id.empty()) {
          in_scope = false;  // linked to a referral or person this submission does not hold
        }
      }
      if (!in_scope) continue;
      TableCount& count = e.out.tables[table_slot[p]];
      ++count.in_scope;
      if (opted_out && e.kind->apply_opt_outs) {
        ++count.opted_out;
        e.people_removed.insert(person->nhs_number);
        continue;
      }
      ++count.written;
      const ExtractTable& layout_table = e.kind->tables[table_slot[p]];
      report::CsvWriter csv;
      std::string& xml = e.xml[table_slot[p]];
      xml += "    <Row>";
      for (size_t c = 0; c < layout_table.columns.size(); ++c) {
        const ExtractColumn& column = layout_table.columns[c];
        std::string v = Derive(column, value(columns[p][c]), person, context);
        csv.Text(v);
        if (v.empty()) continue;
        xml += "<" + column.name + ">";
        AppendXmlText(xml, v);
        xml += "</" + column.name + ">";
      }
      xml += "</Row>\n";
      csv.EndRow();
      e.csv[table_slot[p]] += csv.text();
    }
  }
  return scan.status();
}

std::string FolderPart(std::string_view code) {
  std::string out;
  for (char c : code) {
    bool safe = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    out += safe ? c : '_';
  }
  return out;
}

void Finish(const spec::Spec& spec, const ExtractRun& run, const ExtractOptions& options,
            Pending& e) {
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Extract dataset=\"";
  AppendXmlText(xml, spec.name);
  xml += "\" version=\"";
  AppendXmlText(xml, spec.version);
  xml += "\" kind=\"";
  AppendXmlText(xml, e.out.kind);
  xml += "\" organisation=\"";
  AppendXmlText(xml, e.out.organisation);
  xml += "\" provider=\"";
  AppendXmlText(xml, run.provider);
  xml += "\" period=\"";
  AppendXmlText(xml, run.period);
  xml += "\">\n";
  auto add = [&](std::string name, std::string contents) {
    std::string digest = account::Sha256Hex(contents);
    e.out.files.push_back(ExtractFile{std::move(name), std::move(contents), std::move(digest)});
  };
  for (size_t i = 0; i < e.kind->tables.size(); ++i) {
    const ExtractTable& table = e.kind->tables[i];
    const std::string& idb = spec.tables[table.table].idb_name;
    report::CsvWriter header;
    for (const ExtractColumn& column : table.columns) header.Text(column.name);
    header.EndRow();
    add(idb + ".csv", header.Take() + e.csv[i]);
    xml += "  <" + idb + ">\n" + e.xml[i] + "  </" + idb + ">\n";
  }
  xml += "</Extract>\n";
  add("extract.xml", std::move(xml));
  add("extract.xsd", ExtractXsd(spec, *e.kind));
  e.out.people_opted_out = e.people_removed.size();
  std::string manifest = ManifestJson(run, e.out, spec, options);
  add("manifest.json", std::move(manifest));
}

}  // namespace

Result<ExtractRun> BuildExtracts(const spec::Spec& spec, io::TableSource& source,
                                 const validate::ValidationResult& validation,
                                 const ExtractLayout& layout, const ExtractOptions& options) {
  if (validation.file_rejected) {
    return Status::InvalidArgument("the submission was rejected as a whole, so it has no extract");
  }
  if (!validation.period_start || !validation.period_end) {
    return Status::InvalidArgument("the submission has no reporting period; give --period");
  }
  derive::RejectedRows rejected(validation);
  ExtractRun run;
  derive::ReportingMonth month = derive::MonthOf(*validation.period_start, *validation.period_end);
  run.period = FormatDate(*validation.period_start).substr(0, 7);
  MHDS_ASSIGN_OR_RETURN(run.provider, ReadProvider(spec, source, rejected));

  std::vector<std::string> date_items;
  for (const ExtractKind& kind : layout.kinds) {
    for (const ExtractTable& table : kind.tables) {
      for (const ExtractColumn& column : table.columns) {
        if (column.derivation == Derivation::kAgeAtPeriodEnd &&
            std::find(date_items.begin(), date_items.end(), column.source_item) ==
                date_items.end()) {
          date_items.push_back(column.source_item);
        }
      }
    }
  }
  MHDS_ASSIGN_OR_RETURN(SubmissionLinks links,
                        SubmissionLinks::Read(spec, source, rejected, layout, date_items));

  // One extract of the provider kind for the provider; one of every other kind per commissioner.
  std::vector<Pending> pending;
  for (const ExtractKind& kind : layout.kinds) {
    if (kind.apply_opt_outs && !options.opt_outs) {
      run.skipped.push_back("no " + kind.name +
                            " extract: it leaves the provider, so it needs the national data "
                            "opt-out list (--opt-outs FILE)");
      continue;
    }
    std::vector<std::string> organisations;
    if (kind.name == kProviderKind) {
      organisations.push_back(run.provider);
    } else {
      organisations.assign(links.commissioners().begin(), links.commissioners().end());
    }
    for (const std::string& organisation : organisations) {
      Pending e;
      e.kind = &kind;
      e.out.kind = kind.name;
      e.out.organisation = organisation;
      e.out.folder = kind.name + "-" + FolderPart(organisation);
      e.out.opt_outs_applied = kind.apply_opt_outs;
      for (const ExtractTable& table : kind.tables) {
        e.out.tables.push_back(TableCount{spec.tables[table.table].idb_name, 0, 0, 0});
      }
      e.csv.resize(kind.tables.size());
      e.xml.resize(kind.tables.size());
      pending.push_back(std::move(e));
    }
  }

  Context context;
  context.provider = run.provider;
  context.person_key = options.person_key;
  context.period_end = *validation.period_end;
  context.uniq_month_id = month.uniq_month_id;
  context.links = &links;
  std::vector<int> tables;
  for (const ExtractKind& kind : layout.kinds) {
    for (const ExtractTable& table : kind.tables) {
      if (std::find(tables.begin(), tables.end(), table.table) == tables.end()) {
        tables.push_back(table.table);
      }
    }
  }
  for (int table : tables) {
    MHDS_RETURN_IF_ERROR(
        ScanTable(spec, source, rejected, layout, table, context, options.opt_outs, pending));
  }
  for (Pending& e : pending) {
    Finish(spec, run, options, e);
    run.extracts.push_back(std::move(e.out));
  }
  return run;
}

}  // namespace mhds::extract
