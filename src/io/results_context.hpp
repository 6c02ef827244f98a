#pragma once
// What the workbook's README sheet says of a results folder besides its tables
// (smesim/io/study_results.hpp ResultsContext): what made it, from which scenario, seed and
// replications, with which version and revision. Not when: the same results give the same
// workbook (manifest.json records the times).

#include <cstddef>
#include <string>

#include "io/results_writer.hpp"
#include "smesim/scenario/scenario_def.hpp"

namespace smesim::detail {

/// @param kind  the command: `run`, `sweep`, …
/// @param name  the run's scenario name or the study's name
/// @param base  the (base) scenario
/// @param replications  per variant
ResultsContext results_context(const std::string& kind, const std::string& name, const ScenarioDef& base,
                               std::size_t replications);

}  // namespace smesim::detail
