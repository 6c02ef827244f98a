#include "support/html_probe.hpp"

#include <cmath>
#include <cstdlib>
#include <sstream>

#include <fmt/format.h>

namespace smesim::test::html {

std::size_t count(const std::string& text, const std::string& needle) {
  if (needle.empty()) return 0;
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + needle.size()))
    ++n;
  return n;
}

std::string chart(const std::string& html, const std::string& id) {
  std::string key = "data-chart=\"";
  key += id;
  key += '"';
  const std::size_t at = html.find(key);
  if (at == std::string::npos) return {};
  const std::size_t start = html.rfind("<svg", at);
  const std::size_t end = html.find("</svg>", at);
  if (start == std::string::npos || end == std::string::npos) return {};
  return html.substr(start, end + 6 - start);
}

std::vector<std::string> chart_ids(const std::string& html) {
  std::vector<std::string> ids;
  const std::string key = "data-chart=\"";
  for (std::size_t at = html.find(key); at != std::string::npos; at = html.find(key, at + 1)) {
    const std::size_t begin = at + key.size();
    ids.push_back(html.substr(begin, html.find('"', begin) - begin));
  }
  return ids;
}

std::string series_tag(const std::string& svg, const std::string& name) {
  std::string key = "<g class=\"series\" data-series=\"";
  key += name;
  key += '"';
  const std::size_t at = svg.find(key);
  if (at == std::string::npos) return {};
  return svg.substr(at, svg.find('>', at) + 1 - at);
}

std::vector<std::string> series_names(const std::string& svg) {
  std::vector<std::string> names;
  const std::string key = "<g class=\"series\" data-series=\"";
  for (std::size_t at = svg.find(key); at != std::string::npos; at = svg.find(key, at + 1)) {
    const std::size_t begin = at + key.size();
    names.push_back(svg.substr(begin, svg.find('"', begin) - begin));
  }
  return names;
}

std::vector<std::string> series_of_kind(const std::string& svg, const std::string& kind) {
  std::vector<std::string> out;
  for (const auto& name : series_names(svg))
    if (attribute(series_tag(svg, name), "data-kind") == kind) out.push_back(name);
  return out;
}

std::string attribute(const std::string& tag, const std::string& name, bool* found) {
  std::string key = " ";
  key += name;
  key += "=\"";
  const std::size_t at = tag.find(key);
  if (found) *found = at != std::string::npos;
  if (at == std::string::npos) return {};
  const std::size_t begin = at + key.size();
  return tag.substr(begin, tag.find('"', begin) - begin);
}

std::vector<double> numbers(const std::string& text) {
  std::vector<double> out;
  std::istringstream in(text);
  std::string word;
  while (in >> word) {
    char* end = nullptr;
    const double v = std::strtod(word.c_str(), &end);
    // A word that is not a whole number reads as a NaN-free sentinel the tests will notice.
    out.push_back(end != nullptr && *end == '\0' ? v : -12345.678);
  }
  return out;
}

std::vector<double> series_data(const std::string& svg, const std::string& series, const std::string& attr) {
  const std::string tag = series_tag(svg, series);
  if (tag.empty()) return {};
  return numbers(attribute(tag, attr));
}

std::string axis(const std::string& svg, const std::string& which) {
  std::string key = "<g class=\"axis ";
  key += which;
  key += "-axis\"";
  const std::size_t at = svg.find(key);
  if (at == std::string::npos) return {};
  const std::size_t end = svg.find("</g>", at);
  return svg.substr(at, end + 4 - at);
}

std::vector<Tick> ticks(const std::string& axis_group) {
  std::vector<Tick> out;
  const std::string key = "<text class=\"tick\"";
  for (std::size_t at = axis_group.find(key); at != std::string::npos; at = axis_group.find(key, at + 1)) {
    const std::size_t close = axis_group.find('>', at);
    const std::string tag = axis_group.substr(at, close + 1 - at);
    const std::size_t end = axis_group.find("</text>", close);
    const auto values = numbers(attribute(tag, "data-value"));
    out.push_back(
        {values.empty() ? std::nan("") : values[0], unescape(axis_group.substr(close + 1, end - close - 1))});
  }
  return out;
}

std::vector<std::string> categories(const std::string& svg) {
  std::vector<std::string> out;
  const std::string key = "<text class=\"category\"";
  for (std::size_t at = svg.find(key); at != std::string::npos; at = svg.find(key, at + 1)) {
    const std::size_t close = svg.find('>', at);
    const std::size_t end = svg.find("</text>", close);
    out.push_back(unescape(svg.substr(close + 1, end - close - 1)));
  }
  return out;
}

std::string section(const std::string& html, const std::string& id) {
  const std::string key = fmt::format("<section id=\"{0}\" data-section=\"{0}\">", id);
  const std::size_t at = html.find(key);
  if (at == std::string::npos) return {};
  const std::size_t end = html.find("</section>", at);
  return html.substr(at, end + 10 - at);
}

std::string tag_with(const std::string& html, const std::string& attr_and_value) {
  const std::size_t at = html.find(attr_and_value);
  if (at == std::string::npos) return {};
  const std::size_t start = html.rfind('<', at);
  return html.substr(start, html.find('>', at) + 1 - start);
}

std::string table(const std::string& html, const std::string& id) {
  const std::string key = fmt::format("id=\"{}\"", id);
  const std::size_t at = html.find(key);
  if (at == std::string::npos) return {};
  const std::size_t start = html.rfind("<table", at);
  const std::size_t end = html.find("</table>", at);
  return html.substr(start, end + 8 - start);
}

std::size_t body_rows(const std::string& table_html) {
  const std::size_t body = table_html.find("<tbody>");
  if (body == std::string::npos) return 0;
  return count(table_html.substr(body), "<tr");
}

std::vector<std::vector<Cell>> body_cells(const std::string& table_html) {
  std::vector<std::vector<Cell>> rows;
  const std::size_t body = table_html.find("<tbody>");
  const std::size_t body_end = table_html.find("</tbody>");
  if (body == std::string::npos || body_end == std::string::npos) return rows;
  const std::string text = table_html.substr(body, body_end - body);
  for (std::size_t row = text.find("<tr"); row != std::string::npos; row = text.find("<tr", row + 1)) {
    const std::size_t row_end = text.find("</tr>", row);
    const std::string row_text = text.substr(row, row_end - row);
    std::vector<Cell> cells;
    for (std::size_t at = row_text.find("<td"); at != std::string::npos; at = row_text.find("<td", at + 1)) {
      const std::size_t close = row_text.find('>', at);
      const std::size_t end = row_text.find("</td>", close);
      cells.push_back({row_text.substr(at, close + 1 - at), row_text.substr(close + 1, end - close - 1)});
    }
    rows.push_back(std::move(cells));
  }
  return rows;
}

std::string unescape(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    const std::size_t semi = text.find(';', i);
    const std::string entity = semi == std::string::npos ? std::string() : text.substr(i, semi + 1 - i);
    if (entity == "&amp;")
      out += '&';
    else if (entity == "&lt;")
      out += '<';
    else if (entity == "&gt;")
      out += '>';
    else if (entity == "&quot;")
      out += '"';
    else if (entity == "&#39;")
      out += '\'';
    else {
      out += '&';
      continue;
    }
    i = semi;
  }
  return out;
}

bool same_numbers(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])))) return false;
  return true;
}

std::string show(const std::vector<double>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ", ";
    out += fmt::format("{}", values[i]);
  }
  out += ']';
  return out;
}

}  // namespace smesim::test::html
