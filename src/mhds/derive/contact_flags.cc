#include "mhds/derive/contact_flags.h"

namespace mhds::derive {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

bool IsDirectContact(std::string_view attend_status, std::string_view mechanism) {
  if (attend_status != "5" && attend_status != "6") return false;
  return mechanism == "01" || mechanism == "02" || mechanism == "04" || mechanism == "11";
}

ContactMedium MediumOf(std::string_view mechanism) {
  if (mechanism == "01") return ContactMedium::kFaceToFace;
  if (mechanism == "02" || mechanism == "04") return ContactMedium::kTelephone;
  if (mechanism == "11") return ContactMedium::kVideo;
  return ContactMedium::kOther;
}

std::string_view FocusConcept(std::string_view expression) {
  return Trim(expression.substr(0, expression.find(':')));
}

bool IsIpsProcedure(std::string_view procedure) {
  std::string_view focus = FocusConcept(procedure);
  return focus == "1082621000000104" || focus == "772822000";
}

}  // namespace mhds::derive
