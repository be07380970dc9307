// The per-contact items NHS England's pre-processing derives for IPS (metrics.md A.3, A.4), for
// MHSDS v5.0 and later (months from October 2021): whether a care contact is a direct contact,
// its medium, and whether a care activity's procedure is Individual Placement and Support.
// The derivations read these codes from the spec folder (derive_codes.h, derivations.csv); the
// fixed v6.0 lists below stay for existing callers (ReadIpsCohort) and FocusConcept is shared.
#pragma once

#include <string_view>

namespace mhds::derive {

// Attended (AttendStatus 5 or 6) by a mechanism that reaches the person directly
// (ConsMechanismMH 01 face to face, 02 telephone, 04 talk type, 11 video). Email, text and other
// mechanisms, and every unattended contact, are not direct.
bool IsDirectContact(std::string_view attend_status, std::string_view mechanism);

enum class ContactMedium { kFaceToFace, kTelephone, kVideo, kOther };

// 01 face to face; 02 telephone and 04 talk type; 11 video.
ContactMedium MediumOf(std::string_view mechanism);

// A SNOMED CT expression's focus concept: the text before the first ':' (refinements dropped),
// without surrounding spaces.
std::string_view FocusConcept(std::string_view expression);

// True if the procedure's focus concept is one of the two IPS concepts (1082621000000104,
// 772822000).
bool IsIpsProcedure(std::string_view procedure);

// The team type of an IPS team in MHS902ServiceTeamDetails.ServTeamTypeMH.
constexpr std::string_view kIpsTeamType = "D05";

}  // namespace mhds::derive
