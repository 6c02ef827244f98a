#pragma once
/// @file smesim.hpp
/// @brief The whole public API of smesim.

#include "smesim/compare.hpp"           // IWYU pragma: export
#include "smesim/designs.hpp"           // IWYU pragma: export
#include "smesim/distribution.hpp"      // IWYU pragma: export
#include "smesim/error.hpp"             // IWYU pragma: export
#include "smesim/experiment.hpp"        // IWYU pragma: export
#include "smesim/forecast.hpp"          // IWYU pragma: export
#include "smesim/forecast_summary.hpp"  // IWYU pragma: export
#include "smesim/parameter_paths.hpp"   // IWYU pragma: export
#include "smesim/philox.hpp"            // IWYU pragma: export
#include "smesim/scenario.hpp"          // IWYU pragma: export
#include "smesim/scenario_def.hpp"      // IWYU pragma: export
#include "smesim/sensitivity.hpp"       // IWYU pragma: export
#include "smesim/statistics.hpp"        // IWYU pragma: export
#include "smesim/sweep.hpp"             // IWYU pragma: export
#include "smesim/trajectory.hpp"        // IWYU pragma: export
