// The XML form of an extract and the XSD it validates against, both made from the extract's
// layout: a root element Extract (attributes dataset, version, kind, organisation, provider,
// period), then one element per table (named by its IDB name) holding one Row element per record,
// whose children are the layout's columns in order; a column whose value is blank is left out.
#pragma once

#include <string>

#include "mhds/extract/extract_layout.h"
#include "mhds/spec/spec.h"

namespace mhds::extract {

// The XSD of extracts of `kind`. Every value is text (xs:string): the extract carries accepted
// values as submitted, and their formats were checked by the validator.
std::string ExtractXsd(const spec::Spec& spec, const ExtractKind& kind);

}  // namespace mhds::extract
