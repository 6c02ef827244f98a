#pragma once
// What every study's results share: the context the workbook's README gives (which study,
// scenario, seed and replications made them) and the unit of an objective's values.

#include "io/manifest.hpp"
#include "smesim/io/result_table.hpp"
#include "smesim/io/results_store.hpp"
#include "smesim/io/study_results.hpp"
#include "smesim/scenario/optimise_def.hpp"
#include "smesim/scenario/scenario_def.hpp"
#include "smesim/study/study.hpp"

namespace smesim::detail {

/// The unit of an objective's value (`objective:` of an optimise or compare file): a
/// probability for P(target met), else its KPI's.
Quantity objective_quantity(const OptimiseObjective& objective);

/// How the study ran, as its manifest says it.
ManifestRun manifest_run(const StudyRun& run);

/// A study's results with their context set and nothing else yet.
StudyResults study_results(const StudyIdentity& study, const ScenarioDef& base);

}  // namespace smesim::detail
