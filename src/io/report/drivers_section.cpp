#include "io/report/drivers_section.hpp"

#include <cctype>
#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "io/report/html_text.hpp"
#include "io/report/number_text.hpp"
#include "io/report/results_folder.hpp"
#include "io/report/svg_chart.hpp"

namespace smesim::detail::report {
namespace {

using nlohmann::json;

// Below this |correlation| the largest driver is called weak (Cohen 1988: 0.1 small, 0.3 medium).
constexpr double kWeak = 0.3;
// Drivers named in a sentence; the others are counted.
constexpr std::size_t kNamed = 3;

struct OutputWords {
  const char* key;     ///< under summary.json drivers.outputs
  const char* title;   ///< as a sentence starts
  const char* target;  ///< its key under summary.json targets, or nullptr for a KPI
  const char* kpi;     ///< its key under summary.json kpis, or nullptr for a target
  bool money;
};
constexpr OutputWords kOutputs[] = {
    {"developed", "SMEs developed", nullptr, "developed", false},
    {"expanded", "SMEs expanded into new markets", nullptr, "expanded", false},
    {"cost_reduction_thb", "Cost reduction", nullptr, "cost_reduction_thb", true},
    {"met_developed_smes", "Meeting the target of SMEs developed", "developed_smes", nullptr, false},
    {"met_expanded_smes", "Meeting the target of SMEs expanded", "expanded_smes", nullptr, false},
    {"met_cost_reduction_thb", "Meeting the cost reduction target", "cost_reduction_thb", nullptr, false},
    {"met_all", "Meeting all three targets together", "all", nullptr, false},
};

OutputWords words_of(const std::string& key) {
  for (const auto& w : kOutputs)
    if (key == w.key) return w;
  return {nullptr, nullptr, nullptr, nullptr, false};
}

std::string title_of(const OutputWords& w, const std::string& key) { return w.title ? w.title : key; }

// The title inside a sentence: "cost reduction", but "SMEs developed" keeps its capitals.
std::string lower_title(std::string title) {
  if (title.size() > 1 && std::islower(static_cast<unsigned char>(title[1])) != 0)
    title[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(title[0])));
  return title;
}

double number_or_nan(const json& value) { return value.is_number() ? value.get<double>() : std::nan(""); }

// One parameter's correlation as the words use it: the PRCC, or Spearman's where the PRCC was
// not computed for too few replications.
struct Correlation {
  std::string parameter;
  double r = std::nan("");
  double lo = std::nan("");
  double hi = std::nan("");
  [[nodiscard]] bool is_driver() const {
    return std::isfinite(r) && std::isfinite(lo) && std::isfinite(hi) && (lo > 0 || hi < 0);
  }
};

bool too_few_replications(const json& entry) {
  for (const auto& p : entry.at("parameters"))
    if (p.value("prcc_status", "") == "too_few_replications") return true;
  return false;
}

std::vector<Correlation> correlations(const json& entry, bool spearman) {
  const char* value = spearman ? "spearman" : "prcc";
  const char* interval = spearman ? "spearman_ci95" : "prcc_ci95";
  std::vector<Correlation> out;
  for (const auto& p : entry.at("parameters")) {
    const json& ci = p.at(interval);
    out.push_back({p.at("parameter").get<std::string>(), number_or_nan(p.at(value)), number_or_nan(ci.at(0)),
                   number_or_nan(ci.at(1))});
  }
  return out;
}

std::string correlation_text(const Correlation& c) {
  return fmt::format("{}, 95% CI {} to {}", grouped(c.r, 2), grouped(c.lo, 2), grouped(c.hi, 2));
}

// What a constant output is in every replication.
std::string constant_detail(const OutputWords& w, const json& summary) {
  if (w.target != nullptr) {
    const double p = number_or_nan(summary.at("targets").at(w.target).at("probability_met"));
    const bool all = std::string(w.target) == "all";
    if (p == 1)
      return all ? "every replication meets all three targets" : "every replication meets the target";
    if (p == 0) return all ? "no replication meets all three targets" : "no replication meets the target";
    return "";
  }
  if (w.kpi != nullptr) {
    const double v = number_or_nan(summary.at("kpis").at(w.kpi).at("p50"));
    return "it is " + (w.money ? thb_text(v) : count_text(v)) + " in every replication";
  }
  return "";
}

std::string drivers_list(const std::string& lead, const std::vector<Correlation>& drivers,
                         const char* statistic) {
  const Correlation& top = drivers.front();
  std::string text =
      std::fabs(top.r) < kWeak
          ? fmt::format("{} depends only weakly on the uncertain parameters, most on {} ({} {})", lead,
                        top.parameter, statistic, correlation_text(top))
          : fmt::format("{} depends mostly on {} ({} {})", lead, top.parameter, statistic,
                        correlation_text(top));
  const std::size_t named = std::min(drivers.size(), kNamed);
  for (std::size_t i = 1; i < named; ++i)
    text += fmt::format("{} {} ({})", i == 1 ? ", then" : " and", drivers[i].parameter,
                        correlation_text(drivers[i]));
  if (drivers.size() > named)
    text += fmt::format(", and {} more with smaller correlations (in the table)", drivers.size() - named);
  return text + ".";
}

std::string chart_of(const std::string& key, const OutputWords& w, const json& entry) {
  std::vector<std::string> names;
  std::vector<double> r, lo, hi;
  for (const Correlation& c : correlations(entry, false)) {
    names.push_back(c.parameter);
    r.push_back(c.r);
    lo.push_back(c.lo);
    hi.push_back(c.hi);
  }
  ChartSize size;
  size.left = 250;
  size.height = std::max(200.0, 90 + 34.0 * static_cast<double>(names.size()));
  Chart chart("drivers-" + key, "Partial rank correlations with " + lower_title(title_of(w, key)), size);
  chart.set_x(-1, 1, "partial rank correlation (PRCC)", TickFormat::plain);
  chart.set_y_categories(std::move(names));
  chart.bars("PRCC", r, lo, hi, Colour::blue);
  chart.vertical_line("zero", 0, "", Colour::grey, false);
  return chart.svg();
}

std::string cell_text(double r, double lo, double hi) {
  if (!std::isfinite(r)) return "n/a";
  return fmt::format("{} <span class=\"note\">[{}, {}]</span>", grouped(r, 2), grouped(lo, 2),
                     grouped(hi, 2));
}

// The outputs summary.json holds, in the order of kOutputs (a json object's keys are sorted).
std::vector<std::string> output_keys(const json& outputs) {
  std::vector<std::string> keys;
  for (const auto& w : kOutputs)
    if (outputs.contains(w.key)) keys.emplace_back(w.key);
  return keys;
}

std::string table_of(const json& outputs) {
  std::vector<std::vector<TableCell>> rows;
  for (const std::string& key : output_keys(outputs)) {
    for (const auto& p : outputs.at(key).at("parameters")) {
      const double s = number_or_nan(p.at("spearman"));
      const double prcc = number_or_nan(p.at("prcc"));
      rows.push_back(
          {{escape_html(key), 0},
           {"<code>" + escape_html(p.at("parameter").get<std::string>()) + "</code>", 0},
           {cell_text(s, number_or_nan(p.at("spearman_ci95").at(0)),
                      number_or_nan(p.at("spearman_ci95").at(1))),
            std::isfinite(s) ? s : 0},
           {cell_text(prcc, number_or_nan(p.at("prcc_ci95").at(0)), number_or_nan(p.at("prcc_ci95").at(1))),
            std::isfinite(prcc) ? prcc : 0}});
    }
  }
  return sortable_table("drivers-table", {"Output", "Parameter", "Spearman (95% CI)", "PRCC (95% CI)"},
                        {false, false, true, true}, rows);
}

std::string parameter_list(const json& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += "<code>" + escape_html(n.get<std::string>()) + "</code>";
  }
  return out;
}

}  // namespace

std::string drivers_sentence(const std::string& output, const json& drivers, const json& summary) {
  const OutputWords w = words_of(output);
  const std::string title = title_of(w, output);
  const json& entry = drivers.at("outputs").at(output);
  if (!entry.at("varies").get<bool>()) {
    const std::string detail = constant_detail(w, summary);
    return fmt::format("{}: the outcome does not vary across replications{}, so no parameter drives it.",
                       title, detail.empty() ? "" : " (" + detail + ")");
  }
  const bool too_few = too_few_replications(entry);
  const char* statistic = too_few ? "rank correlation" : "partial rank correlation";
  std::vector<Correlation> found;
  for (const Correlation& c : correlations(entry, too_few))
    if (c.is_driver()) found.push_back(c);
  std::string lead = title;
  if (too_few)
    lead = fmt::format(
        "Partial rank correlations need at least {} replications (the uncertain parameters + 4) and this run "
        "has "
        "{}; by rank correlation alone, {}",
        drivers.at("parameters").size() + 4, drivers.at("replications").get<long long>(), lower_title(title));
  if (found.empty())
    return fmt::format("{} has no clear driver: the 95% CI of every uncertain parameter's {} includes 0.",
                       lead, statistic);
  return drivers_list(lead, found, statistic);
}

std::optional<Section> drivers_section(const json& summary) {
  const auto it = summary.find("drivers");
  if (it == summary.end()) return std::nullopt;
  const json& drivers = *it;
  std::string html = fmt::format(
      "<p>Which uncertain parameters (priors drawn afresh in each replication, docs/model.md §8) the results "
      "move with, across the {} replications. The <strong>partial rank correlation</strong> (PRCC) of a "
      "parameter is the correlation of the ranks of the result and of the parameter once the ranks of the "
      "other "
      "uncertain parameters are regressed out: a monotone effect of that parameter with the others held "
      "fixed, "
      "from &minus;1 to 1 (positive: the result tends to be higher when the parameter is). For a target the "
      "result "
      "is whether a replication meets it. Parameters whose 95% interval includes 0 are not named.</p>",
      drivers.at("replications").get<long long>());
  const json& uncertain = drivers.at("parameters");
  if (uncertain.empty()) {
    html += "<p data-drivers=\"none\">No parameter is uncertain in this run: ";
    html +=
        drivers.at("constant_parameters").empty()
            ? "the scenario has no prior drawn per replication, so every replication ran the same parameters "
              "and the spread of the results comes from the model's own chance events (which firms are "
              "served, drop out, adopt or expand).</p>"
            : "every prior drew the same value in every replication.</p>";
    return Section{"drivers", "What drives the result", html};
  }
  html += "<ul class=\"drivers\">";
  for (const std::string& key : output_keys(drivers.at("outputs")))
    html += fmt::format("<li data-output=\"{}\">{}</li>", escape_html(key),
                        escape_html(drivers_sentence(key, drivers, summary)));
  html += "</ul>";
  if (!drivers.at("constant_parameters").empty())
    html += "<p class=\"note\">Priors that drew the same value in every replication, left out: " +
            parameter_list(drivers.at("constant_parameters")) + ".</p>";
  html += "<div class=\"figures\">";
  for (const char* key : {"developed", "expanded", "cost_reduction_thb"}) {
    const auto entry = drivers.at("outputs").find(key);
    if (entry == drivers.at("outputs").end() || !entry->at("varies").get<bool>() ||
        too_few_replications(*entry))
      continue;
    html += figure(chart_of(key, words_of(key), *entry),
                   "Bars: partial rank correlation of each uncertain parameter; whiskers: its 95% interval "
                   "(Fisher z).");
  }
  html += "</div><h3>Every parameter and output</h3>";
  html += table_of(drivers.at("outputs"));
  return Section{"drivers", "What drives the result", html};
}

}  // namespace smesim::detail::report
