// Who and whose each accepted row of a submission is about: the person (for opt-outs and
// Person_ID) and the commissioner (for commissioner extracts), found through the person, referral
// and contact tables that extract_settings.csv names.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/derive/accepted_rows.h"
#include "mhds/extract/extract_layout.h"

namespace mhds::extract {

struct PersonLinks {
  std::string nhs_number;
  std::vector<std::string> dates;                    // values of SubmissionLinks::date_items
  std::set<std::string, std::less<>> commissioners;  // of the person's accepted referrals
};

struct ReferralLinks {
  std::string person;
  std::string commissioner;
};

class SubmissionLinks {
 public:
  // Reads the accepted rows of the person, referral and contact tables. `date_items` are items of
  // the person table kept for derived ages. Fails with the read error of a table.
  static Result<SubmissionLinks> Read(const spec::Spec& spec, io::TableSource& source,
                                      const derive::RejectedRows& rejected,
                                      const ExtractLayout& layout,
                                      std::vector<std::string> date_items);

  // The person a row is about, from its person, referral or contact key ("" when none).
  std::string_view PersonOf(std::string_view person, std::string_view referral,
                            std::string_view contact) const;
  // The referral a row belongs to, from its referral or contact key ("" when none).
  std::string_view ReferralOf(std::string_view referral, std::string_view contact) const;

  const PersonLinks* person(std::string_view id) const;
  const ReferralLinks* referral(std::string_view id) const;
  const std::set<std::string, std::less<>>& commissioners() const { return commissioners_; }
  const std::vector<std::string>& date_items() const { return date_items_; }

 private:
  std::map<std::string, PersonLinks, std::less<>> persons_;
  std::map<std::string, ReferralLinks, std::less<>> referrals_;
  std::map<std::string, std::string, std::less<>> contacts_;  // contact -> referral
  std::set<std::string, std::less<>> commissioners_;
  std::vector<std::string> date_items_;
};

}  // namespace mhds::extract
