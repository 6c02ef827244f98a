#include "study/held_drivers.hpp"

#include <string>
#include <utility>
#include <vector>

#include "smesim/analysis/forecast_summary.hpp"
#include "smesim/scenario/prior_draws.hpp"

namespace smesim::detail {

ForecastDrivers held_forecast_drivers(const ScenarioDef& variant,
                                      std::span<const ReplicationResult> results) {
  // draws[i][j]: prior j of replication i, as priors.csv would list it.
  std::vector<std::vector<std::pair<std::string, double>>> draws;
  draws.reserve(results.size());
  for (const ReplicationResult& r : results)
    draws.push_back(prior_draws(variant, variant.seed, r.replication));
  std::vector<std::string> paths;
  if (!draws.empty())
    for (const auto& [path, value] : draws.front()) paths.push_back(path);
  return forecast_drivers(
      variant.targets, results.size(), paths,
      [&](std::size_t prior, std::vector<double>& values) {
        values.clear();
        for (const auto& replication : draws) values.push_back(replication.at(prior).second);
      },
      [&](FinalKpi kpi, std::vector<double>& values) {
        values.clear();
        for (const ReplicationResult& r : results) values.push_back(kpi_value(r.kpis, kpi));
      });
}

}  // namespace smesim::detail
