#include "mhds/trace/trace_query.h"

#include "mhds/trace/compact_date.h"
#include "mhds/trace/name_keys.h"

namespace mhds::trace {

TraceQuery MakeQuery(const RequestRow& row) {
  TraceQuery q;
  q.nhs_number = std::string(row.Field(kNhsNo));
  q.family_key = NormaliseName(row.Field(kFamilyName));
  q.given_key = NormaliseName(row.Field(kGivenName));
  q.family_soundex = Soundex(q.family_key);
  q.given_soundex = Soundex(q.given_key);
  const std::string_view gender = row.Field(kGender);
  if (gender == "1" || gender == "2") q.gender = gender[0];
  q.date_of_birth = row.date_of_birth;
  if (q.date_of_birth != 0) q.swapped_date_of_birth = SwapDayAndMonth(q.date_of_birth);
  q.postcode = NormalisePostcode(row.Field(kPostcode));
  q.outcode = std::string(Outcode(q.postcode));
  q.as_at_date = row.as_at_date;
  return q;
}

}  // namespace mhds::trace
