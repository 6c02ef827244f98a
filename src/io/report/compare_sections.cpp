#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "io/report/experiment_sections.hpp"
#include "io/report/html_text.hpp"
#include "io/report/results_folder.hpp"
#include "io/report/svg_chart.hpp"
#include "io/report/target_kpis.hpp"

namespace smesim::detail::report {
namespace {

using nlohmann::json;

// comparison.csv indexed by variant and KPI, variants in file order.
struct Comparison {
  ReportTable table;
  std::vector<std::string> variants;
  std::map<std::string, std::map<std::string, std::size_t>> row;  // variant -> kpi -> row

  explicit Comparison(ReportTable t) : table(std::move(t)) {
    for (std::size_t r = 0; r < table.rows(); ++r) {
      const std::string& v = table.text(r, "variant");
      if (row.find(v) == row.end()) variants.push_back(v);
      row[v][table.text(r, "kpi")] = r;
    }
  }
  [[nodiscard]] double number(const std::string& variant, const std::string& kpi,
                              std::string_view column) const {
    const auto& by_kpi = row.at(variant);
    const auto it = by_kpi.find(kpi);
    if (it == by_kpi.end())
      throw ReportInputError(fmt::format("comparison.csv: no row for variant {} and KPI {}", variant, kpi));
    return table.number(it->second, column);
  }
};

ChartSize category_size(std::size_t categories) {
  ChartSize size;
  size.left = 150;
  size.height = std::max(200.0, 90 + 28.0 * static_cast<double>(categories));
  return size;
}

std::string forest_plot(const Comparison& c, const TargetKpi& t, const std::vector<std::string>& others) {
  std::vector<double> diff, lo, hi;
  for (const auto& v : others) {
    diff.push_back(c.number(v, t.kpi, "diff_mean"));
    lo.push_back(c.number(v, t.kpi, "diff_ci95_lo"));
    hi.push_back(c.number(v, t.kpi, "diff_ci95_hi"));
  }
  Extent x;
  x.include(0.0);
  x.include(lo);
  x.include(hi);
  x.include(diff);
  Chart chart(std::string("forest-") + t.kpi, std::string(t.title) + ": difference to the baseline",
              category_size(others.size()));
  chart.set_x(x.lo, x.hi, std::string("difference to the baseline, ") + kpi_axis_title(t),
              kpi_tick_format(t));
  chart.set_y_categories(others);
  chart.vertical_line("baseline", 0, "", Colour::black, true);
  chart.intervals("mean paired difference, 95% CI", diff, lo, hi, Colour::blue);
  return chart.svg();
}

std::string p_best_chart(const Comparison& c) {
  Chart chart("p-best", "P(best) across variants", category_size(c.variants.size() * 2));
  chart.set_x(0, 1, "probability of being the best variant", TickFormat::probability);
  chart.set_y_categories(c.variants);
  const Colour colours[] = {Colour::blue, Colour::orange, Colour::green};
  const std::vector<double> none(c.variants.size(), std::nan(""));
  for (std::size_t i = 0; i < std::size(kTargetKpis); ++i) {
    std::vector<double> p;
    for (const auto& v : c.variants) p.push_back(c.number(v, kTargetKpis[i].kpi, "p_best"));
    chart.bars(kTargetKpis[i].kpi, p, none, none, colours[i]);
  }
  return chart.svg();
}

double variant_p_all(const ReportInput& results, const std::string& variant) {
  const json& summary = results.document(fmt::format("variants/{}/summary.json", variant));
  return json_number(summary.at("targets").at("all").at("probability_met"), "probability_met");
}

// agency_comparison.csv: (variant, agency, kpi, statistic) -> value, agencies and variants in
// file order.
struct AgencyComparison {
  std::vector<std::string> agencies, variants;
  std::map<std::string, double> value;

  explicit AgencyComparison(const ReportTable& t) {
    for (std::size_t r = 0; r < t.rows(); ++r) {
      const std::string& agency = t.text(r, "agency");
      const std::string& variant = t.text(r, "variant");
      if (std::find(agencies.begin(), agencies.end(), agency) == agencies.end()) agencies.push_back(agency);
      if (std::find(variants.begin(), variants.end(), variant) == variants.end()) variants.push_back(variant);
      value[key(variant, agency, t.text(r, "kpi"), t.text(r, "statistic"))] = t.number(r, "value");
    }
  }
  static std::string key(const std::string& v, const std::string& a, const std::string& k,
                         const std::string& s) {
    return v + '\n' + a + '\n' + k + '\n' + s;
  }
  [[nodiscard]] double at(const std::string& v, const std::string& a, const std::string& k,
                          const std::string& s) const {
    const auto it = value.find(key(v, a, k, s));
    if (it == value.end())
      throw ReportInputError(
          fmt::format("agency_comparison.csv: no {} of {} for variant {} and agency {}", s, k, v, a));
    return it->second;
  }
};

// Every agency under every variant: developed SMEs (median, 90% interval), the paired
// difference to the baseline, and P(the agency meets its share of the developed target).
std::string agency_table(const AgencyComparison& c, const std::string& baseline) {
  const TargetKpi& developed = kTargetKpis[0];
  std::vector<std::string> headings{"Agency",
                                    "Variant",
                                    "Developed (median)",
                                    "90% interval",
                                    "difference [95% CI]",
                                    "P(its share of the target met)"};
  std::vector<bool> numeric{false, false, true, false, true, true};
  std::vector<std::vector<TableCell>> rows;
  for (const auto& a : c.agencies) {
    for (const auto& v : c.variants) {
      const double median = c.at(v, a, "developed", "p50"), diff = c.at(v, a, "developed", "diff_mean");
      const double p_met = c.at(v, a, "developed_smes", "probability_met");
      rows.push_back({{escape_html(a == "all" ? std::string("programme") : a), 0},
                      {escape_html(v) + (v == baseline ? " <span class=\"note\">(baseline)</span>" : ""), 0},
                      {kpi_value_text(developed, median), median},
                      {fmt::format("{} \u2013 {}", kpi_value_text(developed, c.at(v, a, "developed", "p5")),
                                   kpi_value_text(developed, c.at(v, a, "developed", "p95"))),
                       0},
                      {fmt::format("{} <span class=\"note\">[{}, {}]</span>", kpi_value_text(developed, diff),
                                   kpi_value_text(developed, c.at(v, a, "developed", "diff_ci95_lo")),
                                   kpi_value_text(developed, c.at(v, a, "developed", "diff_ci95_hi"))),
                       diff},
                      {probability_text(p_met), p_met}});
    }
  }
  return sortable_table("agency-compare-table", headings, numeric, rows);
}

std::vector<Section> compare_sections(const ReportInput& results, const json& manifest) {
  const Comparison c(results.table("comparison"));
  if (c.variants.empty())
    throw ReportInputError(results.where("comparison.csv") + ":2: expected at least one variant");
  const std::string baseline = manifest.value("baseline", c.variants.front());
  std::vector<std::string> others;
  for (const auto& v : c.variants)
    if (v != baseline) others.push_back(v);

  std::string html = fmt::format(
      "<p>{} variants, {} replications each on common random numbers: replication r of every variant draws "
      "the same "
      "population, networks and priors, so differences are paired. Baseline: <strong>{}</strong>.</p>",
      c.variants.size(), manifest.value("replications_per_variant", 0), escape_html(baseline));
  // The verdict of the compare file's objective, as the console states it (absent in folders
  // written before comparisons had one).
  if (manifest.contains("ranking") && manifest.at("ranking").is_string())
    html += fmt::format(
        "<p class=\"big\" data-best=\"{}\">{}</p>",
        escape_html(manifest.value("best", json()).is_string() ? manifest.at("best").get<std::string>() : ""),
        escape_html(manifest.at("ranking").get<std::string>()));
  html += "<div class=\"figures\">";
  if (!others.empty())
    for (const auto& t : kTargetKpis)
      html += figure(
          forest_plot(c, t, others),
          fmt::format("{}: mean paired difference to {} with its 95% CI; right of the dashed line is more.",
                      t.title, escape_html(baseline)));
  html += figure(p_best_chart(c),
                 "Share of replications in which each variant has the highest value of each KPI.");
  html += "</div>";

  std::vector<std::string> headings{"Variant"};
  std::vector<bool> numeric{false};
  for (const auto& t : kTargetKpis) {
    headings.push_back(std::string(t.title) + " (median)");
    headings.push_back("difference [95% CI]");
    headings.push_back("P(better)");
    numeric.insert(numeric.end(), {true, true, true});
  }
  headings.push_back("P(all targets met)");
  numeric.push_back(true);
  std::vector<std::vector<TableCell>> rows;
  for (const auto& v : c.variants) {
    std::vector<TableCell> row{
        {escape_html(v) + (v == baseline ? " <span class=\"note\">(baseline)</span>" : ""), 0}};
    for (const auto& t : kTargetKpis) {
      const double median = c.number(v, t.kpi, "p50"), diff = c.number(v, t.kpi, "diff_mean");
      row.push_back({kpi_value_text(t, median), median});
      row.push_back({fmt::format("{} <span class=\"note\">[{}, {}]</span>", kpi_value_text(t, diff),
                                 kpi_value_text(t, c.number(v, t.kpi, "diff_ci95_lo")),
                                 kpi_value_text(t, c.number(v, t.kpi, "diff_ci95_hi"))),
                     diff});
      const double better = c.number(v, t.kpi, "p_better");
      row.push_back({probability_text(better), better});
    }
    const double p_all = variant_p_all(results, v);
    row.push_back({probability_text(p_all), p_all});
    rows.push_back(std::move(row));
  }
  html += "<h3>Variants</h3>" + sortable_table("compare-table", headings, numeric, rows);
  html +=
      "<p class=\"note\">All KPIs, with the replications needed for a chosen CI width, are in "
      "comparison.csv.</p>";
  // Folders written before the comparison by agency existed have no agency_comparison.csv.
  if (results.has_table("agency_comparison")) {
    html +=
        "<h3>By agency</h3>" + agency_table(AgencyComparison(results.table("agency_comparison")), baseline);
    html +=
        "<p class=\"note\">An agency's share of a target is the programme target times its share of the SMEs "
        "enrolled. Every KPI of every agency, with P(met) of each target, is in agency_comparison.csv.</p>";
  }
  return {{"compare", "Comparison", html}};
}

ReportPage compare_page(const ReportInput& results, const nlohmann::json& manifest) {
  return {fmt::format("smesim comparison: {}", manifest.value("comparison", "comparison")),
          {},
          compare_sections(results, manifest)};
}

}  // namespace

const KindReport compare_report{"comparison.csv", &compare_page};

}  // namespace smesim::detail::report
