#pragma once
// The reports of the experiments (docs/experiments.md), each built from the files the
// experiment wrote: `points.csv` of a sweep, `comparison.csv` of a comparison, `indices.csv`
// of a sensitivity analysis, `evaluations.csv` and `solution.json` of a solve, `best.json` and
// `trace.csv` of an optimisation. The registry of study kinds gives each kind its report.

#include "io/report/kind_report.hpp"

namespace smesim::detail::report {

/// Each final target KPI and P(met) against the swept parameter(s), with 90% bands (a
/// single parameter) or 90% intervals per point (several), and a table of the points.
extern const KindReport sweep_report;
/// Paired differences to the baseline with 95% CIs (forest plots), P(best), and a table.
extern const KindReport compare_report;
/// Sobol' first-order and total indices with bootstrap 95% CIs (or Morris mu*, sigma) per KPI.
extern const KindReport sensitivity_report;
/// P(met) at each evaluated value with Wilson intervals, the level, and the answer with its interval.
extern const KindReport solve_report;
/// The re-evaluated best against the base: objective and gain with 95% CIs, P(met) of each
/// target, budgets per agency and track; then the search's convergence trace.
extern const KindReport optimise_report;

}  // namespace smesim::detail::report
