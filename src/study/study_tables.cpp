#include "study/study_tables.hpp"

#include "io/results_context.hpp"
#include "io/table_writer.hpp"
#include "smesim/analysis/forecast_summary.hpp"

namespace smesim::detail {

Quantity objective_quantity(const OptimiseObjective& objective) {
  return objective.statistic == ObjectiveStatistic::probability_met ? Quantity::probability
                                                                    : quantity_of(to_string(objective.kpi));
}

void write_study_tables(const StudyIdentity& study, const StudyRun& run, const ScenarioDef& base,
                        std::span<const ResultTable> tables, ResultsStore& store) {
  OutputOptions options;
  options.workbook = run.workbook;
  write_tables(results_context(study.kind, study.name, base, static_cast<std::size_t>(base.replications)),
               tables, store.working_folder(), options);
}

}  // namespace smesim::detail
