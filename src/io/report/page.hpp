#pragma once
// The HTML page of a report: one self-contained file (styles and the small table-sorting
// script inline, no external resource) made of titled sections, with a contents list.

#include <string>
#include <vector>

namespace smesim::detail::report {

struct Section {
  std::string id;  ///< anchor and `data-section`
  std::string title;
  std::string html;  ///< the section's body
};

/// The whole document: `title` in the header and the tab, `subtitle` under it.
std::string render_page(const std::string& title, const std::string& subtitle,
                        const std::vector<Section>& sections);

/// A `<figure>` holding one chart's SVG under its title (the SVG's <title>), and a caption on
/// how to read it.
std::string figure(const std::string& svg, const std::string& caption);

/// An HTML table whose columns sort on a click on their heading. `numeric[i]` says whether
/// column i sorts by number; each numeric cell then carries its exact value in
/// `data-sort`, so "1,234" sorts after "999".
struct TableCell {
  std::string html;
  double sort_value = 0;
};
std::string sortable_table(const std::string& id, const std::vector<std::string>& headings,
                           const std::vector<bool>& numeric, const std::vector<std::vector<TableCell>>& rows);

}  // namespace smesim::detail::report
