#pragma once
/// @file analysis/forecast_drivers.hpp
/// @brief What drives a forecast's result: for each credited-window KPI and for each target's
/// "met" indicator, the Spearman rank correlation and the partial rank correlation (PRCC) of
/// every prior drawn once per replication (docs/model.md §8, the values of priors.csv), with
/// their 95% intervals (rank_correlation.hpp). The numbers of drivers.csv and of summary.json's
/// `drivers` (docs/outputs.md).

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "smesim/analysis/forecast_summary.hpp"
#include "smesim/analysis/rank_correlation.hpp"
#include "smesim/analysis/targets.hpp"

namespace smesim {

/// The outputs whose drivers a forecast reports: the three KPIs the targets are set on, and
/// per target (and all three together) whether a replication meets it (1) or not (0).
enum class DriverOutput : std::uint8_t {
  developed,
  expanded,
  cost_reduction_thb,
  met_developed_smes,
  met_expanded_smes,
  met_cost_reduction_thb,
  met_all,
};
inline constexpr std::array kDriverOutputs{DriverOutput::developed,
                                           DriverOutput::expanded,
                                           DriverOutput::cost_reduction_thb,
                                           DriverOutput::met_developed_smes,
                                           DriverOutput::met_expanded_smes,
                                           DriverOutput::met_cost_reduction_thb,
                                           DriverOutput::met_all};

/// `developed`, ..., `met_developed_smes` (`met_` and the target's key in summary.json), `met_all`.
const char* to_string(DriverOutput output);

/// The correlations of every uncertain prior with one output.
struct OutputDrivers {
  DriverOutput output = DriverOutput::developed;
  /// RankCorrelations::inputs: `input` indexes ForecastDrivers::priors; most influential first.
  RankCorrelations correlations;
};

struct ForecastDrivers {
  std::size_t replications = 0;
  /// Every prior drawn once per replication, in priors.csv's order (parameter document order).
  std::vector<std::string> priors;
  /// Indices into `priors`: those that drew more than one value (the uncertain parameters) and
  /// those that drew the same value in every replication (left out: nothing to correlate).
  std::vector<std::size_t> uncertain;
  std::vector<std::size_t> constant;
  /// One per kDriverOutputs, in that order; empty when no prior is uncertain.
  std::vector<OutputDrivers> outputs;
};

/// Fills `values` with prior `index` (of `prior_paths`) in every replication, in replication order.
using PriorColumnSource = std::function<void(std::size_t index, std::vector<double>& values)>;
/// Fills `values` with a final KPI in every replication, in replication order.
using KpiColumnSource = std::function<void(FinalKpi kpi, std::vector<double>& values)>;

/// @brief The drivers of a forecast of `replications` replications. A replication meets a
/// target when its KPI is not less than the target (as ForecastSummary counts it). Reads one
/// prior column at a time and keeps its ranks (4 bytes per replication and prior), then the
/// three target KPIs.
ForecastDrivers forecast_drivers(const TargetsDef& targets, std::size_t replications,
                                 const std::vector<std::string>& prior_paths,
                                 const PriorColumnSource& prior_column, const KpiColumnSource& kpi_column);

}  // namespace smesim
