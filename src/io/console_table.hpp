#pragma once
// The forecast against the targets, as a console table.

#include <string>
#include <vector>

#include "smesim/forecast_summary.hpp"
#include "smesim/scenario_def.hpp"

namespace smesim::detail {

/// Median, 90% interval and P(met) of each target KPI, then the budget line, read off
/// `summary` = summarise_forecast(def, results).
std::string forecast_table(const ScenarioDef& def, const ForecastSummary& summary);

/// 1234567.8 -> "1,234,568"
std::string with_thousands(double value);

}  // namespace smesim::detail
