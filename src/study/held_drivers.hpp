#pragma once
// What drives the result of one variant of a study whose replications are held in memory (a
// solve's evaluation): the drivers a run computes from its streamed columns
// (analysis/forecast_drivers.hpp), here from the replications themselves and the priors each
// drew, re-made from its index (prior_draws), so that a record says the same as a run of that
// variant with the same seed would.

#include <span>

#include "smesim/analysis/forecast_drivers.hpp"
#include "smesim/analysis/trajectory.hpp"
#include "smesim/scenario/scenario_def.hpp"

namespace smesim::detail {

/// @brief The drivers of `results` (replications of `variant`, in replication order).
ForecastDrivers held_forecast_drivers(const ScenarioDef& variant, std::span<const ReplicationResult> results);

}  // namespace smesim::detail
