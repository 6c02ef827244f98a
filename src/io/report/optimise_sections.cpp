#include <cmath>

#include <fmt/format.h>

#include "io/report/experiment_sections.hpp"
#include "io/report/html_text.hpp"
#include "io/report/number_text.hpp"
#include "io/report/results_folder.hpp"
#include "io/report/svg_chart.hpp"

namespace smesim::detail::report {
namespace {

// best.json is read in its own order: variables as the file lists them, agencies as the
// scenario does, targets as every other output does.
using ojson = nlohmann::ordered_json;

bool is_probability(const ojson& objective) { return objective.value("statistic", "") == "probability_met"; }

std::string objective_name(const ojson& objective) {
  const std::string statistic = objective.value("statistic", "");
  if (statistic == "probability_met") return fmt::format("P({} met)", objective.value("target", "all"));
  return fmt::format("{} {}", statistic, objective.value("kpi", ""));
}

// A value of the objective, or of a difference of it, in its unit.
std::string objective_text(const ojson& objective, double v) {
  if (is_probability(objective)) return probability_text(v);
  return std::fabs(v) >= 1e6 ? m_thb_text(v) : plain_number_text(v);
}

std::string estimate_text(const ojson& objective, const ojson& estimate) {
  return fmt::format("{} <span class=\"note\">[{}, {}]</span>",
                     objective_text(objective, json_number(estimate.at("value"), "value")),
                     objective_text(objective, json_number(estimate.at("ci95").at(0), "ci95")),
                     objective_text(objective, json_number(estimate.at("ci95").at(1), "ci95")));
}

std::string variable_text(const std::string& name, double v) {
  if (name.starts_with("budget_shares.")) return fmt::format("{:.1f}%", 100 * v);
  // Four significant digits: a search's optimum is not known to more.
  return is_thb_path(name) ? thb_text(v) : fmt::format("{:.4g}", v);
}

std::string variables_table(const ojson& best) {
  std::vector<std::vector<TableCell>> rows;
  const ojson& base = best.at("base").at("variables");
  // A variable the base scenario gives as `auto` or a prior: what it gives, and where the
  // search started from it.
  const ojson given = best.at("base").value("given", ojson::object());
  for (const auto& [name, value] : best.at("variables").items()) {
    const double b = json_number(base.at(name), name), v = json_number(value, name);
    std::string base_text = variable_text(name, b);
    if (given.contains(name) && given.at(name).is_string())
      base_text =
          fmt::format("{} (search started at {})", escape_html(given.at(name).get<std::string>()), base_text);
    rows.push_back({{escape_html(name), 0}, {base_text, b}, {variable_text(name, v), v}});
  }
  return sortable_table("optimise-variables", {"Variable", "Base", "Best"}, {false, true, true}, rows);
}

std::string targets_table(const ojson& best) {
  std::vector<std::vector<TableCell>> rows;
  const ojson probability{{"statistic", "probability_met"}};
  for (const auto& [target, t] : best.at("targets").items()) {
    const auto p = [&](const ojson& a) {
      return TableCell{fmt::format("{} <span class=\"note\">[{}, {}]</span>",
                                   probability_text(json_number(a.at("probability_met"), "p")),
                                   probability_text(json_number(a.at("ci95").at(0), "ci95")),
                                   probability_text(json_number(a.at("ci95").at(1), "ci95"))),
                       json_number(a.at("probability_met"), "p")};
    };
    const ojson& d = t.at("paired_difference");
    rows.push_back({{escape_html(target), 0},
                    p(t.at("base")),
                    p(t.at("best")),
                    {estimate_text(probability, d), json_number(d.at("value"), "value")}});
  }
  return sortable_table(
      "optimise-targets",
      {"Target", "P(met), base [95% CI]", "P(met), best [95% CI]", "Best \u2212 base, paired [95% CI]"},
      {false, true, true, true}, rows);
}

// Each agency's budget, base against best, as bars, and per track as a table.
std::string budgets_html(const ojson& budgets) {
  const ojson& base = budgets.at("base");
  const ojson& best = budgets.at("best");
  if (base.empty() || best.empty()) return "";
  std::vector<std::string> agencies;
  std::vector<double> base_total, best_total;
  std::vector<std::vector<TableCell>> rows;
  for (const auto& [agency, b] : base.items()) {
    agencies.push_back(agency);
    const ojson& n = best.at(agency);
    base_total.push_back(json_number(b.at("total"), "total"));
    best_total.push_back(json_number(n.at("total"), "total"));
    std::vector<TableCell> row{{escape_html(agency), 0}};
    for (const char* track : {"total", "mentoring", "network", "technology"}) {
      const double from = json_number(b.at(track), track), to = json_number(n.at(track), track);
      row.push_back({fmt::format("{} \u2192 {}", m_thb_text(from), m_thb_text(to)), to - from});
    }
    rows.push_back(std::move(row));
  }
  Extent x;
  x.include(0.0);
  x.include(base_total);
  x.include(best_total);
  Chart chart("optimise-budgets", "Budget per agency, base and best",
              ChartSize{.height = 60.0 + 28.0 * static_cast<double>(agencies.size())});
  chart.set_x(0, x.hi, "budget (M THB)", TickFormat::millions);
  chart.set_y_categories(agencies);
  const std::vector<double> none(agencies.size(), std::nan(""));
  chart.bars("base", base_total, none, none, Colour::grey);
  chart.bars("best", best_total, none, none, Colour::blue);
  return "<div class=\"figures\">" +
         figure(chart.svg(),
                "Each agency's budget in the base scenario (grey) and in the best candidate (blue).") +
         "</div><h3>Per agency and track (M THB, base \u2192 best)</h3>" +
         sortable_table("optimise-budgets-table", {"Agency", "Total", "Mentoring", "Network", "Technology"},
                        {false, true, true, true, true}, rows);
}

Section best_section(const ojson& best, const nlohmann::json& manifest) {
  const ojson& objective = best.at("objective");
  const ojson& gain = best.at("paired_difference");
  std::string html;
  if (best.contains("recommendation_text") && best.at("recommendation_text").is_string())
    html += fmt::format("<p class=\"big\" data-recommendation=\"{}\">{}</p>",
                        escape_html(best.value("recommendation", "")),
                        escape_html(best.at("recommendation_text").get<std::string>()));
  html += fmt::format(
      "<p data-gain=\"{}\">{} {}: best <strong>{}</strong> against base {}; gain "
      "<strong>{}</strong> (95% CI {} \u2013 {})</p>",
      json_number(gain.at("value"), "gain"),
      objective.value("sense", "maximise") == "maximise" ? "Maximised" : "Minimised",
      escape_html(objective_name(objective)),
      objective_text(objective, json_number(objective.at("value"), "value")),
      objective_text(objective, json_number(best.at("base").at("objective").at("value"), "value")),
      objective_text(objective, json_number(gain.at("value"), "gain")),
      objective_text(objective, json_number(gain.at("ci95").at(0), "ci95")),
      objective_text(objective, json_number(gain.at("ci95").at(1), "ci95")));
  const ojson& reevaluation = best.at("reevaluation");
  html += fmt::format(
      "<p class=\"note\">Best and base re-evaluated together on {} fresh replications (seed {}), not those "
      "the "
      "search chose the best on, so the gain is not the winner's curse; the gain is paired over those "
      "replications ({}). The search evaluated {} candidates of {} replications each.</p>",
      reevaluation.value("replications", std::uint64_t{0}), reevaluation.value("seed", std::uint64_t{0}),
      escape_html(gain.value("method", "")), best.at("search").value("candidates", 0),
      manifest.value("replications_per_candidate", 0));
  for (const ojson& c : best.at("constraints"))
    html += fmt::format("<p>Constraint P({} met) \u2265 {}: {} at the best ({}).</p>",
                        escape_html(c.value("target", "")),
                        probability_text(json_number(c.at("probability_met_at_least"), "level")),
                        probability_text(json_number(c.at("best_probability_met"), "p")),
                        c.value("met", false) ? "met" : "<strong>not met</strong> on the fresh replications");
  html += "<h3>Variables</h3>" + variables_table(best) + "<h3>Targets</h3>" + targets_table(best) +
          budgets_html(best.at("budgets_thb"));
  return {"optimise", "Best against base", html};
}

Section trace_section(const ojson& best, const ReportTable& trace) {
  const ojson& objective = best.at("objective");
  const std::vector<double> generation = trace.numbers("generation");
  const std::vector<double> best_values = trace.numbers("best");
  const std::vector<double> mean_values = trace.numbers("mean");
  Extent x, y;
  x.include(generation);
  y.include(best_values);
  y.include(mean_values);
  const double reevaluated = json_number(objective.at("value"), "value");
  y.include(reevaluated);
  if (is_probability(objective)) {
    y.include(0.0);
    y.include(1.0);
  }
  Chart chart("optimise-trace", "The search's convergence");
  chart.set_x(x.lo, std::max(x.hi, x.lo + 1), "generation", TickFormat::count);
  chart.set_y(y.lo, y.hi, objective_name(objective),
              is_probability(objective) ? TickFormat::probability : TickFormat::plain);
  chart.line("best of the generation", generation, best_values, Colour::blue);
  chart.line("mean of the generation", generation, mean_values, Colour::orange, true);
  chart.target_line("re-evaluated best", reevaluated, "re-evaluated best");
  Chart sigma("optimise-sigma", "Step size");
  Extent s;
  const std::vector<double> sigmas = trace.numbers("sigma");
  s.include(sigmas);
  s.include(0.0);
  sigma.set_x(x.lo, std::max(x.hi, x.lo + 1), "generation", TickFormat::count);
  sigma.set_y(0, s.hi, "\u03c3 (search coordinates)", TickFormat::plain);
  sigma.line("sigma", generation, sigmas, Colour::green);
  const std::string html =
      fmt::format(
          "<p>CMA-ES, population {}, {} coordinates; stopped by <code>{}</code> after {} generations.</p>",
          best.at("search").value("population", 0), best.at("search").value("dimension", 0),
          escape_html(best.at("search").value("stopped", "")), trace.rows()) +
      "<div class=\"figures\">" +
      figure(
          chart.svg(),
          "The best and the mean objective of each generation, each on the generation's own replications "
          "(so the best is optimistic); the line is the best candidate re-evaluated on fresh replications.") +
      figure(sigma.svg(), "CMA-ES' step size: it shrinks as the search settles.") + "</div>";
  return {"optimise-trace", "Convergence", html};
}

std::vector<Section> optimise_sections(const ReportInput& results, const nlohmann::json& manifest) {
  const ojson& best = results.ordered_document("best.json");
  const ReportTable& trace = results.table("trace");
  return {best_section(best, manifest), trace_section(best, trace)};
}

ReportPage optimise_page(const ReportInput& results, const nlohmann::json& manifest) {
  return {fmt::format("smesim optimise: {}", manifest.value("optimise", "optimisation")),
          {},
          optimise_sections(results, manifest)};
}

}  // namespace

const KindReport optimise_report{"best.json", &optimise_page};

}  // namespace smesim::detail::report
