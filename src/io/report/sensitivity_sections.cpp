#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "io/report/experiment_sections.hpp"
#include "io/report/html_text.hpp"
#include "io/report/number_text.hpp"
#include "io/report/results_folder.hpp"
#include "io/report/svg_chart.hpp"

namespace smesim::detail::report {
namespace {

using nlohmann::json;

struct KpiRows {
  std::string kpi;
  std::vector<std::size_t> rows;
};

std::vector<KpiRows> rows_by_kpi(const ReportTable& indices) {
  std::vector<KpiRows> out;
  for (std::size_t r = 0; r < indices.rows(); ++r) {
    const std::string& kpi = indices.text(r, "kpi");
    auto it = std::find_if(out.begin(), out.end(), [&](const KpiRows& k) { return k.kpi == kpi; });
    if (it == out.end()) it = out.insert(out.end(), KpiRows{kpi, {}});
    it->rows.push_back(r);
  }
  return out;
}

std::vector<double> values(const ReportTable& t, const std::vector<std::size_t>& rows,
                           std::string_view column) {
  std::vector<double> v;
  for (const auto r : rows) v.push_back(t.number(r, column));
  return v;
}

ChartSize size_for(std::size_t parameters) {
  ChartSize size;
  size.left = 250;
  size.height = std::max(220.0, 90 + 40.0 * static_cast<double>(parameters));
  return size;
}

std::string sobol_chart(const ReportTable& t, const KpiRows& k, std::vector<std::string> names) {
  const auto s1 = values(t, k.rows, "S1"), s1_lo = values(t, k.rows, "S1_ci95_lo"),
             s1_hi = values(t, k.rows, "S1_ci95_hi");
  const auto st = values(t, k.rows, "ST"), st_lo = values(t, k.rows, "ST_ci95_lo"),
             st_hi = values(t, k.rows, "ST_ci95_hi");
  Extent x;
  x.include(0.0);
  x.include(1.0);
  for (const auto* v : {&s1, &s1_lo, &s1_hi, &st, &st_lo, &st_hi}) x.include(*v);
  Chart chart("sobol-" + k.kpi, "Sobol' indices of " + k.kpi, size_for(names.size()));
  chart.set_x(x.lo, x.hi, "share of the variance of " + k.kpi, TickFormat::probability);
  chart.set_y_categories(std::move(names));
  chart.bars("first order S1", s1, s1_lo, s1_hi, Colour::blue);
  chart.bars("total ST", st, st_lo, st_hi, Colour::orange);
  return chart.svg();
}

std::string morris_chart(const ReportTable& t, const KpiRows& k, std::vector<std::string> names) {
  const auto mu_star = values(t, k.rows, "mu_star"), sigma = values(t, k.rows, "sigma");
  const std::vector<double> none(names.size(), std::nan(""));
  Extent x;
  x.include(0.0);
  x.include(mu_star);
  x.include(sigma);
  Chart chart("morris-" + k.kpi, "Morris elementary effects on " + k.kpi, size_for(names.size()));
  chart.set_x(x.lo, x.hi, "elementary effect on " + k.kpi + " (per unit range)", TickFormat::plain);
  chart.set_y_categories(std::move(names));
  chart.bars("mu* (mean |effect|)", mu_star, none, none, Colour::blue);
  chart.bars("sigma (interaction, non-linearity)", sigma, none, none, Colour::orange);
  return chart.svg();
}

std::vector<Section> sensitivity_sections(const ReportInput& results, const json& manifest) {
  const ReportTable& indices = results.table("indices");
  const bool sobol = indices.has_column("S1");
  const auto by_kpi = rows_by_kpi(indices);
  std::string html =
      sobol ? fmt::format(
                  "<p>Sobol' indices from {} base points \u00d7 {} replications per row; whiskers are "
                  "bootstrap 95% intervals ({} resamples). S1: the share of the output's variance "
                  "explained by the parameter alone; ST: including its interactions.</p>",
                  manifest.value("base_points", 0), manifest.value("replications_per_row", 0),
                  manifest.value("bootstrap", 0))
            : "<p>Morris screening: mu* ranks the parameters by influence; a large sigma marks "
              "interactions or non-linear effects.</p>";
  // Ranges the file left to the scenario's priors (docs/experiments.md "Sensitivity" (ranges from priors)).
  if (const auto r = manifest.find("ranges_from_priors");
      r != manifest.end() && r->is_object() && !r->empty()) {
    html +=
        "<p class=\"note\" data-ranges-from-priors>Ranges taken from the scenario's priors (the design spans "
        "each range evenly; it does not weight it by the prior):</p><ul>";
    for (const auto& [path, from] : r->items())
      html += fmt::format("<li><code>{}</code>: [{}, {}], the {} of its prior <code>{}</code></li>",
                          escape_html(path), plain_number_text(from.at("range").at(0).get<double>()),
                          plain_number_text(from.at("range").at(1).get<double>()),
                          escape_html(from.value("rule", "")), escape_html(from.value("prior", "")));
    html += "</ul>";
  }
  // The analysis's own warnings (unreliable or undefined indices, a small base sample).
  if (const auto d = manifest.find("diagnostics"); d != manifest.end() && d->is_array() && !d->empty()) {
    html += "<div class=\"warning\"><p><strong>Read these indices with care:</strong></p><ul>";
    for (const auto& line : *d)
      if (line.is_string()) html += "<li>" + escape_html(line.get<std::string>()) + "</li>";
    html += "</ul></div>";
  }
  html += "<div class=\"figures\">";
  for (const auto& k : by_kpi) {
    std::vector<std::string> names;
    for (const auto r : k.rows) names.push_back(indices.text(r, "parameter"));
    html += figure(sobol ? sobol_chart(indices, k, names) : morris_chart(indices, k, names),
                   fmt::format("Influence of each parameter on {}.", escape_html(k.kpi)));
  }
  html += "</div>";

  std::vector<std::string> headings{"KPI", "Parameter"};
  std::vector<bool> numeric{false, false};
  const std::vector<std::string> columns =
      sobol ? std::vector<std::string>{"S1", "ST"} : std::vector<std::string>{"mu", "mu_star", "sigma"};
  for (const auto& c : columns) headings.push_back(c), numeric.push_back(true);
  std::vector<std::vector<TableCell>> rows;
  for (std::size_t r = 0; r < indices.rows(); ++r) {
    std::vector<TableCell> row{{escape_html(indices.text(r, "kpi")), 0},
                               {"<code>" + escape_html(indices.text(r, "parameter")) + "</code>", 0}};
    for (const auto& c : columns) {
      const double v = indices.number(r, c);
      std::string text = sobol ? grouped(v, 3) : plain_number_text(v);
      if (sobol)
        text += fmt::format(" <span class=\"note\">[{}, {}]</span>",
                            grouped(indices.number(r, c + "_ci95_lo"), 3),
                            grouped(indices.number(r, c + "_ci95_hi"), 3));
      row.push_back({text, v});
    }
    rows.push_back(std::move(row));
  }
  html += "<h3>Indices</h3>" + sortable_table("sensitivity-table", headings, numeric, rows);
  return {{"sensitivity", "Sensitivity", html}};
}

ReportPage sensitivity_page(const ReportInput& results, const nlohmann::json& manifest) {
  return {fmt::format("smesim sensitivity: {}", manifest.value("sensitivity", "analysis")),
          {},
          sensitivity_sections(results, manifest)};
}

}  // namespace

const KindReport sensitivity_report{"indices.csv", &sensitivity_page};

}  // namespace smesim::detail::report
