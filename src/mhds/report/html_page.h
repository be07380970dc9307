// Page: the builder of the HTML report's markup. Raw() takes markup the report itself writes;
// Text(), Element() and the cells escape what they are given, so text from a submission can only
// ever reach the page escaped. Open() writes the head: the inline stylesheet and a
// Content-Security-Policy that forbids scripts and every external asset.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "mhds/report/html_escape.h"

namespace mhds::report {

class Page {
 public:
  // The doctype, head (with `title`, escaped, then `extra_head`) and the opening of the body and
  // its one <main>. `extra_head` (more style) and `before_main` (a banner or header above the
  // main content) are the caller's own markup, written as given.
  void Open(std::string_view title, std::string_view extra_head = {},
            std::string_view before_main = {});
  // Closes the body and returns the page.
  std::string Close();

  void Raw(std::string_view markup) { out_ += markup; }
  void Text(std::string_view text) { AppendHtmlEscaped(out_, text); }
  void Number(uint64_t n) { out_ += std::to_string(n); }
  // <tag class="cls">text</tag>, the text escaped; `tag` and `cls` are the report's own.
  void Element(std::string_view tag, std::string_view text, std::string_view cls = "");
  // <td class="num">n</td>
  void NumberCell(uint64_t n);

 private:
  std::string out_;
};

}  // namespace mhds::report
