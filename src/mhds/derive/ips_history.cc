#include "mhds/derive/ips_history.h"

#include <array>
#include <map>
#include <set>
#include <unordered_map>

#include "mhds/base/calendar.h"
#include "mhds/base/status_macros.h"
#include "mhds/derive/history_store.h"

namespace mhds::derive {
namespace {

using M = IpsMeasure;

template <typename V>
using HistoryMap = std::unordered_map<std::string, V, spec::TextHash, std::equal_to<>>;

bool InCohort(const ReferralRecord& r, const DeriveCodes& codes) {
  return r.received >= codes.cohort_start() && (r.ips_team || r.ips_procedure);
}

bool InMonth(int64_t day, const ReportingMonth& month) {
  return day >= month.start && day <= month.end;
}

// The contacts that count for IPS in one submission: direct contacts of cohort referrals, all of
// them for route (a) referrals, the IPS-coded ones only for route (b) referrals (A.5).
template <typename Visit>
void ForEachCountedContact(const SubmissionRecords& s, const DeriveCodes& codes, Visit visit) {
  HistoryMap<const ReferralRecord*> cohort;
  for (const ReferralRecord& r : s.referrals) {
    if (InCohort(r, codes)) cohort.emplace(r.uniq_serv_req_id, &r);
  }
  for (const ContactRecord& c : s.contacts) {
    if (!c.direct) continue;
    auto it = cohort.find(c.uniq_serv_req_id);
    if (it == cohort.end()) continue;
    if (!it->second->ips_team && !c.ips_procedure) continue;
    visit(*it->second, c);
  }
}

// Each referral's earliest counted contact, ever and per financial year, over the months given.
struct FirstContacts {
  HistoryMap<int64_t> ever;
  std::map<std::pair<std::string, std::string>, int64_t> in_year;  // (UniqServReqID, FY)
};

void Lower(int64_t day, int64_t& slot, bool fresh) {
  if (fresh || day < slot) slot = day;
}

void AddFirstContacts(const SubmissionRecords& s, const DeriveCodes& codes, FirstContacts& first) {
  ForEachCountedContact(s, codes, [&](const ReferralRecord& r, const ContactRecord& c) {
    auto [ever, fresh] = first.ever.try_emplace(r.uniq_serv_req_id, c.date);
    Lower(c.date, ever->second, fresh);
    // The financial year is the submission month's (A.9 item 6).
    auto [year, fresh_year] =
        first.in_year.try_emplace({r.uniq_serv_req_id, s.month.financial_year}, c.date);
    Lower(c.date, year->second, fresh_year);
  });
}

bool AccessedInYear(const ReferralRecord& r, const SubmissionRecords& s,
                    const FirstContacts& first) {
  auto it = first.in_year.find({r.uniq_serv_req_id, s.month.financial_year});
  return it != first.in_year.end() && InMonth(it->second, s.month);
}

void Bump(IpsFigures& f, M m, uint64_t n = 1) { f.counts[static_cast<size_t>(m)] += n; }

// One cohort referral of the target month, with what history says about it.
struct ReferralInMonth {
  const ReferralRecord* record = nullptr;
  ContactTally contacts;              // its counted contacts this month
  std::optional<int64_t> first_ever;  // its first counted contact in any month up to this one
  bool accessed_in_year = false;
};

void CountOne(const ReferralInMonth& rm, const ReportingMonth& month, const DeriveCodes& codes,
              IpsFigures& f) {
  const ReferralRecord& r = *rm.record;
  ++f.referrals;
  if (InMonth(r.received, month)) Bump(f, M::kNewReferrals);
  if (r.discharged && InMonth(*r.discharged, month)) Bump(f, M::kClosedReferrals);
  if (!r.discharged || *r.discharged > month.end) Bump(f, M::kOpenReferrals);
  const std::optional<int64_t>& first = rm.first_ever;
  if (!r.discharged && first && *first <= month.end) Bump(f, M::kCaseload);
  if (first && InMonth(*first, month)) {
    Bump(f, M::kAccessedFirstTimeEver);
    int64_t wait = *first - r.received;
    Bump(f, wait <= 7 ? M::kSeenIn7 : wait <= 30 ? M::kSeenIn8To30 : M::kSeenInOver30);
  }
  if (rm.accessed_in_year) Bump(f, M::kAccessedInFinancialYear);
  Bump(f, M::kTotalContacts, rm.contacts.total);
  Bump(f, M::kTotalContactsF2F, rm.contacts.face_to_face);
  Bump(f, M::kTotalContactsTelephone, rm.contacts.telephone);
  Bump(f, M::kTotalContactsVideo, rm.contacts.video);
  if (!r.discharged) return;
  int64_t length = *r.discharged - r.received;
  Bump(f, length <= 90    ? M::kLengthOfReferral0To90
          : length <= 180 ? M::kLengthOfReferral91To180
                          : M::kLengthOfReferralOver180);
  if (first) {
    Bump(f, M::kClosedReferralsWhoAccessed);
    int64_t in_caseload = *r.discharged - *first;
    Bump(f, in_caseload <= 90    ? M::kTimeInCaseload0To90
            : in_caseload <= 180 ? M::kTimeInCaseload91To180
                                 : M::kTimeInCaseloadOver180);
  }
  switch (codes.EmploymentOf(r.employ_status_last)) {
    case EmploymentGroup::kEmployed:
      Bump(f, M::kEmployedAtDischarge);
      break;
    case EmploymentGroup::kNotEmployed:
      Bump(f, M::kNotEmployedAtDischarge);
      break;
    case EmploymentGroup::kUnknown:
      Bump(f, M::kEmploymentUnknownAtDischarge);
      break;
    case EmploymentGroup::kNone:
      break;
  }
}

IpsFigures& TeamRow(std::map<std::string, IpsFigures>& teams, const std::string& team) {
  IpsFigures& row = teams[team];
  row.level = "team";
  row.team = team;
  return row;
}

// The breakdown rows, in output order: by level (the order below), then group.
constexpr std::array<std::string_view, 4> kBreakdownLevels = {"commissioner", "age_band", "gender",
                                                              "ethnicity"};
using BreakdownRows = std::map<std::pair<size_t, std::string>, IpsFigures>;

// The breakdown rows a referral counts in (none when the spec defines no breakdowns).
std::vector<IpsFigures*> BreakdownRowsOf(const ReferralRecord& r, const DeriveCodes& codes,
                                         BreakdownRows& rows) {
  std::vector<IpsFigures*> out;
  if (!codes.has_breakdowns()) return out;
  const std::array<std::string, 4> groups = {
      codes.CommissionerGroup(r.commissioner), codes.AgeBand(r.age_at_referral),
      codes.GenderGroup(r.gender, r.gender_identity), codes.EthnicityGroup(r.ethnic_category)};
  for (size_t level = 0; level < kBreakdownLevels.size(); ++level) {
    IpsFigures& row = rows[{level, groups[level]}];
    row.level = kBreakdownLevels[level];
    row.group = groups[level];
    out.push_back(&row);
  }
  return out;
}

}  // namespace

Result<IpsMonth> CountIpsWithHistory(const std::vector<SubmissionRecords>& months, size_t target,
                                     const DeriveCodes& codes) {
  if (target >= months.size()) {
    return Status::InvalidArgument("no submission for the month asked for");
  }
  const SubmissionRecords& now = months[target];
  std::vector<const SubmissionRecords*> upto;  // the target month and every earlier month
  for (const SubmissionRecords& s : months) {
    if (s.month.uniq_month_id <= now.month.uniq_month_id) upto.push_back(&s);
  }
  FirstContacts first;
  for (const SubmissionRecords* s : upto) AddFirstContacts(*s, codes, first);

  IpsMonth out;
  out.provider = now.provider;
  out.month = now.month;
  out.rows_left_out = now.rows_left_out;
  out.months_read = upto.size();
  IpsFigures provider;
  provider.level = "provider";
  std::map<std::string, IpsFigures> teams;
  BreakdownRows breakdowns;

  HistoryMap<ReferralInMonth> cohort;
  for (const ReferralRecord& r : now.referrals) {
    if (r.received >= codes.cohort_start()) ++out.referrals_read;
    if (!InCohort(r, codes)) continue;
    ReferralInMonth& rm = cohort[r.uniq_serv_req_id];
    rm.record = &r;
    auto ever = first.ever.find(r.uniq_serv_req_id);
    if (ever != first.ever.end()) rm.first_ever = ever->second;
    rm.accessed_in_year = AccessedInYear(r, now, first);
  }
  ForEachCountedContact(now, codes, [&](const ReferralRecord& r, const ContactRecord& c) {
    cohort[r.uniq_serv_req_id].contacts.Add(c.date, codes.MediumOf(c.mechanism));
  });
  std::map<std::string, const ReferralInMonth*> ordered;
  for (const auto& [id, rm] : cohort) ordered.emplace(id, &rm);
  for (const auto& [id, rm] : ordered) {
    ++out.cohort_size;
    if (rm->record->ips_team) {
      ++out.cohort_by_team_type;
    } else {
      ++out.cohort_by_procedure_only;
    }
    CountOne(*rm, now.month, codes, provider);
    CountOne(*rm, now.month, codes, TeamRow(teams, rm->record->team));
    for (IpsFigures* row : BreakdownRowsOf(*rm->record, codes, breakdowns)) {
      CountOne(*rm, now.month, codes, *row);
    }
  }

  // Year to date (A.7): the months of this financial year up to this one, each from its own
  // latest submission; a month missing from the history adds nothing (A.9 item 7).
  for (const SubmissionRecords* s : upto) {
    if (s->month.financial_year != now.month.financial_year) continue;
    for (const ReferralRecord& r : s->referrals) {
      if (!InCohort(r, codes) || !AccessedInYear(r, *s, first)) continue;
      Bump(provider, M::kAccessedInFinancialYearToDate);
      Bump(TeamRow(teams, r.team), M::kAccessedInFinancialYearToDate);
      for (IpsFigures* row : BreakdownRowsOf(r, codes, breakdowns)) {
        Bump(*row, M::kAccessedInFinancialYearToDate);
      }
    }
  }

  out.figures.push_back(std::move(provider));
  for (auto& [id, row] : teams) out.figures.push_back(std::move(row));
  for (auto& [key, row] : breakdowns) out.figures.push_back(std::move(row));
  return out;
}

std::map<std::string, int64_t> FirstCountedContacts(
    const std::vector<const SubmissionRecords*>& months, const DeriveCodes& codes) {
  FirstContacts first;
  for (const SubmissionRecords* s : months) AddFirstContacts(*s, codes, first);
  return std::map<std::string, int64_t>(first.ever.begin(), first.ever.end());
}

bool InIpsCohort(const ReferralRecord& r, const DeriveCodes& codes) { return InCohort(r, codes); }

Result<IpsMonth> DeriveIpsFromStore(store::Database& db, const std::string& provider,
                                    int uniq_month_id, const DeriveCodes& codes,
                                    const SubmissionRecords* preview) {
  const std::string& org = preview != nullptr ? preview->provider : provider;
  int month_id = preview != nullptr ? preview->month.uniq_month_id : uniq_month_id;
  MHDS_ASSIGN_OR_RETURN(std::vector<SubmissionRecords> months, LoadHistory(db, org, month_id));
  if (preview != nullptr) {
    if (!months.empty() && months.back().month.uniq_month_id == month_id) months.pop_back();
    months.push_back(*preview);
  }
  if (months.empty() || months.back().month.uniq_month_id != month_id) {
    return Status::NotFound("the store holds no accepted submission of " + org +
                            " for UniqMonthID " + std::to_string(month_id) +
                            "; record one with `mhds validate SUBMISSION --store URL`");
  }
  MHDS_ASSIGN_OR_RETURN(IpsMonth out, CountIpsWithHistory(months, months.size() - 1, codes));
  std::string earlier =
      std::to_string(out.months_read - 1) + " earlier month" + (out.months_read == 2 ? "" : "s");
  if (out.months_read > 1) {
    earlier += " (from " + FormatDate(months.front().month.start).substr(0, 7) + ")";
  }
  out.history = std::string(preview != nullptr ? "this submission (not recorded)"
                                               : "the latest recorded submission") +
                " and " + earlier + " from the store";
  out.note =
      "First contacts ever and in the financial year look back through the months the store "
      "holds for this provider, one submission per month (the latest recorded); a month missing "
      "from the store adds nothing to the year to date.";
  return out;
}

}  // namespace mhds::derive
