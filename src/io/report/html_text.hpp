#pragma once
// Escaping for text and attribute values in the report's HTML and SVG.

#include <string>
#include <string_view>

namespace smesim::detail::report {

/// `&`, `<`, `>`, `"` and `'` as character references, so any text is safe in an element or
/// a quoted attribute.
std::string escape_html(std::string_view text);

}  // namespace smesim::detail::report
