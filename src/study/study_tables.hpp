#pragma once
// How every study writes its result tables: through the writers the run asked for
// (io/table_writer.hpp: the CSV files and, unless `--no-xlsx`, results.xlsx), with the
// workbook's README saying which study, scenario, seed and replications made them.

#include <span>

#include "smesim/io/result_table.hpp"
#include "smesim/io/results_store.hpp"
#include "smesim/scenario/optimise_def.hpp"
#include "smesim/scenario/scenario_def.hpp"
#include "smesim/study/study.hpp"

namespace smesim::detail {

/// The unit of an objective's value (`objective:` of an optimise or compare file): a
/// probability for P(target met), else its KPI's.
Quantity objective_quantity(const OptimiseObjective& objective);

/// @throws OutputError
void write_study_tables(const StudyIdentity& study, const StudyRun& run, const ScenarioDef& base,
                        std::span<const ResultTable> tables, ResultsStore& store);

}  // namespace smesim::detail
