#include "io/report/run_sections.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "io/report/drivers_section.hpp"
#include "io/report/html_text.hpp"
#include "io/report/number_text.hpp"
#include "io/report/svg_chart.hpp"
#include "io/report/target_kpis.hpp"
#include "io/report/target_status.hpp"

namespace smesim::detail::report {
namespace {

std::string value_text(double v, bool money) { return money ? thb_text(v) : count_text(v); }

double stat(const nlohmann::json& kpi, const char* name, std::string_view what) {
  return json_number(kpi.at(name), fmt::format("summary.json {}.{}", what, name));
}

std::string target_card(const TargetKpi& t, const nlohmann::json& summary) {
  const auto& target = summary.at("targets").at(t.target);
  const auto& kpi = summary.at("kpis").at(t.kpi);
  const double goal = json_number(target.at("target"), "target");
  const double p = json_number(target.at("probability_met"), "probability_met");
  const auto& ci = target.at("ci95");
  const TargetStatus status = classify_target(json_number(ci.at(0), "ci95"), json_number(ci.at(1), "ci95"));
  return fmt::format(
      "<div class=\"card {0}\" data-target=\"{1}\" data-p-met=\"{2}\" data-median=\"{3}\">"
      "<h3>{4}</h3><div>target <strong>{5}</strong></div>"
      "<div class=\"big\">{6}</div><div class=\"note\">median; 90% of replications {7} \u2013 {8}</div>"
      "<div>P(met) <strong>{9}</strong> <span class=\"note\">(95% CI {10} \u2013 {11})</span></div>"
      "<span class=\"status {0}\">{12}</span></div>",
      status_class(status), t.target, p, stat(kpi, "p50", t.kpi), escape_html(t.title),
      value_text(goal, t.money), value_text(stat(kpi, "p50", t.kpi), t.money),
      value_text(stat(kpi, "p5", t.kpi), t.money), value_text(stat(kpi, "p95", t.kpi), t.money),
      probability_text(p), probability_text(json_number(ci.at(0), "ci95")),
      probability_text(json_number(ci.at(1), "ci95")), status_words(status));
}

std::string budget_chart(const nlohmann::json& summary) {
  const auto& kpis = summary.at("kpis");
  const auto& budget = summary.at("budget");
  const std::vector<std::string> names{"Budget", "Given to agencies", "Spent by agencies", "Not spent",
                                       "Overhead"};
  const nlohmann::json* parts[] = {&budget.at("budget_thb"), &budget.at("allocation_thb"),
                                   &kpis.at("spent_thb"), &budget.at("not_spent_thb"),
                                   &budget.at("overhead_thb")};
  std::vector<double> median, lo, hi;
  for (const auto* part : parts) {
    median.push_back(stat(*part, "p50", "budget"));
    lo.push_back(stat(*part, "p5", "budget"));
    hi.push_back(stat(*part, "p95", "budget"));
  }
  Extent x;
  x.include(0.0);
  x.include(hi);
  x.include(median);
  ChartSize size;
  size.height = 230;
  size.left = 150;
  Chart chart("budget", "Budget: spent and not spent (M THB)", size);
  chart.set_x(x.lo, x.hi, "M THB", TickFormat::millions);
  chart.set_y_categories(names);
  chart.bars("median", median, lo, hi, Colour::blue);
  return chart.svg();
}

std::string budget_block(const nlohmann::json& summary) {
  const auto& kpis = summary.at("kpis");
  const auto& budget = summary.at("budget");
  const double total = stat(budget.at("budget_thb"), "p50", "budget");
  const double spent = stat(kpis.at("spent_thb"), "p50", "spent_thb");
  const double not_spent = stat(budget.at("not_spent_thb"), "p50", "not_spent_thb");
  std::string out = fmt::format(
      "<h3>Budget</h3><p data-budget=\"{}\" data-spent=\"{}\" data-not-spent=\"{}\">Budget "
      "<strong>{}</strong>; "
      "spent <strong>{}</strong> (median; 90% of replications {} \u2013 {}); not spent <strong>{}</strong> "
      "(median: agencies' unspent budget plus any budget not given to an agency).</p>",
      total, spent, not_spent, thb_text(total), thb_text(spent),
      thb_text(stat(kpis.at("spent_thb"), "p5", "spent_thb")),
      thb_text(stat(kpis.at("spent_thb"), "p95", "spent_thb")), thb_text(not_spent));
  out += figure(budget_chart(summary),
                "Medians across replications, whiskers 5%\u201395%. Spent + not spent + overhead = budget.");
  return out;
}

// The rows of one monthly KPI of timeseries_summary.csv, in month order.
struct MonthlySeries {
  std::vector<double> month, p5, p25, p50, p75, p95;
};

MonthlySeries monthly(const ReportTable& table, std::string_view kpi) {
  MonthlySeries s;
  for (std::size_t r = 0; r < table.rows(); ++r) {
    if (table.text(r, "kpi") != kpi) continue;
    // Month m (0-based) holds what is credited by the end of month m + 1.
    s.month.push_back(table.number(r, "month") + 1);
    s.p5.push_back(table.number(r, "p5"));
    s.p25.push_back(table.number(r, "p25"));
    s.p50.push_back(table.number(r, "p50"));
    s.p75.push_back(table.number(r, "p75"));
    s.p95.push_back(table.number(r, "p95"));
  }
  if (s.month.empty())
    throw ReportInputError(fmt::format("timeseries_summary.csv: no rows for the KPI `{}`", kpi));
  return s;
}

std::string fan_chart(const TargetKpi& t, const MonthlySeries& s, double goal, double window_months) {
  Extent y;
  y.include(0.0);
  y.include(s.p95);
  y.include(goal);
  Extent x;
  x.include(0.0);
  x.include(s.month);
  Chart chart(std::string("fan-") + t.kpi, t.title);
  chart.set_x(x.lo, x.hi, "month since the programme started", TickFormat::count);
  chart.set_y(y.lo, y.hi, t.money ? "M THB (cumulative)" : "SMEs (cumulative)",
              t.money ? TickFormat::millions : TickFormat::count);
  chart.band("90% band", s.month, s.p5, s.p95, Colour::sky, 0.35);
  chart.band("50% band", s.month, s.p25, s.p75, Colour::blue, 0.35);
  chart.line("median", s.month, s.p50, Colour::blue);
  chart.target_line("target", goal, "target " + (t.money ? m_thb_text(goal) : count_text(goal)));
  if (window_months > 0)
    chart.vertical_line("end of target window", window_months, "targets counted to here", Colour::grey, true);
  return chart.svg();
}

}  // namespace

Section headline_section(const nlohmann::json& summary, const std::vector<std::string>& cautions) {
  std::string html;
  for (const std::string& caution : cautions)
    html += fmt::format("<p class=\"warning\" data-caution>Note: {}.</p>", escape_html(caution));
  html += "<div class=\"cards\">";
  for (const auto& t : kTargetKpis) html += target_card(t, summary);
  const auto& all = summary.at("targets").at("all");
  const double p_all = json_number(all.at("probability_met"), "probability_met");
  const TargetStatus status =
      classify_target(json_number(all.at("ci95").at(0), "ci95"), json_number(all.at("ci95").at(1), "ci95"));
  html += fmt::format(
      "<div class=\"card {0}\" data-target=\"all\" data-p-met=\"{1}\"><h3>All three targets together</h3>"
      "<div class=\"big\">P = {2}</div><div class=\"note\">share of replications meeting every target "
      "(95% CI {3} \u2013 {4})</div><span class=\"status {0}\">{5}</span></div></div>",
      status_class(status), p_all, probability_text(p_all),
      probability_text(json_number(all.at("ci95").at(0), "ci95")),
      probability_text(json_number(all.at("ci95").at(1), "ci95")), status_words(status));
  html += fmt::format(
      "<p class=\"note\">{} replications; targets counted in the first {} months. A target is marked likely "
      "met when the 95% CI of P(met) lies at or above {}, likely missed when it lies below {}, at risk "
      "otherwise, so that the words do not change with Monte Carlo noise.</p>",
      summary.at("replications").get<long long>(), summary.at("window_months").get<long long>(), kLikelyMet,
      kLikelyMissed);
  html += budget_block(summary);
  return {"headline", "Headline: the targets and the budget", html};
}

Section trajectories_section(const ReportTable& timeseries_summary, const nlohmann::json& summary) {
  const double window = json_number(summary.at("window_months"), "window_months");
  std::string html = "<div class=\"figures\">";
  for (const auto& t : kTargetKpis) {
    const double goal = json_number(summary.at("targets").at(t.target).at("target"), "target");
    html += figure(
        fan_chart(t, monthly(timeseries_summary, t.series), goal, window),
        fmt::format("{}: median (line), 50% and 90% of replications (bands), target (dashed).", t.title));
  }
  html += "</div>";
  return {"trajectories", "Over time", html};
}

Section agencies_section(const ReportTable& agencies) {
  std::vector<std::string> names;
  std::map<std::string, std::map<std::string, std::size_t>> row_of;  // agency -> kpi -> row
  for (std::size_t r = 0; r < agencies.rows(); ++r) {
    const std::string& a = agencies.text(r, "agency");
    if (row_of.find(a) == row_of.end()) names.push_back(a);
    row_of[a][agencies.text(r, "kpi")] = r;
  }
  const auto column = [&](const std::string& kpi, const char* stat_name) {
    std::vector<double> v;
    for (const auto& a : names) {
      const auto it = row_of[a].find(kpi);
      if (it == row_of[a].end())
        throw ReportInputError(fmt::format("agencies.csv: no row for agency {} and KPI {}", a, kpi));
      v.push_back(agencies.number(it->second, stat_name));
    }
    return v;
  };
  struct AgencyChart {
    const char* kpi;
    const char* title;
    bool money;
  };
  constexpr AgencyChart charts[] = {{"developed", "SMEs developed", false},
                                    {"expanded", "SMEs expanded into new markets", false},
                                    {"cost_reduction_thb", "Cost reduction", true},
                                    {"spent_thb", "Spent", true}};
  ChartSize size;
  size.left = 90;
  size.height = std::max(220.0, 60 + 26.0 * static_cast<double>(names.size()));
  std::string html = "<div class=\"figures\">";
  for (const auto& c : charts) {
    const auto median = column(c.kpi, "p50"), lo = column(c.kpi, "p5"), hi = column(c.kpi, "p95");
    Extent x;
    x.include(0.0);
    x.include(hi);
    x.include(median);
    Chart chart(std::string("agencies-") + c.kpi, std::string(c.title) + " by agency", size);
    chart.set_x(x.lo, x.hi, c.money ? "M THB" : "SMEs", c.money ? TickFormat::millions : TickFormat::count);
    chart.set_y_categories(names);
    chart.bars("median", median, lo, hi, Colour::blue);
    if (std::string_view(c.kpi) == "spent_thb") {
      const auto allocation = column("allocation_thb", "p50");
      x.include(allocation);
      chart.set_x(x.lo, x.hi, "M THB", TickFormat::millions);
      const std::vector<double> none(names.size(), std::nan(""));
      chart.bars("allocation", allocation, none, none, Colour::orange);
    }
    html += figure(chart.svg(),
                   fmt::format("{} by agency: median bar, whisker 5%\u201395% of replications.", c.title));
  }
  html += "</div>";

  std::vector<std::vector<TableCell>> rows;
  const auto dev = column("developed", "p50"), exp = column("expanded", "p50"),
             cost = column("cost_reduction_thb", "p50"), spent = column("spent_thb", "p50"),
             alloc = column("allocation_thb", "p50"), per_dev = column("thb_per_developed", "p50");
  for (std::size_t i = 0; i < names.size(); ++i)
    rows.push_back({{escape_html(names[i]), 0},
                    {thb_text(alloc[i]), alloc[i]},
                    {thb_text(spent[i]), spent[i]},
                    {count_text(dev[i]), dev[i]},
                    {count_text(exp[i]), exp[i]},
                    {thb_text(cost[i]), cost[i]},
                    {thb_text(per_dev[i]), per_dev[i]}});
  html += "<h3>Agencies (medians across replications)</h3>";
  html += sortable_table(
      "agency-table",
      {"Agency", "Allocation", "Spent", "Developed", "Expanded", "Cost reduction", "THB per developed SME"},
      {false, true, true, true, true, true, true}, rows);
  return {"agencies", "By agency", html};
}

Section clusters_section(const ReportTable& clusters) {
  // Province groups: sums of the networks' means (a sum of means is the mean of the sum).
  struct Group {
    int networks = 0;
    double members = 0, developed = 0, expanded = 0, cost = 0;
  };
  std::map<std::string, Group> groups;
  std::vector<std::vector<TableCell>> network_rows;
  for (std::size_t r = 0; r < clusters.rows(); ++r) {
    Group& g = groups[clusters.text(r, "province_group")];
    ++g.networks;
    g.members += clusters.number(r, "members_mean");
    g.developed += clusters.number(r, "developed_mean");
    g.expanded += clusters.number(r, "expanded_mean");
    g.cost += clusters.number(r, "cost_reduction_thb_mean");
    const double dev = clusters.number(r, "developed_p50"), exp = clusters.number(r, "expanded_p50"),
                 cost = clusters.number(r, "cost_reduction_thb_p50"),
                 trust = clusters.number(r, "trust_end_p50"),
                 adopters = clusters.number(r, "adopters_end_p50"),
                 members = clusters.number(r, "members_mean");
    network_rows.push_back({{escape_html(clusters.text(r, "cluster")), 0},
                            {escape_html(clusters.text(r, "agency")), 0},
                            {escape_html(clusters.text(r, "sector")), 0},
                            {escape_html(clusters.text(r, "province_group")), 0},
                            {count_text(members), members},
                            {fmt::format("{} <span class=\"note\">({}\u2013{})</span>", count_text(dev),
                                         count_text(clusters.number(r, "developed_p5")),
                                         count_text(clusters.number(r, "developed_p95"))),
                             dev},
                            {count_text(exp), exp},
                            {thb_text(cost), cost},
                            {count_text(adopters), adopters},
                            {grouped(trust, 2), trust}});
  }
  std::vector<std::vector<TableCell>> group_rows;
  for (const auto& [name, g] : groups)
    group_rows.push_back({{escape_html(name), 0},
                          {count_text(g.networks), static_cast<double>(g.networks)},
                          {count_text(g.members), g.members},
                          {count_text(g.developed), g.developed},
                          {count_text(g.expanded), g.expanded},
                          {thb_text(g.cost), g.cost}});
  std::string html =
      "<p class=\"note\">Click a column heading to sort.</p><h3>Province groups (means across replications, "
      "summed over the group's networks)</h3>";
  html += sortable_table("province-table",
                         {"Province group", "Networks", "Members", "Developed", "Expanded", "Cost reduction"},
                         {false, true, true, true, true, true}, group_rows);
  html += "<h3>Networks (medians across replications; developed with its 90% interval)</h3>";
  html += sortable_table("cluster-table",
                         {"Network", "Agency", "Sector", "Province group", "Members", "Developed", "Expanded",
                          "Cost reduction", "Technology adopters (end)", "Trust (end)"},
                         {false, false, false, false, true, true, true, true, true, true}, network_rows);
  return {"clusters", "By province group and network", html};
}

namespace {

// The run's sections from summary.json and the tables beside it; a field of the wrong type
// is reported against summary.json, where nearly every one comes from.
ReportPage run_page(const ReportInput& results, const nlohmann::json& manifest) {
  const nlohmann::json& summary = results.document("summary.json");
  ReportPage page;
  try {
    std::vector<std::string> cautions;
    if (const std::string note = manifest.value("uncertainty_note", ""); !note.empty())
      cautions.push_back(note);
    if (manifest.contains("unreachable_targets"))
      for (const auto& unreachable : manifest.at("unreachable_targets"))
        cautions.push_back(unreachable.get<std::string>());
    page.sections.push_back(headline_section(summary, cautions));
    page.sections.push_back(trajectories_section(results.table("timeseries_summary"), summary));
    page.sections.push_back(agencies_section(results.table("agencies")));
    page.sections.push_back(clusters_section(results.table("clusters")));
    // A folder written before runs reported their drivers has none.
    if (auto drivers = drivers_section(summary)) page.sections.push_back(std::move(*drivers));
  } catch (const nlohmann::json::exception& e) {
    throw ReportInputError(
        fmt::format("{}: expected the fields smesim writes ({})", results.where("summary.json"), e.what()));
  }
  page.title = fmt::format("smesim forecast: {}", summary.value("scenario_name", "scenario"));
  page.what = fmt::format("Forecast of {} replications x {} months", summary.value("replications", 0),
                          summary.value("horizon_months", 0));
  return page;
}

}  // namespace

const KindReport run_report{"summary.json", &run_page};

}  // namespace smesim::detail::report
