// Text for the XML extracts: character data and attribute values escaped, and bytes that XML 1.0
// cannot hold (control characters, invalid UTF-8) replaced, so that a submitted value can never
// make an extract malformed.
#pragma once

#include <string>
#include <string_view>

namespace mhds::extract {

// Appends `text` to `out` with & < > " ' escaped. Valid UTF-8 is kept; each byte of an invalid
// sequence, and each control character other than TAB, LF and CR, becomes U+FFFD.
void AppendXmlText(std::string& out, std::string_view text);

// True if `name` can be an XML element name of an extract: a letter or '_' followed by letters,
// digits, '_', '-' or '.'.
bool IsXmlName(std::string_view name);

}  // namespace mhds::extract
