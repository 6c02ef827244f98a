#pragma once
// The sections of an experiment's report (docs/experiments.md), each built from the files
// the experiment command wrote: `points.csv` of a sweep, `comparison.csv` of a comparison,
// `indices.csv` of a sensitivity analysis, `evaluations.csv` and `solution.json` of a solve, `best.json` and
// `trace.csv` of an optimisation.

#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/report/page.hpp"

namespace smesim::detail::report {

/// Each final target KPI and P(met) against the swept parameter(s), with 90% bands (a
/// single parameter) or 90% intervals per point (several), and a table of the points.
std::vector<Section> sweep_sections(const std::filesystem::path& folder, const nlohmann::json& manifest);
/// Paired differences to the baseline with 95% CIs (forest plots), P(best), and a table.
std::vector<Section> compare_sections(const std::filesystem::path& folder, const nlohmann::json& manifest);
/// Sobol' first-order and total indices with bootstrap 95% CIs (or Morris mu*, sigma) per KPI.
std::vector<Section> sensitivity_sections(const std::filesystem::path& folder,
                                          const nlohmann::json& manifest);
/// P(met) at each evaluated value with Wilson intervals, the level, and the answer with its interval.
std::vector<Section> solve_sections(const std::filesystem::path& folder, const nlohmann::json& manifest);
/// The re-evaluated best against the base: objective and gain with 95% CIs, P(met) of each
/// target, budgets per agency and track; then the search's convergence trace.
std::vector<Section> optimise_sections(const std::filesystem::path& folder, const nlohmann::json& manifest);

}  // namespace smesim::detail::report
