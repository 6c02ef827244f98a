#pragma once
// Reading the report's HTML in tests without a browser: the report marks every chart, series,
// axis, section and target card with data attributes (src/io/report/svg_chart.hpp), so plain
// string search finds them. These helpers fail loudly (an empty result) rather than guess.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace smesim::test::html {

/// How often `needle` occurs in `text` (non-overlapping).
std::size_t count(const std::string& text, const std::string& needle);

/// The whole `<svg ...>...</svg>` element whose `data-chart` is `id` ("" if none).
std::string chart(const std::string& html, const std::string& id);
/// Every `data-chart` id in `html`, in document order.
std::vector<std::string> chart_ids(const std::string& html);

/// The opening tag `<g class="series" data-series="NAME" ...>` of a series in `svg` ("" if none).
std::string series_tag(const std::string& svg, const std::string& name);
/// Names of every series of `svg`, in document order (HTML-escaped as written).
std::vector<std::string> series_names(const std::string& svg);

/// Names of the series of `svg` whose data-kind is `kind`, in document order.
std::vector<std::string> series_of_kind(const std::string& svg, const std::string& kind);

/// An attribute's value in an opening tag; `found` says whether it is there.
std::string attribute(const std::string& tag, const std::string& name, bool* found = nullptr);
/// A whitespace-separated list of numbers as doubles (`nan`, `inf` read as such).
std::vector<double> numbers(const std::string& text);
/// A series' data attribute (`data-x`, `data-y`, `data-lo`, `data-hi`) as numbers; empty if
/// the series or the attribute is missing.
std::vector<double> series_data(const std::string& svg, const std::string& series, const std::string& attr);

/// The `<g class="axis x-axis" ...>` (which = "x") or y-axis group of `svg`, opening tag to `</g>`.
std::string axis(const std::string& svg, const std::string& which);
struct Tick {
  double value = 0;   ///< data-value
  std::string label;  ///< the text shown
};
/// The ticks of one axis group.
std::vector<Tick> ticks(const std::string& axis_group);
/// The text of every `<text class="category">` of `svg`, in order (unescaped).
std::vector<std::string> categories(const std::string& svg);

/// The `<section id="ID" ...>...</section>` element ("" if none).
std::string section(const std::string& html, const std::string& id);
/// The opening tag of the first element carrying `attr_and_value` (e.g. `data-target="all"`).
std::string tag_with(const std::string& html, const std::string& attr_and_value);
/// The `<table ... id="ID">...</table>` element ("" if none).
std::string table(const std::string& html, const std::string& id);
/// Rows (`<tr>`) in a table's `<tbody>`.
std::size_t body_rows(const std::string& table_html);
/// One cell of a table body: its opening tag (for `data-sort`) and its inner HTML.
struct Cell {
  std::string tag;
  std::string html;
};
/// The cells of every row of a table's `<tbody>`, row by row.
std::vector<std::vector<Cell>> body_cells(const std::string& table_html);

/// Reverses escape_html (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`).
std::string unescape(const std::string& text);

/// Two sequences equal element by element, NaN equal to NaN (as both files write `nan`).
bool same_numbers(const std::vector<double>& a, const std::vector<double>& b);
/// "[1, 2, nan]" for messages.
std::string show(const std::vector<double>& values);

}  // namespace smesim::test::html
