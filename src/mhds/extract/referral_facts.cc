#include "mhds/extract/referral_facts.h"

#include <algorithm>
#include <functional>

#include "mhds/base/calendar.h"
#include "mhds/base/status_macros.h"
#include "mhds/base/text.h"
#include "mhds/derive/contact_flags.h"

namespace mhds::extract {
namespace {

// The first rejecting finding of every row, by table then row.
class Rejections {
 public:
  explicit Rejections(const validate::ValidationResult& validation) {
    for (const validate::Finding& f : validation.findings) {
      if (!f.rejects() || f.table < 0) continue;
      rows_.emplace(std::make_pair(f.table, f.row), f.id);  // keeps the first
    }
  }
  validate::FindingId Of(int table, uint64_t row) const {
    auto it = rows_.find({table, row});
    if (it != rows_.end()) return it->second;
    auto whole = rows_.find({table, 0});
    return whole == rows_.end() ? validate::kNoFinding : whole->second;
  }

 private:
  std::map<std::pair<int, uint64_t>, validate::FindingId> rows_;
};

// Calls `row(values, line, rejection)` for every row of table `code`, rejected ones included,
// with the values of `items` (blank when a column is absent). A table the submission lacks has no
// rows.
Status ForEveryRow(const spec::Spec& spec, io::TableSource& source, const Rejections& rejections,
                   std::string_view code, const std::vector<std::string_view>& items,
                   const std::function<void(const std::vector<std::string_view>&, uint64_t,
                                            validate::FindingId)>& row) {
  int table = spec.FindTable(code);
  if (table < 0) {
    return Status::SpecError("specification " + spec.name + " " + spec.version + " has no table " +
                             std::string(code) + "; reconcile needs it");
  }
  for (const std::string& name : source.table_names()) {
    if (!EqualsIgnoreCase(name, spec.tables[table].idb_name)) continue;
    MHDS_ASSIGN_OR_RETURN(std::unique_ptr<io::RowReader> reader, source.Open(name));
    std::vector<int> columns(items.size(), -1);
    for (size_t i = 0; i < items.size(); ++i) {
      for (size_t c = 0; c < reader->columns().size(); ++c) {
        if (EqualsIgnoreCase(reader->columns()[c], items[i])) columns[i] = static_cast<int>(c);
      }
    }
    std::vector<std::string_view> fields;
    std::vector<std::string_view> values(items.size());
    uint64_t number = 0;
    while (reader->Next(fields)) {
      ++number;
      for (size_t i = 0; i < items.size(); ++i) {
        values[i] = columns[i] >= 0 && static_cast<size_t>(columns[i]) < fields.size()
                        ? fields[columns[i]]
                        : std::string_view();
      }
      row(values, reader->line(), rejections.Of(table, number));
    }
    return reader->status();
  }
  return Status::Ok();
}

}  // namespace

Result<ReferralFactsIndex> ReferralFactsIndex::Read(const spec::Spec& spec, io::TableSource& source,
                                                    const validate::ValidationResult& validation) {
  Rejections rejections(validation);
  ReferralFactsIndex index;
  std::map<std::string, std::string, std::less<>> team_types;
  MHDS_RETURN_IF_ERROR(ForEveryRow(
      spec, source, rejections, "MHS902", {"CareProfTeamLocalID", "ServTeamTypeMH"},
      [&](const std::vector<std::string_view>& v, uint64_t, validate::FindingId rejection) {
        if (rejection == validate::kNoFinding) team_types[std::string(v[0])] = v[1];
      }));
  auto team = [&](std::string_view id) {
    auto it = team_types.find(id);
    return TeamFacts{std::string(id), it == team_types.end() ? "" : it->second};
  };
  MHDS_RETURN_IF_ERROR(ForEveryRow(
      spec, source, rejections, "MHS101",
      {"ServiceRequestID", "CareProfTeamLocalID", "ReferralRequestReceivedDate"},
      [&](const std::vector<std::string_view>& v, uint64_t line, validate::FindingId rejection) {
        ReferralFacts& r = index.referrals_[std::string(v[0])];
        // A referral sent twice: the accepted row wins, else the first.
        if (r.line != 0 &&
            (rejection != validate::kNoFinding || r.rejection == validate::kNoFinding)) {
          return;
        }
        r.id = v[0];
        r.team = team(v[1]);
        r.received = v[2].size() >= 10 ? ParseDate(v[2].substr(0, 10)) : std::nullopt;
        r.line = line;
        r.rejection = rejection;
      }));
  MHDS_RETURN_IF_ERROR(ForEveryRow(
      spec, source, rejections, "MHS102", {"ServiceRequestID", "OtherCareProfTeamLocalID"},
      [&](const std::vector<std::string_view>& v, uint64_t, validate::FindingId rejection) {
        auto it = index.referrals_.find(v[0]);
        if (rejection == validate::kNoFinding && it != index.referrals_.end()) {
          it->second.other_teams.push_back(team(v[1]));
        }
      }));
  std::map<std::string, bool, std::less<>> ips_coded;
  MHDS_RETURN_IF_ERROR(
      ForEveryRow(spec, source, rejections, "MHS202", {"CareContactID", "Procedure"},
                  [&](const std::vector<std::string_view>& v, uint64_t, validate::FindingId) {
                    if (derive::IsIpsProcedure(v[1])) ips_coded[std::string(v[0])] = true;
                  }));
  MHDS_RETURN_IF_ERROR(ForEveryRow(
      spec, source, rejections, "MHS201",
      {"CareContactID", "ServiceRequestID", "CareContDate", "AttendStatus", "ConsMechanismMH"},
      [&](const std::vector<std::string_view>& v, uint64_t line, validate::FindingId rejection) {
        auto it = index.referrals_.find(v[1]);
        if (it == index.referrals_.end()) return;
        ContactFacts c;
        c.id = v[0];
        c.date_text = v[2];
        c.date = v[2].size() >= 10 ? ParseDate(v[2].substr(0, 10)) : std::nullopt;
        c.attend = v[3];
        c.mechanism = v[4];
        c.ips_procedure = ips_coded.contains(v[0]);
        c.line = line;
        c.rejection = rejection;
        it->second.contacts.push_back(std::move(c));
      }));
  for (auto& [id, r] : index.referrals_) {
    std::sort(r.contacts.begin(), r.contacts.end(),
              [](const ContactFacts& a, const ContactFacts& b) {
                return std::tie(a.date_text, a.id) < std::tie(b.date_text, b.id);
              });
  }
  return index;
}

const ReferralFacts* ReferralFactsIndex::Find(std::string_view id) const {
  auto it = referrals_.find(id);
  return it == referrals_.end() ? nullptr : &it->second;
}

}  // namespace mhds::extract
