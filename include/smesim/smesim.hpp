#pragma once
/// @file smesim.hpp
/// @brief The whole public API of smesim, grouped by layer like src/ (docs/architecture.md).

#include "smesim/analysis/agency_comparison.hpp"  // IWYU pragma: export
#include "smesim/analysis/bisection.hpp"          // IWYU pragma: export
#include "smesim/analysis/cma_es.hpp"             // IWYU pragma: export
#include "smesim/analysis/comparison.hpp"         // IWYU pragma: export
#include "smesim/analysis/designs.hpp"            // IWYU pragma: export
#include "smesim/analysis/forecast_drivers.hpp"   // IWYU pragma: export
#include "smesim/analysis/forecast_summary.hpp"   // IWYU pragma: export
#include "smesim/analysis/kpi.hpp"                // IWYU pragma: export
#include "smesim/analysis/paired_difference.hpp"  // IWYU pragma: export   // IWYU pragma: export
#include "smesim/analysis/rank_correlation.hpp"   // IWYU pragma: export
#include "smesim/analysis/sensitivity.hpp"        // IWYU pragma: export
#include "smesim/analysis/statistics.hpp"         // IWYU pragma: export
#include "smesim/analysis/targets.hpp"            // IWYU pragma: export
#include "smesim/analysis/trajectory.hpp"         // IWYU pragma: export
#include "smesim/engine/executor.hpp"             // IWYU pragma: export
#include "smesim/engine/executor_factory.hpp"     // IWYU pragma: export
#include "smesim/engine/experiment.hpp"           // IWYU pragma: export
#include "smesim/engine/forecast.hpp"             // IWYU pragma: export
#include "smesim/engine/keeping_reducer.hpp"      // IWYU pragma: export
#include "smesim/engine/thread_executor.hpp"      // IWYU pragma: export
#include "smesim/error.hpp"                       // IWYU pragma: export
#include "smesim/io/results_store.hpp"            // IWYU pragma: export
#include "smesim/io/shard.hpp"                    // IWYU pragma: export
#include "smesim/random/param.hpp"                // IWYU pragma: export
#include "smesim/random/philox.hpp"               // IWYU pragma: export
#include "smesim/scenario/compare_def.hpp"        // IWYU pragma: export
#include "smesim/scenario/distribution.hpp"       // IWYU pragma: export
#include "smesim/scenario/optimise_def.hpp"       // IWYU pragma: export
#include "smesim/scenario/optimise_space.hpp"     // IWYU pragma: export
#include "smesim/scenario/parameter_paths.hpp"    // IWYU pragma: export
#include "smesim/scenario/scenario.hpp"           // IWYU pragma: export
#include "smesim/scenario/scenario_def.hpp"       // IWYU pragma: export
#include "smesim/scenario/sensitivity_def.hpp"    // IWYU pragma: export
#include "smesim/scenario/solve_def.hpp"          // IWYU pragma: export
#include "smesim/scenario/sweep_def.hpp"          // IWYU pragma: export
#include "smesim/study/compare_study.hpp"         // IWYU pragma: export
#include "smesim/study/forecast_study.hpp"        // IWYU pragma: export
#include "smesim/study/load_study.hpp"            // IWYU pragma: export
#include "smesim/study/merge_shards.hpp"
#include "smesim/study/optimise_study.hpp"     // IWYU pragma: export          // IWYU pragma: export
#include "smesim/study/results_folder.hpp"     // IWYU pragma: export
#include "smesim/study/run_study.hpp"          // IWYU pragma: export
#include "smesim/study/sensitivity_study.hpp"  // IWYU pragma: export
#include "smesim/study/solve_study.hpp"        // IWYU pragma: export
#include "smesim/study/study.hpp"              // IWYU pragma: export
#include "smesim/study/study_kinds.hpp"        // IWYU pragma: export
#include "smesim/study/sweep_study.hpp"        // IWYU pragma: export
#include "smesim/version.hpp"                  // IWYU pragma: export
