#pragma once
// What the console says of a forecast: the table against the targets, the budget, notes.

#include <string>
#include <vector>

#include "io/console_writer.hpp"
#include "smesim/analysis/forecast_summary.hpp"
#include "smesim/io/result_table.hpp"
#include "smesim/scenario/scenario.hpp"
#include "smesim/scenario/scenario_def.hpp"

namespace smesim::detail {

/// The console's table of a forecast: median, 90% interval and P(met) of each target KPI and
/// P(all three met), read off `summary` = summarise_forecast(def.targets, def.agencies.size(),
/// results).
ResultTable forecast_table(const ScenarioDef& def, const ForecastSummary& summary);

/// The budget, and what was spent and left unspent, as a line for the console.
std::string budget_line(const ForecastSummary& summary);

/// @brief Warnings about a budget the programme cannot use, one line each (empty if none):
/// most of the budget not spent (median), naming the agencies that left most of it, and an
/// agency whose network track gives each of its networks far more per month than the
/// reference spend (docs/model.md §5 step 4: trust saturates, the rest is carried over unspent),
/// as a network of one firm does.
std::vector<std::string> budget_warnings(const ScenarioDef& def, const std::vector<ClusterSpec>& networks,
                                         const ForecastSummary& summary);

/// @brief When the horizon runs past the targets' window: what the targets count and what
/// happens after the window (firms expanded by the last month, credited or not, against those
/// credited; technology adopters), as a note of a few lines; "" when the window covers the
/// horizon.
std::string horizon_note(const ScenarioDef& def, const ForecastSummary& summary);

/// The paths of the scenario's uncertain parameters (its priors, docs/model.md §8).
std::vector<std::string> uncertain_parameters(const ScenarioDef& def);

/// What the forecast's intervals mean when no parameter is uncertain (the console's note, the
/// manifest's `uncertainty_note` and the report's): empty when some parameter is.
std::string uncertainty_note(const ScenarioDef& def);

/// 1234567.8 -> "1,234,568"
std::string with_thousands(double value);

}  // namespace smesim::detail
