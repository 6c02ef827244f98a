#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "io/report/experiment_sections.hpp"
#include "io/report/html_text.hpp"
#include "io/report/results_folder.hpp"
#include "io/report/svg_chart.hpp"
#include "io/report/target_kpis.hpp"

namespace smesim::detail::report {
namespace {

using nlohmann::json;

// The swept parameters are the columns of points.csv between `point` and the first KPI.
std::vector<std::string> swept_parameters(const ReportTable& points) {
  const auto& header = points.header();
  std::vector<std::string> out;
  for (std::size_t c = 1; c < header.size() && header[c] != "developed_mean"; ++c) out.push_back(header[c]);
  if (out.empty())
    throw ReportInputError("points.csv:1: expected parameter columns between `point` and `developed_mean`");
  return out;
}

// One swept parameter's values in increasing order, with the row each came from, so every
// column can be drawn in the same order. A choice parameter (text) is placed at its point
// index and labelled in the table.
struct SweptValues {
  std::vector<double> x;           ///< sorted
  std::vector<std::size_t> order;  ///< row of x[i]
  std::vector<double> by_row;      ///< value of each row, unsorted
  bool numeric = true;

  SweptValues(const ReportTable& points, const std::string& parameter) {
    try {
      by_row = points.numbers(parameter);
    } catch (const ReportInputError&) {
      numeric = false;
      for (std::size_t i = 0; i < points.rows(); ++i) by_row.push_back(static_cast<double>(i));
    }
    order.resize(by_row.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return by_row[a] < by_row[b]; });
    x = sorted(by_row);
  }
  /// A column of points.csv in the order of x.
  [[nodiscard]] std::vector<double> sorted(const std::vector<double>& column) const {
    std::vector<double> out;
    out.reserve(order.size());
    for (const auto i : order) out.push_back(column[i]);
    return out;
  }
};

struct Axis {
  std::string title;
  TickFormat format;
};

Axis parameter_axis(const std::string& path, bool numeric) {
  if (!numeric) return {path + " (point number; values in the table)", TickFormat::count};
  if (is_thb_path(path)) return {path + " (M THB)", TickFormat::millions};
  return {path, TickFormat::plain};
}

std::string kpi_chart(const ReportTable& points, const std::string& parameter, const SweptValues& swept,
                      const TargetKpi& t, double goal, bool single_parameter) {
  const std::string kpi = t.kpi;
  const auto& x = swept.x;
  const auto p5 = swept.sorted(points.numbers(kpi + "_p5")), p50 = swept.sorted(points.numbers(kpi + "_p50")),
             p95 = swept.sorted(points.numbers(kpi + "_p95"));
  Extent xe, ye;
  xe.include(x);
  ye.include(0.0);
  ye.include(p95);
  ye.include(goal);
  Chart chart(fmt::format("sweep-{}-{}", kpi, parameter), fmt::format("{} against {}", t.title, parameter));
  const Axis axis = parameter_axis(parameter, swept.numeric);
  chart.set_x(xe.lo, xe.hi, axis.title, axis.format);
  chart.set_y(ye.lo, ye.hi, kpi_axis_title(t), kpi_tick_format(t));
  if (single_parameter) {
    chart.band("90% band", x, p5, p95, Colour::sky, 0.4);
    chart.line("median", x, p50, Colour::blue);
  } else {
    chart.points("median, 90% interval", x, p50, p5, p95, Colour::blue);
  }
  chart.target_line("target", goal, "target " + (t.money ? m_thb_text(goal) : count_text(goal)));
  return chart.svg();
}

std::string probability_chart(const ReportTable& points, const std::string& parameter,
                              const SweptValues& swept, bool single_parameter) {
  const auto& x = swept.x;
  const auto all = swept.sorted(points.numbers("p_met_all")),
             lo = swept.sorted(points.numbers("p_met_all_ci95_lo")),
             hi = swept.sorted(points.numbers("p_met_all_ci95_hi"));
  Extent xe;
  xe.include(x);
  Chart chart("sweep-p-met-" + parameter, "P(targets met) against " + parameter);
  const Axis axis = parameter_axis(parameter, swept.numeric);
  chart.set_x(xe.lo, xe.hi, axis.title, axis.format);
  chart.set_y(0, 1, "probability", TickFormat::probability);
  const Colour colours[] = {Colour::orange, Colour::green, Colour::purple};
  if (single_parameter) {
    chart.band("P(all) 95% CI", x, lo, hi, Colour::sky, 0.4);
    chart.line("P(all three met)", x, all, Colour::blue);
    for (std::size_t i = 0; i < std::size(kTargetKpis); ++i)
      chart.line(fmt::format("P({})", kTargetKpis[i].kpi), x,
                 swept.sorted(points.numbers(std::string("p_met_") + kTargetKpis[i].target)), colours[i],
                 true);
  } else {
    chart.points("P(all three met), 95% CI", x, all, lo, hi, Colour::blue);
  }
  return chart.svg();
}

// A target's goal, drawn as a line on its chart: the base scenario's (manifest.json), none when
// the sweep varies it.
double goal_of(const TargetKpi& t, const json& manifest, const std::vector<std::string>& parameters) {
  if (std::find(parameters.begin(), parameters.end(), fmt::format("targets.{}", t.target)) !=
      parameters.end())
    return std::nan("");
  const json* scenario = manifest.contains("scenario") ? &manifest.at("scenario") : nullptr;
  if (scenario == nullptr || !scenario->contains("targets") || !scenario->at("targets").contains(t.target))
    return std::nan("");
  return json_number(scenario->at("targets").at(t.target), "manifest.json scenario.targets");
}

std::vector<Section> sweep_sections(const ReportInput& results, const json& manifest) {
  const ReportTable& points = results.table("points");
  if (points.rows() == 0)
    throw ReportInputError(results.where("points.csv") + ":2: expected at least one point");
  const auto parameters = swept_parameters(points);
  const bool single = parameters.size() == 1;

  std::string html = fmt::format(
      "<p>{} points \u00d7 {} replications each, all points on the same random numbers (replication r of "
      "every "
      "point draws the same population, networks and priors). {}</p>",
      points.rows(), manifest.value("replications_per_point", 0),
      single ? "Lines are medians, bands 5%\u201395% of replications."
             : "Markers are medians, bars 5%\u201395% of replications.");
  std::vector<SweptValues> swept;
  for (const auto& parameter : parameters) swept.emplace_back(points, parameter);
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    const std::string& parameter = parameters[k];
    if (!single) html += fmt::format("<h3>Against <code>{}</code></h3>", escape_html(parameter));
    html += "<div class=\"figures\">";
    html += figure(probability_chart(points, parameter, swept[k], single),
                   "P(all three targets met) with its Wilson 95% interval; dashed: each target alone.");
    for (const auto& t : kTargetKpis) {
      html += figure(kpi_chart(points, parameter, swept[k], t, goal_of(t, manifest, parameters), single),
                     fmt::format("{} at the end of the target window.", t.title));
    }
    html += "</div>";
  }

  std::vector<std::string> headings{"Point"};
  std::vector<bool> numeric{true};
  for (const auto& p : parameters)
    headings.push_back("<code>" + escape_html(p) + "</code>"), numeric.push_back(true);
  for (const auto& t : kTargetKpis)
    headings.push_back(std::string(t.title) + " (median)"), numeric.push_back(true);
  headings.push_back("P(all met)");
  numeric.push_back(true);
  std::vector<std::vector<TableCell>> rows;
  for (std::size_t r = 0; r < points.rows(); ++r) {
    std::vector<TableCell> row{{points.text(r, "point"), points.number(r, "point")}};
    for (std::size_t k = 0; k < parameters.size(); ++k) {
      const double v = swept[k].by_row[r];
      row.push_back(
          {escape_html(swept[k].numeric ? plain_number_text(v) : points.text(r, parameters[k])), v});
    }
    for (const auto& t : kTargetKpis) {
      const double v = points.number(r, std::string(t.kpi) + "_p50");
      row.push_back({kpi_value_text(t, v), v});
    }
    const double p = points.number(r, "p_met_all");
    row.push_back({fmt::format("{} <span class=\"note\">[{}, {}]</span>", probability_text(p),
                               probability_text(points.number(r, "p_met_all_ci95_lo")),
                               probability_text(points.number(r, "p_met_all_ci95_hi"))),
                   p});
    rows.push_back(std::move(row));
  }
  html += "<h3>Points</h3>" + sortable_table("sweep-table", headings, numeric, rows);
  return {{"sweep", "Sweep", html}};
}

ReportPage sweep_page(const ReportInput& results, const nlohmann::json& manifest) {
  return {fmt::format("smesim sweep: {}", manifest.value("sweep", "sweep")),
          {},
          sweep_sections(results, manifest)};
}

}  // namespace

const KindReport sweep_report{"points.csv", &sweep_page};

}  // namespace smesim::detail::report
