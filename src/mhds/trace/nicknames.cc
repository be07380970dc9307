#include "mhds/trace/nicknames.h"

#include <array>
#include <cstdint>
#include <string_view>
#include <unordered_map>

namespace mhds::trace {
namespace {

// Each line is one name family: a formal name and its usual short forms.
constexpr std::array<std::string_view, 40> kFamilies = {
    "ALEXANDER ALEX ALEC SANDY XANDER",
    "ALEXANDRA ALEX ALEXA SANDRA LEXI",
    "ANDREW ANDY DREW",
    "ANTHONY TONY ANT",
    "CATHERINE KATHERINE KATHRYN CATH KATE KATIE KATHY CATHY KAT",
    "CHARLES CHARLIE CHAS CHUCK",
    "CHRISTOPHER CHRIS KIT TOPHER",
    "CHRISTINE CHRISTINA CHRIS TINA CHRISSIE",
    "DANIEL DAN DANNY",
    "DAVID DAVE DAVEY DAI",
    "EDWARD ED EDDIE TED NED",
    "ELIZABETH LIZ LIZZIE BETH BETTY ELIZA LIBBY BESS",
    "JAMES JIM JIMMY JAMIE",
    "JENNIFER JENNY JEN",
    "JOHN JACK JOHNNY JON",
    "JONATHAN JON JONNY NATHAN",
    "JOSEPH JOE JOEY",
    "JOSEPHINE JO JOSIE",
    "MARGARET MAGGIE MEG PEGGY MAGS",
    "MATTHEW MATT MATTY",
    "MICHAEL MIKE MICK MICKY",
    "NICHOLAS NICK NICKY",
    "PATRICIA PAT PATSY TRISH TRICIA",
    "PATRICK PAT PADDY",
    "PETER PETE",
    "REBECCA BECKY BECCA",
    "RICHARD RICH RICK RICKY DICK",
    "ROBERT ROB ROBBIE BOB BOBBY BERT",
    "SAMANTHA SAM SAMMY",
    "SAMUEL SAM SAMMY",
    "STEPHEN STEVEN STEVE STEVIE",
    "SUSAN SUE SUZY SUSIE",
    "THOMAS TOM TOMMY",
    "TIMOTHY TIM TIMMY",
    "VICTORIA VICKY VICKI TORI",
    "WILLIAM BILL BILLY WILL WILLIE LIAM",
    "ABIGAIL ABBIE ABBY GAIL",
    "DEBORAH DEBBIE DEB",
    "GEOFFREY JEFFREY GEOFF JEFF",
    "KENNETH KEN KENNY",
};

static_assert(kFamilies.size() <= 64, "families are bits of a uint64_t");

// Name -> bit set of the families it belongs to (a name such as SAM is in two).
const std::unordered_map<std::string_view, uint64_t>& FamilyBits() {
  static const auto* bits = [] {
    auto* map = new std::unordered_map<std::string_view, uint64_t>();
    for (size_t f = 0; f < kFamilies.size(); ++f) {
      std::string_view line = kFamilies[f];
      while (!line.empty()) {
        const size_t space = line.find(' ');
        (*map)[line.substr(0, space)] |= uint64_t{1} << f;
        line = space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
      }
    }
    return map;
  }();
  return *bits;
}

}  // namespace

bool AreNameVariants(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty() || a == b) return false;
  const auto& bits = FamilyBits();
  const auto first = bits.find(a);
  if (first == bits.end()) return false;
  const auto second = bits.find(b);
  return second != bits.end() && (first->second & second->second) != 0;
}

}  // namespace mhds::trace
