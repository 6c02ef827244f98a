#pragma once
// What drives a run's result (analysis/forecast_drivers.hpp) as its files and console lines:
// summary.json's `drivers` object, drivers.csv and the console's short "Drivers" block
// (docs/outputs.md).

#include <string>

#include <nlohmann/json.hpp>

#include "smesim/analysis/forecast_drivers.hpp"
#include "smesim/io/result_table.hpp"

namespace smesim::detail {

/// summary.json's `drivers`: the definitions, the uncertain and constant priors, and per
/// output its notes and its parameters with spearman, spearman_ci95, prcc, prcc_ci95 and
/// prcc_status, in the order of the analysis (most influential first). NaN is written null.
nlohmann::ordered_json drivers_json(const ForecastDrivers& drivers);

/// drivers.csv: one row per output and uncertain parameter (outputs in kDriverOutputs order,
/// parameters most influential first); no row when no prior is uncertain.
ResultTable drivers_table(const ForecastDrivers& drivers);

/// The console's lines: per KPI the parameter with the largest partial rank correlation and
/// its interval, or why there is none; "" when no prior is uncertain.
std::string drivers_console(const ForecastDrivers& drivers);

}  // namespace smesim::detail
