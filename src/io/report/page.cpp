#include "io/report/page.hpp"

#include <cmath>

#include <fmt/format.h>

#include "io/csv_writer.hpp"
#include "io/report/html_text.hpp"

namespace smesim::detail::report {
namespace {

// Sized for a 1280 px window (content up to 1200 px) and for A4 when printed: charts keep
// their aspect ratio, sections avoid page breaks inside figures, and colour is kept in print.
constexpr std::string_view kStyle = R"css(
:root { --ink: #1a1a1a; --muted: #555; --rule: #d0d0d0; --met: #009E73; --risk: #E69F00; --missed: #D55E00; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
       color: var(--ink); background: #fff; }
main, header.top, nav.contents { max-width: 1200px; margin: 0 auto; padding: 0 24px; }
header.top { padding-top: 24px; }
header.top h1 { margin: 0 0 4px; font-size: 26px; }
header.top p { margin: 0; color: var(--muted); }
nav.contents { margin-top: 10px; font-size: 14px; }
nav.contents a { margin-right: 14px; color: #0072B2; }
section { margin: 28px 0; }
section > h2 { font-size: 20px; border-bottom: 2px solid var(--rule); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 18px 0 6px; }
.note { color: var(--muted); font-size: 13px; }
.warning { border-left: 6px solid var(--risk); background: #fdf3e1; padding: 2px 14px; margin: 10px 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 14px; }
.card { border: 1px solid var(--rule); border-left: 6px solid var(--rule); border-radius: 4px; padding: 10px 14px; }
.card.met { border-left-color: var(--met); } .card.at-risk { border-left-color: var(--risk); }
.card.missed { border-left-color: var(--missed); }
.card h3 { margin: 0 0 4px; font-size: 15px; }
.card .big { font-size: 24px; font-weight: 600; }
.status { display: inline-block; font-weight: 600; font-size: 13px; padding: 1px 8px; border-radius: 10px; color: #fff; }
.status.met { background: var(--met); } .status.at-risk { background: #9a6a00; } .status.missed { background: var(--missed); }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 18px; }
figure { margin: 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; }
.figure-title { font-weight: 600; font-size: 14px; margin-bottom: 2px; }
figcaption { font-size: 13px; color: var(--muted); margin-top: 2px; }
svg .tick, svg .category { fill: #333; } svg .axis-title { fill: #222; font-weight: 600; }
svg .label { fill: #000; font-size: 12px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 6px 0 14px; }
th, td { border-bottom: 1px solid #e6e6e6; padding: 4px 8px; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th { background: #f4f4f4; position: sticky; top: 0; }
th button { all: unset; cursor: pointer; font-weight: 600; }
th button::after { content: " \2195"; color: #999; }
th[aria-sort="ascending"] button::after { content: " \2191"; color: #000; }
th[aria-sort="descending"] button::after { content: " \2193"; color: #000; }
.table-wrap { max-height: 560px; overflow: auto; border: 1px solid #eee; }
.assumption { display: inline-block; font-size: 11px; font-weight: 700; color: #fff; background: #CC79A7;
              border-radius: 3px; padding: 0 4px; }
dl.provenance { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; font-size: 14px; }
dl.provenance dt { font-weight: 600; } dl.provenance dd { margin: 0; font-family: ui-monospace, monospace; word-break: break-all; }
footer { max-width: 1200px; margin: 30px auto; padding: 0 24px; color: var(--muted); font-size: 12px; }
@media print {
  body { font-size: 11pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  nav.contents { display: none; }
  .table-wrap { max-height: none; overflow: visible; border: 0; }
  th { position: static; }
  .figures { grid-template-columns: 1fr 1fr; }
  section { break-before: auto; }
  details { display: block; } details > summary { list-style: none; }
}
)css";

// Sorts a table on a click on a heading; cells carry data-sort where the text is formatted.
// Any script error is recorded on <body> (and printed) so a browser test sees it.
constexpr std::string_view kScript = R"js(
(function () {
  function key(cell, numeric) {
    var v = cell.getAttribute('data-sort');
    if (numeric) { var n = parseFloat(v === null ? cell.textContent : v); return isNaN(n) ? -Infinity : n; }
    return (v === null ? cell.textContent : v).toLowerCase();
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var heads = table.querySelectorAll('thead th');
    heads.forEach(function (th, col) {
      var button = th.querySelector('button');
      if (!button) return;
      button.addEventListener('click', function () {
        var numeric = th.classList.contains('num');
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        heads.forEach(function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[col], numeric), y = key(b.cells[col], numeric);
          return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  document.body.setAttribute('data-ready', 'true');
})();
)js";

}  // namespace

std::string figure(const std::string& svg, const std::string& caption) {
  // The chart's own <title> (already escaped) is also its visible heading, on screen and paper.
  std::string heading;
  const auto open = svg.find("<title>");
  const auto close = svg.find("</title>");
  if (open != std::string::npos && close != std::string::npos && close > open)
    heading = "<div class=\"figure-title\">" + svg.substr(open + 7, close - open - 7) + "</div>";
  return fmt::format("<figure>{}{}<figcaption>{}</figcaption></figure>", heading, svg, caption);
}

std::string sortable_table(const std::string& id, const std::vector<std::string>& headings,
                           const std::vector<bool>& numeric,
                           const std::vector<std::vector<TableCell>>& rows) {
  std::string out = fmt::format("<div class=\"table-wrap\"><table class=\"sortable\" id=\"{}\"><thead><tr>",
                                escape_html(id));
  for (std::size_t c = 0; c < headings.size(); ++c)
    out += fmt::format("<th scope=\"col\"{}><button type=\"button\">{}</button></th>",
                       numeric[c] ? " class=\"num\"" : "", headings[c]);
  out += "</tr></thead><tbody>";
  for (const auto& row : rows) {
    out += "<tr>";
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (numeric[c])
        out += fmt::format("<td class=\"num\" data-sort=\"{}\">{}</td>",
                           std::isfinite(row[c].sort_value) ? format_csv_number(row[c].sort_value) : "nan",
                           row[c].html);
      else
        out += fmt::format("<td>{}</td>", row[c].html);
    }
    out += "</tr>";
  }
  return out + "</tbody></table></div>";
}

std::string render_page(const std::string& title, const std::string& subtitle,
                        const std::vector<Section>& sections) {
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<meta name=\"generator\" content=\"smesim\"><title>{}</title><style>{}</style></head><body>\n"
      "<header class=\"top\"><h1>{}</h1><p>{}</p></header>\n<nav class=\"contents\">",
      escape_html(title), kStyle, escape_html(title), subtitle);
  for (const auto& s : sections) out += fmt::format("<a href=\"#{}\">{}</a>", s.id, escape_html(s.title));
  out += "</nav>\n<main>\n";
  for (const auto& s : sections)
    out += fmt::format("<section id=\"{0}\" data-section=\"{0}\"><h2>{1}</h2>\n{2}\n</section>\n", s.id,
                       escape_html(s.title), s.html);
  out +=
      "</main>\n<footer>Made by smesim from the files in this folder. Charts: median lines, shaded bands "
      "across replications; dashed black lines are targets.</footer>\n<script>";
  out += kScript;
  return out + "</script>\n</body></html>\n";
}

}  // namespace smesim::detail::report
