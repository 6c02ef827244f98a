// The report's SVG charts (src/io/report/svg_chart.hpp): tick positions and labels, and that
// a chart's markup carries its axes, every plotted value exactly, its legend, and escaped text.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <regex>
#include <string>
#include <vector>

#include "io/report/svg_chart.hpp"
#include "support/html_probe.hpp"

using namespace smesim::detail::report;
namespace html = smesim::test::html;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

// The step's leading digit (1, 2 or 5) once scaled to [1, 10); 0 if it is none of them.
int leading_digit(double step) {
  const double scaled = step / std::pow(10.0, std::floor(std::log10(step)));
  for (const int d : {1, 2, 5, 10})
    if (std::fabs(scaled - d) < 1e-9 * d) return d == 10 ? 1 : d;
  return 0;
}

void check_nice(double lo, double hi, int target) {
  INFO("range [" << lo << ", " << hi << "], target " << target);
  const auto ticks = nice_ticks(lo, hi, target);
  REQUIRE(ticks.size() >= 2);
  const double step = ticks[1] - ticks[0];
  REQUIRE(step > 0);
  INFO("ticks " << html::show(ticks));
  // Covers the range, and by less than one step on either side.
  // (k * step may land an ulp inside an end that is itself a whole step.)
  const double ulps = 1e-12 * std::max({std::fabs(lo), std::fabs(hi), step});
  CHECK(ticks.front() <= lo + ulps);
  CHECK(ticks.back() >= hi - ulps);
  CHECK(ticks.front() > lo - step);
  CHECK(ticks.back() < hi + step);
  // Equal 1-2-5 steps, each tick a whole multiple of the step (so 0 is a tick when in range).
  CHECK(leading_digit(step) != 0);
  for (std::size_t i = 1; i < ticks.size(); ++i) CHECK(ticks[i] - ticks[i - 1] == Approx(step).epsilon(1e-9));
  for (const double t : ticks) {
    const double k = t / step;
    CHECK(std::fabs(k - std::round(k)) < 1e-6 * std::max(1.0, std::fabs(k)));
  }
  // About `target` intervals: the step lies within [range / (1.5 target), 5 range / (3 target)].
  const double n = static_cast<double>(ticks.size());
  CHECK(n >= std::floor(0.6 * target) + 1);
  CHECK(n <= std::ceil(1.5 * target) + 3);
}

// Every number written in the drawing itself (coordinates, path data), which must be finite.
std::vector<std::string> geometry_values(const std::string& svg) {
  std::vector<std::string> out;
  static const std::regex attr(R"re( (x|y|x1|x2|y1|y2|cx|cy|width|height|d)="([^"]*)")re");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), attr); it != std::sregex_iterator(); ++it)
    out.push_back((*it)[2].str());
  return out;
}

bool finite_geometry(const std::string& svg) {
  static const std::regex number_text(R"re(^[MLHVZ0-9., -]*$)re");
  for (const auto& v : geometry_values(svg))
    if (!std::regex_match(v, number_text)) return false;
  return true;
}

double label_number(const std::string& label) {
  std::string digits;
  for (const char c : label)
    if (c != ',') digits += c;
  std::size_t used = 0;
  const double v = std::stod(digits, &used);
  return used == digits.size() ? v : kNaN;
}

}  // namespace

TEST_CASE("report: nice_ticks covers the range with 1-2-5 steps and about the asked number of ticks",
          "[io][report]") {
  check_nice(0, 1, 5);
  check_nice(0, 10000, 5);
  check_nice(0, 9473, 5);
  check_nice(0, 36, 6);
  check_nice(1, 36, 6);
  check_nice(100000000, 500000000, 6);
  check_nice(-4315, 0, 6);
  check_nice(-4315, 12.5, 6);
  check_nice(0.02, 0.1, 5);
  check_nice(8722.8, 9473, 5);
  check_nice(1e6, 1e6 + 1, 5);
  check_nice(0, 1e12, 4);
  check_nice(-0.003, 0.003, 5);
  for (int target = 2; target <= 10; ++target) check_nice(0, 7.3, target);
}

TEST_CASE("report: nice_ticks puts a tick at zero and at whole steps", "[io][report]") {
  CHECK(nice_ticks(0, 10000, 5) == std::vector<double>{0, 2000, 4000, 6000, 8000, 10000});
  CHECK(nice_ticks(0, 36, 6) == std::vector<double>{0, 5, 10, 15, 20, 25, 30, 35, 40});
  const auto negative = nice_ticks(-10, 10, 4);
  CHECK(std::find(negative.begin(), negative.end(), 0.0) != negative.end());
  // No negative zero (it would print as "-0").
  for (const double t : nice_ticks(-1, 1, 4)) CHECK_FALSE((t == 0 && std::signbit(t)));
}

TEST_CASE("report: nice_ticks handles empty, reversed and undefined ranges", "[io][report]") {
  SECTION("lo == hi == 0 opens a range around zero") {
    const auto t = nice_ticks(0, 0, 5);
    REQUIRE(t.size() >= 2);
    CHECK(t.front() < 0);
    CHECK(t.back() > 0);
  }
  SECTION("lo == hi elsewhere opens a range around the value") {
    for (const double v : {5.0, -300.0, 1e9, 0.25}) {
      INFO(v);
      const auto t = nice_ticks(v, v, 5);
      REQUIRE(t.size() >= 2);
      CHECK(t.front() < v);
      CHECK(t.back() > v);
      CHECK(t.size() <= 12);
    }
  }
  SECTION("a reversed range is the same range") { CHECK(nice_ticks(10, 0, 5) == nice_ticks(0, 10, 5)); }
  SECTION("non-finite ends fall back to [0, 1]") {
    CHECK(nice_ticks(kNaN, 3, 5) == nice_ticks(0, 1, 5));
    CHECK(nice_ticks(0, kInf, 5) == nice_ticks(0, 1, 5));
  }
  SECTION("a target of zero or less still gives ticks") {
    const auto t = nice_ticks(0, 10, 0);
    REQUIRE(t.size() >= 2);
    CHECK(t.front() <= 0);
    CHECK(t.back() >= 10);
  }
}

TEST_CASE("report: tick labels are grouped counts, millions and probabilities", "[io][report]") {
  CHECK(tick_label(10000, 2000, TickFormat::count) == "10,000");
  CHECK(tick_label(0, 2000, TickFormat::count) == "0");
  CHECK(tick_label(-5000, 1000, TickFormat::count) == "-5,000");
  CHECK(tick_label(2.5, 0.5, TickFormat::count) == "2.5");
  // Millions: the axis title says M THB, the tick says 150.
  CHECK(tick_label(150e6, 50e6, TickFormat::millions) == "150");
  CHECK(tick_label(1500e6, 500e6, TickFormat::millions) == "1,500");
  CHECK(tick_label(2.5e6, 0.5e6, TickFormat::millions) == "2.5");
  CHECK(tick_label(0.25e6, 0.05e6, TickFormat::millions) == "0.25");
  // Probabilities: as many places as the step needs.
  CHECK(tick_label(0.8, 0.2, TickFormat::probability) == "0.8");
  CHECK(tick_label(1, 0.2, TickFormat::probability) == "1.0");
  CHECK(tick_label(0.25, 0.05, TickFormat::probability) == "0.25");
  CHECK(tick_label(0.1, 0.1, TickFormat::probability) == "0.1");
  CHECK(tick_label(0.05, 0.01, TickFormat::plain) == "0.05");
  CHECK(tick_label(12, 2, TickFormat::plain) == "12");
  // The label of a tick computed as k * step (0.6000000000000001) still reads 0.6.
  CHECK(tick_label(3 * 0.2, 0.2, TickFormat::probability) == "0.6");
}

TEST_CASE("report: a chart's svg has both axes with their titles and a numeric label for every tick",
          "[io][report]") {
  Chart chart("test-fan", "Developed SMEs");
  chart.set_x(0, 36, "month since the programme started", TickFormat::count);
  chart.set_y(0, 9473, "SMEs (cumulative)", TickFormat::count);
  const std::vector<double> x{1, 2, 3}, y{10, 5000, 9000};
  chart.line("median", x, y, Colour::blue);
  const std::string svg = chart.svg();

  CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
  CHECK(svg.size() >= 6);
  CHECK(svg.compare(svg.size() - 6, 6, "</svg>") == 0);
  CHECK(html::count(svg, "<svg") == 1);
  CHECK(svg.find("data-chart=\"test-fan\"") != std::string::npos);
  CHECK(svg.find("<title>Developed SMEs</title>") != std::string::npos);

  const std::string x_axis = html::axis(svg, "x"), y_axis = html::axis(svg, "y");
  REQUIRE_FALSE(x_axis.empty());
  REQUIRE_FALSE(y_axis.empty());
  CHECK(html::attribute(x_axis, "data-title") == "month since the programme started");
  CHECK(html::attribute(y_axis, "data-title") == "SMEs (cumulative)");
  CHECK(x_axis.find(">month since the programme started</text>") != std::string::npos);
  CHECK(y_axis.find(">SMEs (cumulative)</text>") != std::string::npos);

  for (const auto* group : {&x_axis, &y_axis}) {
    const auto t = html::ticks(*group);
    REQUIRE(t.size() >= 3);
    std::vector<double> values;
    for (const auto& tick : t) {
      INFO("tick " << tick.value << " label \"" << tick.label << "\"");
      CHECK_FALSE(tick.label.empty());
      const double shown = label_number(tick.label);
      REQUIRE(std::isfinite(shown));
      CHECK(shown == Approx(tick.value).margin(1e-9));
      values.push_back(tick.value);
    }
    CHECK(std::is_sorted(values.begin(), values.end()));
  }
  // The axes are the nice ticks of the ranges given.
  const auto xt = html::ticks(x_axis), yt = html::ticks(y_axis);
  CHECK(xt.front().value == 0);
  CHECK(xt.back().value >= 36);
  CHECK(yt.front().value == 0);
  CHECK(yt.back().value >= 9473);
  CHECK(yt.back().label == "10,000");
  CHECK(finite_geometry(svg));
}

TEST_CASE("report: every series carries exactly the values it plots", "[io][report]") {
  Chart chart("data", "Data");
  const std::vector<double> x{1, 2, 3, 4};
  const std::vector<double> lo{0.1, 1.0 / 3, 12345.678, 2e-7}, hi{0.5, 2.0 / 3, 23456.789, 1e20};
  const std::vector<double> y{0.3, 0.5, 20000.5, 328515625};
  chart.set_x(0, 4, "x", TickFormat::plain);
  chart.set_y(0, 30000, "y", TickFormat::count);
  chart.band("90% band", x, lo, hi, Colour::sky, 0.35);
  chart.line("median", x, y, Colour::blue);
  chart.points("markers", x, y, lo, hi, Colour::orange);
  chart.target_line("target", 10000, "target 10,000");
  chart.vertical_line("window", 2.5, "targets counted to here", Colour::grey, true);
  chart.vertical_band("span", 1.25, 3.75, Colour::orange, 0.2);
  const std::string svg = chart.svg();

  CHECK(html::series_names(svg).size() == 6);
  CHECK(html::attribute(html::series_tag(svg, "90% band"), "data-kind") == "band");
  CHECK(html::series_data(svg, "90% band", "data-x") == x);
  CHECK(html::series_data(svg, "90% band", "data-lo") == lo);
  CHECK(html::series_data(svg, "90% band", "data-hi") == hi);
  bool has_y = true;
  html::attribute(html::series_tag(svg, "90% band"), "data-y", &has_y);
  CHECK_FALSE(has_y);

  CHECK(html::attribute(html::series_tag(svg, "median"), "data-kind") == "line");
  CHECK(html::series_data(svg, "median", "data-x") == x);
  CHECK(html::series_data(svg, "median", "data-y") == y);

  CHECK(html::attribute(html::series_tag(svg, "markers"), "data-kind") == "points");
  CHECK(html::series_data(svg, "markers", "data-y") == y);
  CHECK(html::series_data(svg, "markers", "data-lo") == lo);
  CHECK(html::series_data(svg, "markers", "data-hi") == hi);
  CHECK(html::count(svg, "<circle") == 4);

  const std::string target = html::series_tag(svg, "target");
  CHECK(html::attribute(target, "data-kind") == "target");
  CHECK(html::series_data(svg, "target", "data-y") == std::vector<double>{10000});
  CHECK(html::attribute(target, "data-label") == "target 10,000");
  CHECK(svg.find(">target 10,000</text>") != std::string::npos);

  CHECK(html::attribute(html::series_tag(svg, "window"), "data-kind") == "vline");
  CHECK(html::series_data(svg, "window", "data-x") == std::vector<double>{2.5});
  CHECK(html::attribute(html::series_tag(svg, "span"), "data-kind") == "vband");
  CHECK(html::series_data(svg, "span", "data-x") == std::vector<double>{1.25, 3.75});

  // Exact text, not rounded: the numbers read back bit for bit.
  CHECK(html::attribute(html::series_tag(svg, "90% band"), "data-lo") ==
        "0.1 0.3333333333333333 12345.678 2e-07");
  CHECK(finite_geometry(svg));
}

TEST_CASE("report: every series has a legend item, an unlabelled reference line none", "[io][report]") {
  Chart chart("legend", "Legend");
  const std::vector<double> x{0, 1}, y{0, 1};
  chart.set_x(0, 1, "x", TickFormat::plain);
  chart.set_y(0, 1, "y", TickFormat::probability);
  chart.line("first line", x, y, Colour::blue);
  chart.line("second line", x, y, Colour::orange, true);
  chart.band("band", x, x, y, Colour::sky, 0.3);
  chart.target_line("level", 0.8, "level 0.80");
  chart.vertical_line("zero", 0, "", Colour::black, true);
  const std::string svg = chart.svg();
  for (const char* name : {"first line", "second line", "band", "level"}) {
    INFO(name);
    CHECK(html::count(svg, std::string("<g class=\"legend-item\" data-series=\"") + name + "\"") == 1);
    CHECK(svg.find(std::string(">") + name + "</text>") != std::string::npos);
  }
  CHECK(svg.find("class=\"legend-item\" data-series=\"zero\"") == std::string::npos);
  CHECK_FALSE(html::series_tag(svg, "zero").empty());  // still drawn
  CHECK(html::count(svg, "class=\"legend-item\"") == 4);
}

TEST_CASE("report: a long legend wraps and the chart grows to hold it", "[io][report]") {
  Chart plain("short", "Short");
  plain.set_x(0, 1, "x", TickFormat::plain);
  plain.set_y(0, 1, "y", TickFormat::plain);
  const std::vector<double> x{0, 1};
  plain.line("a", x, x, Colour::blue);
  Chart crowded("crowded", "Crowded");
  crowded.set_x(0, 1, "x", TickFormat::plain);
  crowded.set_y(0, 1, "y", TickFormat::plain);
  for (int i = 0; i < 8; ++i)
    crowded.line("a rather long series name number " + std::to_string(i), x, x, Colour::blue);
  const auto view_height = [](const std::string& svg) {
    const auto box = html::numbers(html::attribute(svg.substr(0, svg.find('>')), "viewBox"));
    return box.size() == 4 ? box[3] : -1.0;
  };
  CHECK(view_height(plain.svg()) == 300);
  const std::string svg = crowded.svg();
  CHECK(view_height(svg) > 300);
  CHECK(html::count(svg, "class=\"legend-item\"") == 8);
  CHECK(finite_geometry(svg));
}

TEST_CASE("report: a categorical chart lists every category and its bars' values", "[io][report]") {
  ChartSize size;
  size.left = 150;
  Chart chart("agencies-developed", "SMEs developed by agency", size);
  const std::vector<std::string> names{"DIP", "ISMED", "MOI-OPS", "SME Bank"};
  const std::vector<double> median{4200, 1500.5, 0, 980}, lo{4000, 1400, 0, 900}, hi{4400, 1600, 0, 1000};
  const std::vector<double> allocation{5e7, 2e7, 1e7, kNaN};
  const std::vector<double> none(4, kNaN);
  chart.set_x(0, 4400, "SMEs", TickFormat::count);
  chart.set_y_categories(names, "agency");
  chart.bars("median", median, lo, hi, Colour::blue);
  chart.bars("allocation", allocation, none, none, Colour::orange);
  const std::string svg = chart.svg();

  CHECK(html::categories(svg) == names);
  CHECK(html::attribute(html::axis(svg, "y"), "data-title") == "agency");
  CHECK(html::ticks(html::axis(svg, "y")).empty());  // categories, not numbers
  CHECK(html::attribute(html::series_tag(svg, "median"), "data-kind") == "bars");
  CHECK(html::series_data(svg, "median", "data-x") == median);
  CHECK(html::series_data(svg, "median", "data-lo") == lo);
  CHECK(html::series_data(svg, "median", "data-hi") == hi);
  const auto alloc = html::series_data(svg, "allocation", "data-x");
  CHECK(html::same_numbers(alloc, allocation));
  CHECK(std::isnan(alloc[3]));
  CHECK(finite_geometry(svg));
  // One rect per finite bar (the legend adds one per bar series).
  CHECK(html::count(svg, "<rect") == 4 + 3 + 2);
}

TEST_CASE("report: a forest plot lists its variants and the intervals' values", "[io][report]") {
  Chart chart("forest-developed", "Developed: difference to the baseline");
  const std::vector<std::string> names{"laggards", "network-heavy"};
  const std::vector<double> diff{-2245.5, -972}, lo{-2343, -986}, hi{-2148, -958};
  chart.set_x(-2343, 0, "difference to the baseline, SMEs", TickFormat::count);
  chart.set_y_categories(names);
  chart.vertical_line("baseline", 0, "", Colour::black, true);
  chart.intervals("mean paired difference, 95% CI", diff, lo, hi, Colour::blue);
  const std::string svg = chart.svg();
  CHECK(html::categories(svg) == names);
  const std::string name = "mean paired difference, 95% CI";
  CHECK(html::attribute(html::series_tag(svg, name), "data-kind") == "intervals");
  CHECK(html::series_data(svg, name, "data-x") == diff);
  CHECK(html::series_data(svg, name, "data-lo") == lo);
  CHECK(html::series_data(svg, name, "data-hi") == hi);
  const auto xt = html::ticks(html::axis(svg, "x"));
  REQUIRE_FALSE(xt.empty());
  CHECK(xt.front().value <= -2343);
  CHECK(xt.back().value >= 0);
  CHECK(finite_geometry(svg));
}

TEST_CASE("report: text in a chart is HTML-escaped wherever it appears", "[io][report]") {
  const std::string nasty = "R&D <b>\"quoted\"</b> 'it's'";
  Chart chart("x<&>\"", "Title <&>\"");
  chart.set_x(0, 1, "axis <&>\"", TickFormat::plain);
  chart.set_y_categories({nasty, "plain"}, "cat <&>");
  const std::vector<double> v{0.5, 0.25}, none{kNaN, kNaN};
  chart.bars("series <&>\"", v, none, none, Colour::blue);
  chart.vertical_line("line 'q'", 0.5, "label <&>\"", Colour::black, false);
  const std::string svg = chart.svg();

  // No raw markup from the inputs: each `<` in the svg starts one of the chart's own tags.
  CHECK(svg.find("<b>") == std::string::npos);
  CHECK(svg.find("<&") == std::string::npos);
  CHECK(svg.find("&>") == std::string::npos);
  CHECK(svg.find("\"quoted\"") == std::string::npos);
  static const std::regex tag_start(R"re(<(/?)([a-z]+))re");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), tag_start); it != std::sregex_iterator();
       ++it) {
    const std::string name = (*it)[2].str();
    INFO(name);
    CHECK((name == "svg" || name == "title" || name == "g" || name == "line" || name == "text" ||
           name == "rect" || name == "path" || name == "circle"));
  }
  CHECK(svg.find("<title>Title &lt;&amp;&gt;&quot;</title>") != std::string::npos);
  CHECK(svg.find("data-chart=\"x&lt;&amp;&gt;&quot;\"") != std::string::npos);
  CHECK(html::unescape(html::attribute(html::axis(svg, "x"), "data-title")) == "axis <&>\"");
  CHECK(html::categories(svg) == std::vector<std::string>{nasty, "plain"});
  CHECK(html::series_tag(svg, "series &lt;&amp;&gt;&quot;") != "");
  CHECK(html::series_data(svg, "series &lt;&amp;&gt;&quot;", "data-x") == v);
  CHECK(svg.find("data-label=\"label &lt;&amp;&gt;&quot;\"") != std::string::npos);
  CHECK(svg.find(">label &lt;&amp;&gt;&quot;</text>") != std::string::npos);
  CHECK(svg.find("data-series=\"line &#39;q&#39;\"") != std::string::npos);
}

TEST_CASE("report: non-finite values are skipped in the drawing but kept in the data", "[io][report]") {
  Chart chart("gaps", "Gaps");
  const std::vector<double> x{1, 2, 3, 4, 5, 6};
  const std::vector<double> y{10, kNaN, 30, kInf, -kInf, 60};
  const std::vector<double> lo{5, 6, kNaN, 8, 9, 10}, hi{15, 16, 17, kNaN, 19, 20};
  chart.set_x(0, 6, "x", TickFormat::count);
  chart.set_y(0, 100, "y", TickFormat::count);
  chart.line("median", x, y, Colour::blue);
  chart.band("band", x, lo, hi, Colour::sky, 0.3);
  chart.points("markers", x, y, lo, hi, Colour::orange);
  const std::vector<double> all_nan(6, kNaN);
  chart.line("nothing", x, all_nan, Colour::green);
  // A re-evaluated objective no replication defines, a marker at an undefined x: left out.
  chart.target_line("undefined level", kNaN, "re-evaluated best");
  chart.vertical_line("undefined answer", kInf, "answer", Colour::black, true);
  chart.vertical_band("undefined band", 1, kNaN, Colour::sky, 0.2);
  std::string svg;
  REQUIRE_NOTHROW(svg = chart.svg());
  CHECK(finite_geometry(svg));

  CHECK(html::same_numbers(html::series_data(svg, "median", "data-y"), y));
  CHECK(html::attribute(html::series_tag(svg, "median"), "data-y") == "10 nan 30 inf -inf 60");
  // The line's path visits the three finite points: one move and two line-tos.
  const std::string median = svg.substr(svg.find(html::series_tag(svg, "median")));
  const std::string d = html::attribute(median.substr(0, median.find("/>")), "d");
  CHECK(html::count(d, "M") == 1);
  CHECK(html::count(d, "L") == 2);
  // The band skips the months with an undefined edge (4 of 6 remain: 4 upper + 4 lower points).
  const std::string band = svg.substr(svg.find(html::series_tag(svg, "band")));
  const std::string band_d = html::attribute(band.substr(0, band.find("/>")), "d");
  CHECK(html::count(band_d, "M") + html::count(band_d, "L") == 8);
  // Markers only where y is finite.
  CHECK(html::count(svg, "<circle") == 3);
  // An all-undefined line draws an empty path rather than failing.
  const std::string nothing = svg.substr(svg.find(html::series_tag(svg, "nothing")));
  CHECK(html::attribute(nothing.substr(0, nothing.find("/>")), "d").empty());
  for (const char* left_out : {"undefined level", "undefined answer", "undefined band"})
    CHECK(svg.find(left_out) == std::string::npos);
}

TEST_CASE("report: Extent keeps the finite values only", "[io][report]") {
  Extent e;
  CHECK(e.empty());
  e.include(kNaN);
  e.include(kInf);
  CHECK(e.empty());
  const std::vector<double> v{3, -2, kNaN, 7};
  e.include(v);
  CHECK_FALSE(e.empty());
  CHECK(e.lo == -2);
  CHECK(e.hi == 7);
}

TEST_CASE("report: tick values are the doubles nearest their decimals, so data-value is exact",
          "[io][report]") {
  CHECK(nice_ticks(0, 1, 5) == std::vector<double>{0, 0.2, 0.4, 0.6, 0.8, 1});
  CHECK(nice_ticks(0, 0.3, 3) == std::vector<double>{0, 0.1, 0.2, 0.3});
  CHECK(nice_ticks(0, 5e8, 5) == std::vector<double>{0, 1e8, 2e8, 3e8, 4e8, 5e8});
}
