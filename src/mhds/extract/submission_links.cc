#include "mhds/extract/submission_links.h"

#include "mhds/base/status_macros.h"

namespace mhds::extract {

Result<SubmissionLinks> SubmissionLinks::Read(const spec::Spec& spec, io::TableSource& source,
                                              const derive::RejectedRows& rejected,
                                              const ExtractLayout& layout,
                                              std::vector<std::string> date_items) {
  SubmissionLinks links;
  links.date_items_ = std::move(date_items);
  {
    std::vector<std::string_view> items = {layout.person_key_item, layout.nhs_number_item};
    for (const std::string& item : links.date_items_) items.push_back(item);
    MHDS_ASSIGN_OR_RETURN(
        derive::AcceptedRowScan scan,
        derive::AcceptedRowScan::Open(spec, source, rejected, spec.tables[layout.person_table].code,
                                      items));
    while (scan.Next()) {
      PersonLinks& person = links.persons_[std::string(scan.value(0))];
      person.nhs_number = scan.value(1);
      person.dates.clear();
      for (size_t i = 0; i < links.date_items_.size(); ++i) {
        person.dates.emplace_back(scan.value(2 + i));
      }
    }
    MHDS_RETURN_IF_ERROR(scan.status());
  }
  {
    MHDS_ASSIGN_OR_RETURN(
        derive::AcceptedRowScan scan,
        derive::AcceptedRowScan::Open(
            spec, source, rejected, spec.tables[layout.referral_table].code,
            {layout.referral_key_item, layout.person_key_item, layout.commissioner_item}));
    while (scan.Next()) {
      ReferralLinks& referral = links.referrals_[std::string(scan.value(0))];
      referral.person = scan.value(1);
      referral.commissioner = scan.value(2);
      if (referral.commissioner.empty()) continue;
      links.commissioners_.insert(referral.commissioner);
      auto person = links.persons_.find(referral.person);
      if (person != links.persons_.end())
        person->second.commissioners.insert(referral.commissioner);
    }
    MHDS_RETURN_IF_ERROR(scan.status());
  }
  {
    MHDS_ASSIGN_OR_RETURN(derive::AcceptedRowScan scan,
                          derive::AcceptedRowScan::Open(
                              spec, source, rejected, spec.tables[layout.contact_table].code,
                              {layout.contact_key_item, layout.referral_key_item}));
    while (scan.Next()) links.contacts_[std::string(scan.value(0))] = scan.value(1);
    MHDS_RETURN_IF_ERROR(scan.status());
  }
  return links;
}

std::string_view SubmissionLinks::ReferralOf(std::string_view referral,
                                             std::string_view contact) const {
  if (!referral.empty()) return referral;
  if (contact.empty()) return {};
  auto it = contacts_.find(contact);
  return it == contacts_.end() ? std::string_view() : std::string_view(it->second);
}

std::string_view SubmissionLinks::PersonOf(std::string_view person, std::string_view referral,
                                           std::string_view contact) const {
  if (!person.empty()) return person;
  const ReferralLinks* r = this->referral(ReferralOf(referral, contact));
  return r ? std::string_view(r->person) : std::string_view();
}

const PersonLinks* SubmissionLinks::person(std::string_view id) const {
  auto it = persons_.find(id);
  return it == persons_.end() ? nullptr : &it->second;
}

const ReferralLinks* SubmissionLinks::referral(std::string_view id) const {
  if (id.empty()) return nullptr;
  auto it = referrals_.find(id);
  return it == referrals_.end() ? nullptr : &it->second;
}

}  // namespace mhds::extract
