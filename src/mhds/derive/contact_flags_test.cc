#include "mhds/derive/contact_flags.h"

#include <gtest/gtest.h>

namespace mhds::derive {
namespace {

TEST(IsDirectContact, NeedsAttendanceAndADirectMechanism) {
  for (std::string_view attend : {"5", "6"}) {
    for (std::string_view mechanism : {"01", "02", "04", "11"}) {
      EXPECT_TRUE(IsDirectContact(attend, mechanism)) << attend << " " << mechanism;
    }
    // Email, text message, instant messaging, message board, chat room, other, blank.
    for (std::string_view mechanism : {"05", "09", "10", "12", "13", "98", "", "03"}) {
      EXPECT_FALSE(IsDirectContact(attend, mechanism)) << attend << " " << mechanism;
    }
  }
  // Cancelled, did not attend, arrived late and not seen, blank.
  for (std::string_view attend : {"2", "3", "4", "7", ""}) {
    EXPECT_FALSE(IsDirectContact(attend, "01")) << attend;
  }
}

TEST(MediumOf, GroupsTelephoneWithTalkType) {
  EXPECT_EQ(MediumOf("01"), ContactMedium::kFaceToFace);
  EXPECT_EQ(MediumOf("02"), ContactMedium::kTelephone);
  EXPECT_EQ(MediumOf("04"), ContactMedium::kTelephone);
  EXPECT_EQ(MediumOf("11"), ContactMedium::kVideo);
  EXPECT_EQ(MediumOf("05"), ContactMedium::kOther);
}

TEST(IsIpsProcedure, MatchesTheFocusConceptOfAnExpression) {
  EXPECT_TRUE(IsIpsProcedure("1082621000000104"));
  EXPECT_TRUE(IsIpsProcedure("772822000"));
  EXPECT_TRUE(IsIpsProcedure("772822000:408730004=1083451000000109"));
  EXPECT_TRUE(IsIpsProcedure(" 772822000 : 1=2"));
  EXPECT_FALSE(IsIpsProcedure("7728220001"));
  EXPECT_FALSE(IsIpsProcedure("386053000"));
  EXPECT_FALSE(IsIpsProcedure("386053000:1=772822000"));
  EXPECT_FALSE(IsIpsProcedure(""));
}

}  // namespace
}  // namespace mhds::derive
