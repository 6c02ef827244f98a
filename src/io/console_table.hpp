#pragma once
// The forecast against the targets, as a console table.

#include <string>
#include <vector>

#include "smesim/scenario_def.hpp"
#include "smesim/trajectory.hpp"

namespace smesim::detail {

/// Median, 90% interval and P(met) of each target KPI, then the budget line.
std::string forecast_table(const ScenarioDef& def, const std::vector<ReplicationResult>& results);

/// 1234567.8 -> "1,234,568"
std::string with_thousands(double value);

}  // namespace smesim::detail
