#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "io/report/experiment_sections.hpp"
#include "io/report/html_text.hpp"
#include "io/report/number_text.hpp"
#include "io/report/results_folder.hpp"
#include "io/report/svg_chart.hpp"

namespace smesim::detail::report {
namespace {

using nlohmann::json;

// A searched value as the console writes it: "×1.36" for a factor on several parameters
// ("scaling" in solution.json), "272 M THB" for money, else the number.
std::string value_text(const std::string& parameter, const std::string& scaling, double v) {
  if (scaling == "multiply") return "\u00d7" + grouped(v, 2);
  const std::string text = is_thb_path(parameter) ? money_text(v) : plain_number_text(v);
  return scaling == "add" && v >= 0 ? "+" + text : text;
}

std::vector<Section> solve_sections(const ReportInput& results, const json& manifest) {
  const json& solution = results.document("solution.json");
  const ReportTable& evaluations = results.table("evaluations");
  const std::string parameter = solution.at("parameter").get<std::string>();
  const std::string scaling = solution.value("scaling", "");
  const std::string target = solution.at("target").get<std::string>();
  const double level = json_number(solution.at("level"), "level");
  const std::string status = solution.at("status").get<std::string>();
  const double answer = json_number(solution.value("answer", json()), "answer");
  // A solve whose level is not reached has no answer and no interval (null).
  const json no_interval = json::object();
  const json& interval =
      solution.at("answer_interval").is_object() ? solution.at("answer_interval") : no_interval;
  const double range_lo = json_number(solution.at("range").at(0), "range"),
               range_hi = json_number(solution.at("range").at(1), "range");

  std::vector<std::size_t> order(evaluations.rows());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) {
    return evaluations.number(a, "value") < evaluations.number(b, "value");
  });
  std::vector<double> x, p, lo, hi;
  for (const auto r : order) {
    x.push_back(evaluations.number(r, "value"));
    p.push_back(evaluations.number(r, "p_met"));
    lo.push_back(evaluations.number(r, "ci95_lo"));
    hi.push_back(evaluations.number(r, "ci95_hi"));
  }
  Extent xe;
  xe.include(x);
  xe.include(range_lo);
  xe.include(range_hi);
  Chart chart("solve-curve", fmt::format("P({} met) against {}", target, parameter));
  // A factor (or amount) on several parameters is searched as such: its axis is the factor.
  const bool money_axis = is_thb_path(parameter) && scaling != "multiply";
  chart.set_x(xe.lo, xe.hi,
              scaling == "multiply" ? "factor on every " + parameter
              : money_axis          ? parameter + " (M THB)"
                                    : parameter,
              money_axis ? TickFormat::millions : TickFormat::plain);
  chart.set_y(0, 1, fmt::format("P({} met)", target), TickFormat::probability);
  const double interval_lo = json_number(interval.value("lo", json()), "answer_interval.lo");
  const double interval_hi_raw = json_number(interval.value("hi", json()), "answer_interval.hi");
  const double interval_hi = std::isfinite(interval_hi_raw) ? interval_hi_raw : range_hi;
  if (std::isfinite(answer))
    chart.vertical_band("answer's interval", interval_lo, interval_hi, Colour::orange, 0.18);
  chart.line("P(met) at evaluated values", x, p, Colour::blue);
  chart.points("Wilson 95% CI", x, p, lo, hi, Colour::blue);
  chart.target_line("level", level, fmt::format("level {}", probability_text(level)));
  if (std::isfinite(answer))
    chart.vertical_line("answer", answer, "answer " + value_text(parameter, scaling, answer),
                        Colour::vermillion, false);

  std::string headline;
  if (solution.contains("answer_text") && solution.at("answer_text").is_string())
    // The sentence the console prints: the answer as money a director quotes.
    headline = fmt::format(
        "<p class=\"big\" data-answer=\"{}\">Answer: {}</p>"
        "<p>Interval for the answer: {}{}, {}]{}. {}</p>",
        answer, escape_html(solution.at("answer_text").get<std::string>()),
        interval.value("lo_inclusive", false) ? "[" : "(", value_text(parameter, scaling, interval_lo),
        std::isfinite(interval_hi_raw) ? value_text(parameter, scaling, interval_hi_raw) : "beyond the range",
        status == "already_met" ? " (the level is already met at the range's low end)" : "",
        escape_html(interval.value("definition", "")));
  else if (status == "converged" || status == "already_met")
    headline = fmt::format(
        "<p class=\"big\" data-answer=\"{}\">Smallest <code>{}</code> with P({} met) \u2265 {}: "
        "<strong>{}</strong></p>"
        "<p>Interval for the answer: {}{}, {}]{}. {}</p>",
        answer, escape_html(parameter), escape_html(target), probability_text(level),
        value_text(parameter, scaling, answer), interval.value("lo_inclusive", false) ? "[" : "(",
        value_text(parameter, scaling, interval_lo),
        std::isfinite(interval_hi_raw) ? value_text(parameter, scaling, interval_hi_raw) : "beyond the range",
        status == "already_met" ? " (the level is already met at the range's low end)" : "",
        escape_html(interval.value("definition", "")));
  else
    headline = fmt::format(
        "<p class=\"big\" data-answer=\"none\">Not reachable: P({} met) stays below {} up to {} = {}.</p>",
        escape_html(target), probability_text(level), escape_html(parameter),
        value_text(parameter, scaling, range_hi));
  // P(met) where the search ended: at the answer, or at the range's top when not reached.
  const bool answered = solution.contains("p_met_at_answer");
  const char* at_key = answered ? "p_met_at_answer" : "p_met_at_hi";
  if (solution.contains(at_key) && solution.at(at_key).is_object()) {
    const auto& at = solution.at(at_key);
    headline += fmt::format(
        "<p data-p-met-at=\"{}\">At {}: P(met) = {} (Wilson 95% CI {} \u2013 {}), {} of {} "
        "replications.</p>",
        answered ? "answer" : "hi", answered ? "the answer" : "the range's top",
        probability_text(json_number(at.at("p_met"), "p_met")),
        probability_text(json_number(at.at("ci95").at(0), "ci95")),
        probability_text(json_number(at.at("ci95").at(1), "ci95")), at.value("replications_met", 0),
        at.value("replications", 0));
  }
  if (solution.contains("binding_target") && solution.at("binding_target").is_object()) {
    const auto& binding = solution.at("binding_target");
    headline += fmt::format(
        "<p data-binding=\"{}\">The binding target {} <strong>{}</strong>: the least likely "
        "of the three to be met (P(met) {}).</p>",
        escape_html(binding.value("target", "")), status == "not_reachable" ? "at the range's top is" : "is",
        escape_html(binding.value("title", "")),
        probability_text(json_number(binding.value("p_met", json()), "binding_target.p_met")));
  }
  // What decides the target at the answer, in the words of the run report's drivers.
  const char* drivers_key = solution.contains("drivers_at_answer") ? "drivers_at_answer" : "drivers_at_hi";
  if (solution.contains(drivers_key) && solution.at(drivers_key).is_object()) {
    const auto& drivers = solution.at(drivers_key);
    if (const std::string text = drivers.value("text", ""); !text.empty())
      headline += fmt::format("<p data-drivers-at-answer=\"{}\">What decides it at {}: {}</p>",
                              escape_html(drivers.value("output", "")),
                              value_text(parameter, scaling, json_number(drivers.at("value"), "value")),
                              escape_html(text));
  }
  headline +=
      fmt::format("<p class=\"note\">{} replications per evaluated value, on common random numbers.</p>",
                  manifest.value("replications_per_value", 0));
  std::string html = headline + "<div class=\"figures\">" +
                     figure(chart.svg(),
                            "Each evaluation of the bisection with its Wilson 95% interval; the shaded span "
                            "is the answer's interval, the dashed line the required level.") +
                     "</div>";
  std::vector<std::vector<TableCell>> rows;
  for (std::size_t r = 0; r < evaluations.rows(); ++r) {
    const double v = evaluations.number(r, "value"), pm = evaluations.number(r, "p_met");
    rows.push_back({{evaluations.text(r, "step"), evaluations.number(r, "step")},
                    {value_text(parameter, scaling, v), v},
                    {fmt::format("{} <span class=\"note\">[{}, {}]</span>", probability_text(pm),
                                 probability_text(evaluations.number(r, "ci95_lo")),
                                 probability_text(evaluations.number(r, "ci95_hi"))),
                     pm},
                    {evaluations.text(r, "replications"), evaluations.number(r, "replications")}});
  }
  html += "<h3>Evaluations</h3>" +
          sortable_table("solve-table", {"Step", escape_html(parameter), "P(met) [95% CI]", "Replications"},
                         {true, true, true, true}, rows);
  return {{"solve", "What it takes", html}};
}

ReportPage solve_page(const ReportInput& results, const nlohmann::json& manifest) {
  return {fmt::format("smesim solve: {}", manifest.value("solve", "solve")),
          {},
          solve_sections(results, manifest)};
}

}  // namespace

const KindReport solve_report{"solution.json", &solve_page};

}  // namespace smesim::detail::report
