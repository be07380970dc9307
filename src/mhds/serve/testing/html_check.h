// For tests of the service's pages: parses a page with libxml2's HTML parser and reports what it
// found wrong (mismatched or stray end tags, bad entities, ...) and how many <main> elements the
// page has. HTML5 element names libxml2 2.9 does not know (main, header, details, ...) are not
// problems. Header-only and free of GoogleTest; link LibXml2.
#pragma once

#include <libxml/HTMLparser.h>
#include <libxml/xmlerror.h>

#include <string>
#include <vector>

namespace mhds::serve::testing {

struct HtmlCheck {
  std::vector<std::string> problems;  // "line N: message"
  int main_elements = 0;
};

inline void CountElements(xmlNode* node, const char* name, int& count) {
  for (; node != nullptr; node = node->next) {
    if (node->type == XML_ELEMENT_NODE &&
        xmlStrcasecmp(node->name, reinterpret_cast<const xmlChar*>(name)) == 0)
      ++count;
    CountElements(node->children, name, count);
  }
}

inline void CollectHtmlProblem(void* context, xmlErrorPtr error) {
  if (error == nullptr || error->code == XML_HTML_UNKNOWN_TAG) return;
  std::string message = error->message != nullptr ? error->message : "?";
  while (!message.empty() && message.back() == '\n') message.pop_back();
  static_cast<HtmlCheck*>(context)->problems.push_back("line " + std::to_string(error->line) +
                                                       ": " + message);
}

inline HtmlCheck CheckHtml(const std::string& html) {
  HtmlCheck check;
  htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
  if (ctxt == nullptr) {
    check.problems.push_back("libxml2 could not make a parser");
    return check;
  }
  xmlSetStructuredErrorFunc(&check, CollectHtmlProblem);
  htmlDocPtr doc = htmlCtxtReadMemory(ctxt, html.data(), static_cast<int>(html.size()), "page.html",
                                      "UTF-8", HTML_PARSE_NONET);
  xmlSetStructuredErrorFunc(nullptr, nullptr);
  if (doc == nullptr) {
    check.problems.push_back("not parsed at all");
  } else {
    CountElements(xmlDocGetRootElement(doc), "main", check.main_elements);
    xmlFreeDoc(doc);
  }
  htmlFreeParserCtxt(ctxt);
  return check;
}

}  // namespace mhds::serve::testing
