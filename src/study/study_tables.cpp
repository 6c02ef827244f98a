#include "study/study_tables.hpp"

#include "io/results_context.hpp"
#include "smesim/analysis/forecast_summary.hpp"

namespace smesim::detail {

Quantity objective_quantity(const OptimiseObjective& objective) {
  return objective.statistic == ObjectiveStatistic::probability_met ? Quantity::probability
                                                                    : quantity_of(to_string(objective.kpi));
}

ManifestRun manifest_run(const StudyRun& run) {
  return {run.command_line, run.started_utc, run.finished_utc, run.foreign_records};
}

StudyResults study_results(const StudyIdentity& study, const ScenarioDef& base) {
  StudyResults results;
  results.kind = study.kind;
  results.context =
      results_context(study.kind, study.name, base, static_cast<std::size_t>(base.replications));
  return results;
}

}  // namespace smesim::detail
