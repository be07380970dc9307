// The page skeleton of report.html: doctype, security policy, stylesheet, and the escaping
// element helpers.
#include "mhds/report/html_page.h"

namespace mhds::report {
namespace {

constexpr std::string_view kHead = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
)";

constexpr std::string_view kStyle = R"(<style>
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Arial, sans-serif; color: #212b32;
       margin: 0; background: #f0f4f5; }
main { max-width: 1200px; margin: 0 auto; padding: 1em 1.5em 3em; }
h1 { margin: 0 0 .2em; font-size: 1.8em; }
h2 { margin-top: 1.8em; border-bottom: 2px solid #d8dde0; padding-bottom: .2em; }
.banner { padding: 1em 1.5em; border-radius: 6px; color: #fff; }
.banner p { margin: 0; font-size: 1.1em; }
.banner.rejected { background: #b3261e; }
.banner.partial { background: #8a5a00; }
.banner.accepted { background: #007f3b; }
dl { display: grid; grid-template-columns: max-content auto; gap: .2em 1.2em; }
dt { font-weight: 600; }
dd { margin: 0; }
table { border-collapse: collapse; background: #fff; margin: .5em 0; }
th, td { border: 1px solid #d8dde0; padding: .25em .6em; text-align: left; vertical-align: top; }
th { background: #e8edee; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) { background: #f7f9fa; }
code { font: .95em ui-monospace, "Cascadia Mono", Consolas, monospace; }
td.value { font-family: ui-monospace, Consolas, monospace; white-space: pre-wrap;
           word-break: break-all; }
.sev { display: inline-block; padding: 0 .45em; border-radius: 3px; font-size: .85em;
       color: #fff; }
.sev.rejected { background: #b3261e; }
.sev.warning, .sev.warning1 { background: #8a5a00; }
details { background: #fff; border: 1px solid #d8dde0; border-radius: 4px; margin: .5em 0;
          padding: .4em .8em; }
summary { cursor: pointer; }
ol.roots li { margin-bottom: .9em; background: #fff; padding: .5em .8em; border-radius: 4px; }
.more, .none { color: #4c6272; font-style: italic; }
</style>
)";

}  // namespace

void Page::Open(std::string_view title, std::string_view extra_head, std::string_view before_main) {
  out_ += kHead;
  Element("title", title);
  out_ += "\n";
  out_ += kStyle;
  out_ += extra_head;
  out_ += "</head>\n<body>\n";
  out_ += before_main;
  out_ += "<main>\n";
}

std::string Page::Close() {
  out_ += "</main>\n</body>\n</html>\n";
  return std::move(out_);
}

void Page::Element(std::string_view tag, std::string_view text, std::string_view cls) {
  out_ += '<';
  out_ += tag;
  if (!cls.empty()) {
    out_ += " class=\"";
    out_ += cls;
    out_ += '"';
  }
  out_ += '>';
  Text(text);
  out_ += "</";
  out_ += tag;
  out_ += '>';
}
void Page::NumberCell(uint64_t n) {
  Raw("<td class=\"num\">");
  Number(n);
  Raw("</td>");
}
}  // namespace mhds::report
