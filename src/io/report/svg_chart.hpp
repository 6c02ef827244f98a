#pragma once
// Charts of the HTML report, drawn by smesim itself as inline SVG (no script, no external
// resource), so a report opens offline in any browser and prints like the screen.
//
// A chart has a numeric x axis and either a numeric or a categorical y axis (categories run
// top to bottom: agencies, variants, parameters). Every element carries its data, not only its
// pixels: a series is a `<g class="series" data-series="..." data-kind="...">` whose
// `data-x`, `data-y`, `data-lo`, `data-hi` hold the plotted values as numbers, so tests (and
// readers of the file) can check a chart against summary.json without parsing geometry.

#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace smesim::detail::report {

/// How tick labels are written; the unit itself goes into the axis title.
enum class TickFormat {
  count,        ///< 10,000
  millions,     ///< THB shown in M THB: 150 (axis title says "M THB")
  probability,  ///< 0.8
  plain,        ///< shortest of 0.05, 1.5, 12
};

/// Okabe & Ito's colour-blind-safe palette, in the order series take it.
enum class Colour { blue, orange, green, vermillion, purple, sky, yellow, black, grey };
std::string_view colour_hex(Colour colour);

/// Tick positions at 1-2-5 steps covering [lo, hi], about `target` of them.
std::vector<double> nice_ticks(double lo, double hi, int target);
/// A tick label in `format` (step = distance between ticks, for the number of decimals).
std::string tick_label(double value, double step, TickFormat format);

struct ChartSize {
  double width = 640;
  double height = 300;
  double left = 76;  ///< room for y tick labels and title
  double right = 18;
  double top = 34;     ///< room for the legend
  double bottom = 50;  ///< room for x tick labels and title
};

class Chart {
 public:
  /// `id` names the chart in the DOM (`data-chart`); `title` is its accessible name.
  Chart(std::string id, std::string title, ChartSize size = {});

  /// Numeric x axis over [lo, hi], widened to whole ticks.
  void set_x(double lo, double hi, std::string title, TickFormat format);
  /// Numeric y axis over [lo, hi], widened to whole ticks.
  void set_y(double lo, double hi, std::string title, TickFormat format);
  /// Categorical y axis, first category at the top; rows are spaced evenly.
  void set_y_categories(std::vector<std::string> names, std::string title = "");

  /// A filled band between lo(x) and hi(x) (e.g. 5%–95% across replications).
  void band(std::string name, std::span<const double> x, std::span<const double> lo,
            std::span<const double> hi, Colour colour, double opacity);
  /// A polyline through (x, y); points with a non-finite y are skipped.
  void line(std::string name, std::span<const double> x, std::span<const double> y, Colour colour,
            bool dashed = false);
  /// Markers at (x, y) with vertical intervals [lo, hi] (numeric y axis).
  void points(std::string name, std::span<const double> x, std::span<const double> y,
              std::span<const double> lo, std::span<const double> hi, Colour colour);
  /// A horizontal reference line across the plot (a target), labelled at its right end.
  void target_line(std::string name, double y, std::string label);
  /// A vertical reference line (zero difference, an answer), labelled at its top.
  void vertical_line(std::string name, double x, std::string label, Colour colour, bool dashed);
  /// A vertical shaded span [x0, x1] (an answer's interval).
  void vertical_band(std::string name, double x0, double x1, Colour colour, double opacity);

  /// Categorical y: one horizontal bar per category from 0 to value, with a whisker over
  /// [lo, hi] (NaN = none). With several bar series each takes its share of the row.
  void bars(std::string name, std::span<const double> value, std::span<const double> lo,
            std::span<const double> hi, Colour colour);
  /// Categorical y: a marker at value with a horizontal interval [lo, hi] (a forest plot).
  void intervals(std::string name, std::span<const double> value, std::span<const double> lo,
                 std::span<const double> hi, Colour colour);

  /// The chart as an `<svg>` element with axes, grid, series and legend.
  [[nodiscard]] std::string svg() const;

 private:
  struct Element {
    std::string name;
    std::string kind;
    Colour colour = Colour::blue;
    bool in_legend = true;
    bool dashed = false;
    double opacity = 1;
    std::vector<double> x, y, lo, hi;
    std::string label;
    int bar_slot = -1;  ///< which share of a category row (bars only)
  };
  /// A series over the categories (bars, intervals): each takes its share of a category row.
  void category_series(std::string name, const char* kind, std::span<const double> value,
                       std::span<const double> lo, std::span<const double> hi, Colour colour);
  [[nodiscard]] double px(double x) const;
  [[nodiscard]] double py(double y) const;
  [[nodiscard]] double category_centre(std::size_t index) const;
  [[nodiscard]] double category_step() const;
  [[nodiscard]] std::string axes() const;
  [[nodiscard]] std::string legend() const;
  [[nodiscard]] int legend_rows() const;
  static double legend_item_width(const Element& e);
  [[nodiscard]] std::string draw(const Element& e) const;
  [[nodiscard]] std::string draw_bars(const Element& e) const;
  [[nodiscard]] std::string draw_intervals(const Element& e) const;

  std::string id_;
  std::string title_;
  ChartSize size_;
  double x_lo_ = 0, x_hi_ = 1, y_lo_ = 0, y_hi_ = 1;
  std::vector<double> x_ticks_, y_ticks_;
  std::string x_title_, y_title_;
  TickFormat x_format_ = TickFormat::plain, y_format_ = TickFormat::plain;
  std::vector<std::string> categories_;
  int bar_series_ = 0;
  std::vector<Element> elements_;
};

/// The smallest [lo, hi] holding every finite value given (empty until one is).
struct Extent {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void include(std::span<const double> values);
  void include(double value);
  [[nodiscard]] bool empty() const { return lo > hi; }
};

}  // namespace smesim::detail::report
