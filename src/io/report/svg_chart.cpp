#include "io/report/svg_chart.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "io/csv_writer.hpp"
#include "io/report/html_text.hpp"
#include "io/report/number_text.hpp"

namespace smesim::detail::report {
namespace {

constexpr double kFontSize = 12;
// Average advance of a 12 px sans-serif character: enough to lay out the legend without
// measuring text, which an SVG file cannot do.
constexpr double kCharWidth = 6.6;
constexpr double kLegendRow = 16;

std::string num(double v) { return fmt::format("{:.1f}", v); }

// The data of a series as attribute text: numbers in their exact shortest form.
std::string data_list(const std::vector<double>& values) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ' ';
    out += format_csv_number(values[i]);
  }
  return out;
}

std::vector<double> copy(std::span<const double> values) { return {values.begin(), values.end()}; }

// Lists of one series are drawn together index by index: a longer list is cut to the
// shortest non-empty one rather than read past the end of another.
void equalise(std::vector<double>& x, std::vector<double>& y, std::vector<double>& lo,
              std::vector<double>& hi) {
  std::size_t n = x.size();
  for (const auto* v : {&y, &lo, &hi})
    if (!v->empty()) n = std::min(n, v->size());
  for (auto* v : {&x, &y, &lo, &hi})
    if (!v->empty()) v->resize(n);
}

int decimals_for_step(double step) {
  if (!(step > 0) || step >= 1) return 0;
  return static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
}

std::string data_attributes(const std::vector<double>& x, const std::vector<double>& y,
                            const std::vector<double>& lo, const std::vector<double>& hi) {
  std::string out;
  if (!x.empty()) out += fmt::format(" data-x=\"{}\"", data_list(x));
  if (!y.empty()) out += fmt::format(" data-y=\"{}\"", data_list(y));
  if (!lo.empty()) out += fmt::format(" data-lo=\"{}\"", data_list(lo));
  if (!hi.empty()) out += fmt::format(" data-hi=\"{}\"", data_list(hi));
  return out;
}

}  // namespace

std::string_view colour_hex(Colour colour) {
  switch (colour) {
    case Colour::blue:
      return "#0072B2";
    case Colour::orange:
      return "#E69F00";
    case Colour::green:
      return "#009E73";
    case Colour::vermillion:
      return "#D55E00";
    case Colour::purple:
      return "#CC79A7";
    case Colour::sky:
      return "#56B4E9";
    case Colour::yellow:
      return "#F0E442";
    case Colour::black:
      return "#000000";
    case Colour::grey:
      return "#7F7F7F";
  }
  return "#000000";
}

std::vector<double> nice_ticks(double lo, double hi, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
  if (hi < lo) std::swap(lo, hi);
  if (hi == lo) {
    const double pad = lo == 0 ? 1 : std::fabs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const double raw = (hi - lo) / std::max(1, target);
  const int exponent = static_cast<int>(std::floor(std::log10(raw)));
  const double normalised = raw / std::pow(10.0, exponent);
  const double multiplier = normalised < 1.5 ? 1 : normalised < 3 ? 2 : normalised < 7 ? 5 : 10;
  // Tick k is k * multiplier * 10^exponent; dividing by an exact power of ten (rather than
  // multiplying by an inexact 0.1) gives the double nearest the decimal, so data-value
  // reads 0.6, not 0.6000000000000001.
  const double scale = std::pow(10.0, std::abs(exponent));
  const auto tick = [&](double k) { return exponent >= 0 ? k * multiplier * scale : k * multiplier / scale; };
  const double step = tick(1);
  const double first = std::floor(lo / step + 1e-9);
  const double last = std::ceil(hi / step - 1e-9);
  std::vector<double> ticks;
  for (double k = first; k <= last; k += 1) ticks.push_back(k == 0 ? 0.0 : tick(k));
  return ticks;
}

std::string tick_label(double value, double step, TickFormat format) {
  switch (format) {
    case TickFormat::count:
      return grouped(value, decimals_for_step(step));
    case TickFormat::millions:
      return grouped(value / 1e6, decimals_for_step(step / 1e6));
    case TickFormat::probability:
    case TickFormat::plain:
      return grouped(value, decimals_for_step(step));
  }
  return grouped(value, 0);
}

void Extent::include(double value) {
  if (!std::isfinite(value)) return;
  lo = std::min(lo, value);
  hi = std::max(hi, value);
}

void Extent::include(std::span<const double> values) {
  for (const double v : values) include(v);
}

Chart::Chart(std::string id, std::string title, ChartSize size)
    : id_(std::move(id)), title_(std::move(title)), size_(size) {}

void Chart::set_x(double lo, double hi, std::string title, TickFormat format) {
  x_ticks_ = nice_ticks(lo, hi, 6);
  x_lo_ = x_ticks_.front();
  x_hi_ = x_ticks_.back();
  x_title_ = std::move(title);
  x_format_ = format;
}

void Chart::set_y(double lo, double hi, std::string title, TickFormat format) {
  y_ticks_ = nice_ticks(lo, hi, 5);
  y_lo_ = y_ticks_.front();
  y_hi_ = y_ticks_.back();
  y_title_ = std::move(title);
  y_format_ = format;
  categories_.clear();
}

void Chart::set_y_categories(std::vector<std::string> names, std::string title) {
  categories_ = std::move(names);
  // Room for the longest category name left of the axis, so no label is cut off.
  std::size_t longest = 0;
  for (const auto& n : categories_) longest = std::max(longest, n.size());
  size_.left = std::max(size_.left, 16 + kCharWidth * static_cast<double>(longest));
  y_ticks_.clear();
  y_title_ = std::move(title);
}

double Chart::px(double x) const {
  const double plot = size_.width - size_.left - size_.right;
  const double clamped = std::clamp(x, x_lo_, x_hi_);
  return size_.left + (clamped - x_lo_) / (x_hi_ - x_lo_) * plot;
}

double Chart::py(double y) const {
  const double plot = size_.height - size_.top - size_.bottom;
  const double clamped = std::clamp(y, y_lo_, y_hi_);
  return size_.height - size_.bottom - (clamped - y_lo_) / (y_hi_ - y_lo_) * plot;
}

double Chart::category_step() const {
  return (size_.height - size_.top - size_.bottom) /
         static_cast<double>(std::max<std::size_t>(1, categories_.size()));
}

double Chart::category_centre(std::size_t index) const {
  return size_.top + (static_cast<double>(index) + 0.5) * category_step();
}

void Chart::band(std::string name, std::span<const double> x, std::span<const double> lo,
                 std::span<const double> hi, Colour colour, double opacity) {
  elements_.push_back(
      {std::move(name), "band", colour, true, false, opacity, copy(x), {}, copy(lo), copy(hi), {}, -1});
  auto& e = elements_.back();
  equalise(e.x, e.y, e.lo, e.hi);
}

void Chart::line(std::string name, std::span<const double> x, std::span<const double> y, Colour colour,
                 bool dashed) {
  elements_.push_back({std::move(name), "line", colour, true, dashed, 1, copy(x), copy(y), {}, {}, {}, -1});
  auto& e = elements_.back();
  equalise(e.x, e.y, e.lo, e.hi);
}

void Chart::points(std::string name, std::span<const double> x, std::span<const double> y,
                   std::span<const double> lo, std::span<const double> hi, Colour colour) {
  elements_.push_back(
      {std::move(name), "points", colour, true, false, 1, copy(x), copy(y), copy(lo), copy(hi), {}, -1});
  auto& e = elements_.back();
  equalise(e.x, e.y, e.lo, e.hi);
}

// A line or band at an undefined value (an objective no replication defines) is left out: there
// is nothing to draw, and an SVG coordinate must be a number.
void Chart::target_line(std::string name, double y, std::string label) {
  if (!std::isfinite(y)) return;
  elements_.push_back(
      {std::move(name), "target", Colour::black, true, true, 1, {}, {y}, {}, {}, std::move(label), -1});
}

void Chart::vertical_line(std::string name, double x, std::string label, Colour colour, bool dashed) {
  if (!std::isfinite(x)) return;
  elements_.push_back(
      {std::move(name), "vline", colour, !label.empty(), dashed, 1, {x}, {}, {}, {}, std::move(label), -1});
}

void Chart::vertical_band(std::string name, double x0, double x1, Colour colour, double opacity) {
  if (!std::isfinite(x0) || !std::isfinite(x1)) return;
  elements_.push_back({std::move(name), "vband", colour, true, false, opacity, {x0, x1}, {}, {}, {}, {}, -1});
}

void Chart::bars(std::string name, std::span<const double> value, std::span<const double> lo,
                 std::span<const double> hi, Colour colour) {
  category_series(std::move(name), "bars", value, lo, hi, colour);
}

void Chart::intervals(std::string name, std::span<const double> value, std::span<const double> lo,
                      std::span<const double> hi, Colour colour) {
  category_series(std::move(name), "intervals", value, lo, hi, colour);
}

void Chart::category_series(std::string name, const char* kind, std::span<const double> value,
                            std::span<const double> lo, std::span<const double> hi, Colour colour) {
  elements_.push_back({std::move(name),
                       kind,
                       colour,
                       true,
                       false,
                       1,
                       copy(value),
                       {},
                       copy(lo),
                       copy(hi),
                       {},
                       bar_series_++});
}

std::string Chart::axes() const {
  const double x0 = size_.left, x1 = size_.width - size_.right;
  const double y0 = size_.top, y1 = size_.height - size_.bottom;
  std::string out = "<g class=\"grid\" stroke=\"#e3e3e3\" stroke-width=\"1\">";
  for (const double t : x_ticks_)
    out += fmt::format("<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\"/>", num(px(t)), num(y0), num(y1));
  for (const double t : y_ticks_)
    out += fmt::format("<line x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\"/>", num(x0), num(x1), num(py(t)));
  out += "</g>";

  const double x_step = x_ticks_.size() > 1 ? x_ticks_[1] - x_ticks_[0] : 1;
  out += fmt::format("<g class=\"axis x-axis\" data-title=\"{}\">", escape_html(x_title_));
  out += fmt::format("<line x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\" stroke=\"#333\"/>", num(x0), num(x1),
                     num(y1));
  for (std::size_t i = 0; i < x_ticks_.size(); ++i) {
    // The end labels hang inwards: centred, the first would run into the y axis's lowest label
    // and the last past the chart's right edge (checked in the browser, tests/browser).
    const bool first = i == 0 && x_ticks_.size() > 1, last = i + 1 == x_ticks_.size() && x_ticks_.size() > 1;
    const double t = x_ticks_[i];
    out +=
        fmt::format("<text class=\"tick\" data-value=\"{}\" x=\"{}\" y=\"{}\" text-anchor=\"{}\">{}</text>",
                    format_csv_number(t), num(px(t)), num(y1 + 16),
                    first  ? "start"
                    : last ? "end"
                           : "middle",
                    escape_html(tick_label(t, x_step, x_format_)));
  }
  out += fmt::format("<text class=\"axis-title\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text></g>",
                     num((x0 + x1) / 2), num(size_.height - 10), escape_html(x_title_));

  out += fmt::format("<g class=\"axis y-axis\" data-title=\"{}\">", escape_html(y_title_));
  out += fmt::format("<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#333\"/>", num(x0), num(y0),
                     num(y1));
  const double y_step = y_ticks_.size() > 1 ? y_ticks_[1] - y_ticks_[0] : 1;
  for (const double t : y_ticks_)
    out += fmt::format(
        "<text class=\"tick\" data-value=\"{}\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
        format_csv_number(t), num(x0 - 6), num(py(t) + 4), escape_html(tick_label(t, y_step, y_format_)));
  for (std::size_t i = 0; i < categories_.size(); ++i)
    out += fmt::format("<text class=\"category\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
                       num(x0 - 6), num(category_centre(i) + 4), escape_html(categories_[i]));
  if (!y_title_.empty())
    out += fmt::format(
        "<text class=\"axis-title\" transform=\"translate({},{}) rotate(-90)\" "
        "text-anchor=\"middle\">{}</text>",
        num(14), num((y0 + y1) / 2), escape_html(y_title_));
  out += "</g>";
  return out;
}

double Chart::legend_item_width(const Element& e) {
  return 18 + kCharWidth * static_cast<double>(e.name.size()) + 16;
}

int Chart::legend_rows() const {
  int rows = 0;
  double x = size_.width;  // forces a first row
  for (const auto& e : elements_) {
    if (!e.in_legend) continue;
    if (x + legend_item_width(e) > size_.width - size_.right) ++rows, x = size_.left;
    x += legend_item_width(e);
  }
  return rows;
}

std::string Chart::legend() const {
  std::string out = "<g class=\"legend\">";
  double x = size_.width;
  double y = 0;
  for (const auto& e : elements_) {
    if (!e.in_legend) continue;
    // Items wrap onto further rows rather than run off the chart.
    if (x + legend_item_width(e) > size_.width - size_.right) x = size_.left, y += kLegendRow;
    const std::string_view colour = colour_hex(e.colour);
    out += fmt::format("<g class=\"legend-item\" data-series=\"{}\">", escape_html(e.name));
    if (e.kind == "band" || e.kind == "bars" || e.kind == "vband")
      out +=
          fmt::format("<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"10\" fill=\"{}\" fill-opacity=\"{}\"/>",
                      num(x), num(y - 9), colour, e.kind == "bars" ? 1.0 : std::max(e.opacity, 0.3));
    else
      out += fmt::format(
          "<line x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\" stroke=\"{3}\" stroke-width=\"2\"{4}/>", num(x),
          num(x + 14), num(y - 4), colour, e.dashed ? " stroke-dasharray=\"5 3\"" : "");
    out += fmt::format("<text x=\"{}\" y=\"{}\">{}</text></g>", num(x + 18), num(y), escape_html(e.name));
    x += legend_item_width(e);
  }
  return out + "</g>";
}

std::string Chart::draw_bars(const Element& e) const {
  const double row = category_step() * 0.72;
  const double height = row / std::max(1, bar_series_);
  std::string out;
  for (std::size_t i = 0; i < e.x.size() && i < categories_.size(); ++i) {
    const double top = category_centre(i) - row / 2 + height * e.bar_slot;
    const double mid = top + height / 2;
    if (std::isfinite(e.x[i])) {
      const double a = px(std::min(0.0, e.x[i])), b = px(std::max(0.0, e.x[i]));
      out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>", num(a),
                         num(top + 1), num(std::max(b - a, 0.5)), num(std::max(height - 2, 1.0)),
                         colour_hex(e.colour));
    }
    if (i < e.lo.size() && i < e.hi.size() && std::isfinite(e.lo[i]) && std::isfinite(e.hi[i]))
      out += fmt::format(
          "<path d=\"M{0} {2}V{3}M{0} {4}H{1}M{1} {2}V{3}\" stroke=\"#222\" stroke-width=\"1.3\" "
          "fill=\"none\"/>",
          num(px(e.lo[i])), num(px(e.hi[i])), num(mid - height * 0.3), num(mid + height * 0.3), num(mid));
  }
  return out;
}

std::string Chart::draw_intervals(const Element& e) const {
  const double row = category_step() * 0.6;
  const double offset = bar_series_ > 1 ? row / bar_series_ * (e.bar_slot + 0.5) - row / 2 : 0;
  std::string out;
  for (std::size_t i = 0; i < e.x.size() && i < categories_.size(); ++i) {
    const double y = category_centre(i) + offset;
    if (i < e.lo.size() && i < e.hi.size() && std::isfinite(e.lo[i]) && std::isfinite(e.hi[i]))
      out += fmt::format(
          "<path d=\"M{0} {2}H{1}M{0} {3}V{4}M{1} {3}V{4}\" stroke=\"{5}\" stroke-width=\"2\" "
          "fill=\"none\"/>",
          num(px(e.lo[i])), num(px(e.hi[i])), num(y), num(y - 5), num(y + 5), colour_hex(e.colour));
    if (std::isfinite(e.x[i]))
      out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"9\" height=\"9\" fill=\"{}\"/>",
                         num(px(e.x[i]) - 4.5), num(y - 4.5), colour_hex(e.colour));
  }
  return out;
}

std::string Chart::draw(const Element& e) const {
  const std::string_view colour = colour_hex(e.colour);
  std::string out =
      fmt::format("<g class=\"series\" data-series=\"{}\" data-kind=\"{}\"", escape_html(e.name), e.kind);
  out += data_attributes(e.x, e.y, e.lo, e.hi);
  if (!e.label.empty()) out += fmt::format(" data-label=\"{}\"", escape_html(e.label));
  out += ">";
  const double y0 = size_.top, y1 = size_.height - size_.bottom;
  const double x0 = size_.left, x1 = size_.width - size_.right;
  if (e.kind == "band") {
    std::string upper, lower;
    for (std::size_t i = 0; i < e.x.size(); ++i) {
      if (!std::isfinite(e.lo[i]) || !std::isfinite(e.hi[i])) continue;
      upper += fmt::format("{}{} {}", upper.empty() ? "M" : "L", num(px(e.x[i])), num(py(e.hi[i])));
      lower = fmt::format("L{} {}", num(px(e.x[i])), num(py(e.lo[i]))) + lower;
    }
    if (!upper.empty())
      out += fmt::format("<path d=\"{}{}Z\" fill=\"{}\" fill-opacity=\"{}\" stroke=\"none\"/>", upper, lower,
                         colour, e.opacity);
  } else if (e.kind == "line") {
    std::string d;
    for (std::size_t i = 0; i < e.x.size(); ++i)
      if (std::isfinite(e.y[i]))
        d += fmt::format("{}{} {}", d.empty() ? "M" : "L", num(px(e.x[i])), num(py(e.y[i])));
    out += fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.2\"{}/>", d, colour,
                       e.dashed ? " stroke-dasharray=\"6 4\"" : "");
  } else if (e.kind == "points") {
    for (std::size_t i = 0; i < e.x.size(); ++i) {
      if (!std::isfinite(e.y[i])) continue;
      const double x = px(e.x[i]);
      if (i < e.lo.size() && i < e.hi.size() && std::isfinite(e.lo[i]) && std::isfinite(e.hi[i]))
        out += fmt::format(
            "<path d=\"M{0} {1}V{2}M{3} {1}H{4}M{3} {2}H{4}\" stroke=\"{5}\" stroke-width=\"1.5\"/>", num(x),
            num(py(e.lo[i])), num(py(e.hi[i])), num(x - 3), num(x + 3), colour);
      out +=
          fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"3.5\" fill=\"{}\"/>", num(x), num(py(e.y[i])), colour);
    }
  } else if (e.kind == "target") {
    const double y = py(e.y[0]);
    out += fmt::format(
        "<line x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\" stroke=\"#000\" stroke-width=\"1.6\" "
        "stroke-dasharray=\"6 4\"/><text x=\"{3}\" y=\"{4}\" text-anchor=\"end\" class=\"label\">{5}</text>",
        num(x0), num(x1), num(y), num(x1 - 4), num(y - 5), escape_html(e.label));
  } else if (e.kind == "vline") {
    const double x = px(e.x[0]);
    out += fmt::format(
        "<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" stroke=\"{3}\" stroke-width=\"1.6\"{4}/>", num(x),
        num(y0), num(y1), colour, e.dashed ? " stroke-dasharray=\"6 4\"" : "");
    if (!e.label.empty())
      out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"label\">{}</text>", num(x + 4), num(y0 + 12),
                         escape_html(e.label));
  } else if (e.kind == "vband") {
    const double a = px(std::min(e.x[0], e.x[1])), b = px(std::max(e.x[0], e.x[1]));
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" fill-opacity=\"{}\"/>",
                       num(a), num(y0), num(std::max(b - a, 1.0)), num(y1 - y0), colour, e.opacity);
  } else if (e.kind == "bars") {
    out += draw_bars(e);
  } else if (e.kind == "intervals") {
    out += draw_intervals(e);
  }
  return out + "</g>";
}

std::string Chart::svg() const {
  // Room above the plot for every legend row.
  const double legend_height = kLegendRow * legend_rows() + 8;
  if (size_.top < legend_height) {
    Chart taller = *this;
    taller.size_.height += legend_height - size_.top;
    taller.size_.top = legend_height;
    return taller.svg();
  }
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" data-chart=\"{}\" role=\"img\" viewBox=\"0 "
      "0 {} {}\" "
      "width=\"{}\" height=\"{}\" style=\"max-width:{}px\" font-family=\"system-ui, sans-serif\" "
      "font-size=\"{}\">"
      "<title>{}</title>",
      escape_html(id_), num(size_.width), num(size_.height), num(size_.width), num(size_.height),
      num(size_.width), kFontSize, escape_html(title_));
  out += axes();
  // Bands and spans first so lines and markers stay visible on top of them.
  for (const auto& e : elements_)
    if (e.kind == "band" || e.kind == "vband") out += draw(e);
  for (const auto& e : elements_)
    if (e.kind != "band" && e.kind != "vband") out += draw(e);
  out += legend();
  return out + "</svg>";
}

}  // namespace smesim::detail::report
