// HTML escaping for every piece of text the HTML report shows. Submitted values reach the page
// (a LocalPatientID of "<script>..." is only a malformed submission), so everything that is not
// markup the report itself writes goes through here.
#pragma once

#include <string>
#include <string_view>

namespace mhds::report {

// `text` with & < > " and ' replaced by entities; safe in element content and in quoted
// attribute values.
std::string HtmlEscape(std::string_view text);

// Appends HtmlEscape(text) to `out`.
void AppendHtmlEscaped(std::string& out, std::string_view text);

}  // namespace mhds::report
