#include "io/drivers_outputs.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "io/json_numbers.hpp"

namespace smesim::detail {
namespace {

bool too_few_for_partial(const RankCorrelations& c) {
  return std::any_of(c.inputs.begin(), c.inputs.end(), [](const InputCorrelation& i) {
    return i.prcc_status == PrccStatus::too_few_replications;
  });
}

// Why an output's correlations are what they are, in words; null when nothing needs saying.
nlohmann::ordered_json output_note(const ForecastDrivers& drivers, const RankCorrelations& c) {
  if (!c.output_varies)
    return "the outcome does not vary across replications: its correlations are undefined";
  if (too_few_for_partial(c))
    return fmt::format(
        "partial rank correlations not computed: {} replications, fewer than the {} uncertain parameters + 4 "
        "they need",
        drivers.replications, drivers.uncertain.size());
  return nullptr;
}

nlohmann::ordered_json drivers_note(const ForecastDrivers& drivers) {
  if (!drivers.uncertain.empty()) return nullptr;
  if (drivers.priors.empty())
    return "the scenario has no prior drawn per replication (docs/model.md §8): no parameter is uncertain";
  return "no prior drew more than one value across the replications: no parameter is uncertain";
}

nlohmann::ordered_json names(const ForecastDrivers& drivers, const std::vector<std::size_t>& indices) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const std::size_t i : indices) out.push_back(drivers.priors[i]);
  return out;
}

// The correlation the console names a driver by: the PRCC, or the Spearman correlation where
// too few replications left the PRCC uncomputed. nullptr when neither is defined.
struct Named {
  const char* what;
  double r;
  std::pair<double, double> ci95;
};
Named named_correlation(const InputCorrelation& c) {
  if (!std::isnan(c.prcc)) return {"", c.prcc, c.prcc_ci95};
  if (c.prcc_status == PrccStatus::too_few_replications) return {" (Spearman)", c.spearman, c.spearman_ci95};
  return {"", std::nan(""), {std::nan(""), std::nan("")}};
}

bool excludes_zero(const std::pair<double, double>& ci) { return ci.first > 0 || ci.second < 0; }

}  // namespace

nlohmann::ordered_json drivers_json(const ForecastDrivers& drivers) {
  nlohmann::ordered_json outputs = nlohmann::ordered_json::object();
  for (const OutputDrivers& o : drivers.outputs) {
    nlohmann::ordered_json parameters = nlohmann::ordered_json::array();
    for (const InputCorrelation& c : o.correlations.inputs)
      parameters.push_back({{"parameter", drivers.priors[c.input]},
                            {"spearman", json_number(c.spearman)},
                            {"spearman_ci95", json_interval(c.spearman_ci95)},
                            {"prcc", json_number(c.prcc)},
                            {"prcc_ci95", json_interval(c.prcc_ci95)},
                            {"prcc_status", to_string(c.prcc_status)}});
    outputs[to_string(o.output)] = {{"varies", o.correlations.output_varies},
                                    {"note", output_note(drivers, o.correlations)},
                                    {"parameters", std::move(parameters)}};
  }
  return {
      {"method",
       "Spearman rank correlation and partial rank correlation (PRCC) of each uncertain parameter (a prior "
       "drawn once per replication, as in priors.csv) with each output across replications; tied values get "
       "their average rank; PRCC: the ranks of the output and of the parameter are each regressed by least "
       "squares on the ranks of the other uncertain parameters, and the residuals correlated"},
      {"ci95_definition",
       "Fisher z: tanh(atanh(r) -/+ 1.959964 / sqrt(n - 3 - c)), n replications, c = 0 for spearman and "
       "c = k - 1 (the other uncertain parameters) for prcc; null where n - 3 - c < 1"},
      {"order",
       "per output, by |prcc|, largest first; parameters whose prcc is undefined after them, by |spearman|"},
      {"outputs_definition",
       "developed, expanded, cost_reduction_thb: the KPI in each replication; met_<target>: 1 when the "
       "replication meets the target (KPI >= target), else 0; met_all: 1 when it meets all three"},
      {"replications", drivers.replications},
      {"parameters", names(drivers, drivers.uncertain)},
      {"constant_parameters", names(drivers, drivers.constant)},
      {"note", drivers_note(drivers)},
      {"outputs", std::move(outputs)},
  };
}

ResultTable drivers_table(const ForecastDrivers& drivers) {
  ResultTable table("drivers",
                    "What drives the result: per output (a KPI, or whether a replication meets a target) and "
                    "uncertain parameter, the Spearman rank correlation and the partial rank correlation "
                    "(PRCC) across replications with their 95% intervals; most influential first.");
  table.column("output", Quantity::text).column("parameter", Quantity::text);
  table.column("spearman", Quantity::index)
      .column("spearman_ci95_lo", Quantity::index, IntervalEnd::lo)
      .column("spearman_ci95_hi", Quantity::index, IntervalEnd::hi);
  table.column("prcc", Quantity::index)
      .column("prcc_ci95_lo", Quantity::index, IntervalEnd::lo)
      .column("prcc_ci95_hi", Quantity::index, IntervalEnd::hi);
  table.column("prcc_status", Quantity::text);
  for (const OutputDrivers& o : drivers.outputs) {
    for (const InputCorrelation& c : o.correlations.inputs) {
      table.cell(to_string(o.output)).cell(drivers.priors[c.input]);
      table.cell(c.spearman).cell(c.spearman_ci95.first).cell(c.spearman_ci95.second);
      table.cell(c.prcc).cell(c.prcc_ci95.first).cell(c.prcc_ci95.second);
      table.cell(to_string(c.prcc_status));
      table.end_row();
    }
  }
  return table;
}

std::string drivers_console(const ForecastDrivers& drivers) {
  if (drivers.outputs.empty()) return "";
  std::string text =
      "Drivers (largest partial rank correlation with the KPI, 95% CI; all of them in drivers.csv):\n";
  for (const OutputDrivers& o : drivers.outputs) {
    if (o.output != DriverOutput::developed && o.output != DriverOutput::expanded &&
        o.output != DriverOutput::cost_reduction_thb)
      continue;
    const RankCorrelations& c = o.correlations;
    std::string line;
    if (!c.output_varies) {
      line = "does not vary across replications";
    } else {
      const InputCorrelation& top = c.inputs.front();
      const Named n = named_correlation(top);
      if (std::isnan(n.r) || !excludes_zero(n.ci95))
        line = "no clear driver (no parameter's 95% CI excludes 0)";
      else
        line = fmt::format("{} {:.2f} [{:.2f}, {:.2f}]{}", drivers.priors[top.input], n.r, n.ci95.first,
                           n.ci95.second, n.what);
    }
    text += fmt::format("  {:<20}{}\n", to_string(o.output), line);
  }
  return text;
}

}  // namespace smesim::detail
