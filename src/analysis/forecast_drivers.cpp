#include "smesim/analysis/forecast_drivers.hpp"

#include <algorithm>

#include "smesim/error.hpp"

namespace smesim {
namespace {

constexpr std::array kSingleTargets{Target::developed_smes, Target::expanded_smes,
                                    Target::cost_reduction_thb};

// 1 where the replication meets the target (KPI >= target, as ForecastSummary counts it: a NaN
// KPI never does), else 0.
std::vector<double> met_indicator(const std::vector<double>& kpi, double target) {
  std::vector<double> met(kpi.size());
  for (std::size_t r = 0; r < kpi.size(); ++r) met[r] = kpi[r] >= target ? 1.0 : 0.0;
  return met;
}

}  // namespace

const char* to_string(DriverOutput output) {
  switch (output) {
    case DriverOutput::developed:
      return "developed";
    case DriverOutput::expanded:
      return "expanded";
    case DriverOutput::cost_reduction_thb:
      return "cost_reduction_thb";
    case DriverOutput::met_developed_smes:
      return "met_developed_smes";
    case DriverOutput::met_expanded_smes:
      return "met_expanded_smes";
    case DriverOutput::met_cost_reduction_thb:
      return "met_cost_reduction_thb";
    case DriverOutput::met_all:
      return "met_all";
  }
  return "?";
}

ForecastDrivers forecast_drivers(const TargetsDef& targets, std::size_t replications,
                                 const std::vector<std::string>& prior_paths,
                                 const PriorColumnSource& prior_column, const KpiColumnSource& kpi_column) {
  ForecastDrivers drivers;
  drivers.replications = replications;
  drivers.priors = prior_paths;
  RankCorrelator correlator(replications);
  std::vector<double> column;
  for (std::size_t j = 0; j < prior_paths.size(); ++j) {
    prior_column(j, column);
    SMESIM_ASSERT(column.size() == replications);
    correlator.add_input(column);
  }
  drivers.uncertain = correlator.varying_inputs();
  drivers.constant = correlator.constant_inputs();
  if (drivers.uncertain.empty()) return drivers;

  // The three KPIs the targets are set on, in kSingleTargets order.
  std::array<std::vector<double>, kSingleTargets.size()> kpis;
  for (std::size_t i = 0; i < kSingleTargets.size(); ++i) {
    kpi_column(target_kpi(kSingleTargets[i]), kpis[i]);
    SMESIM_ASSERT(kpis[i].size() == replications);
  }
  const auto add = [&](DriverOutput output, const std::vector<double>& values) {
    drivers.outputs.push_back({output, correlator.correlate(values)});
  };
  add(DriverOutput::developed, kpis[0]);
  add(DriverOutput::expanded, kpis[1]);
  add(DriverOutput::cost_reduction_thb, kpis[2]);
  std::vector<double> all(replications, 1.0);
  constexpr std::array kMet{DriverOutput::met_developed_smes, DriverOutput::met_expanded_smes,
                            DriverOutput::met_cost_reduction_thb};
  for (std::size_t i = 0; i < kSingleTargets.size(); ++i) {
    const std::vector<double> met = met_indicator(kpis[i], target_value(targets, kSingleTargets[i]));
    add(kMet[i], met);
    for (std::size_t r = 0; r < replications; ++r) all[r] = std::min(all[r], met[r]);
  }
  add(DriverOutput::met_all, all);
  return drivers;
}

}  // namespace smesim
