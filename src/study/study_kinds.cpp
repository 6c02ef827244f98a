// The registry of the kinds of study: the one file that names them all. A new kind is its
// study, its definition's loader (src/scenario/), optionally its report, and one line here.
#include "smesim/study/study_kinds.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "io/report/experiment_sections.hpp"
#include "io/report/run_sections.hpp"
#include "smesim/scenario/scenario.hpp"
#include "smesim/study/compare_study.hpp"
#include "smesim/study/forecast_study.hpp"
#include "smesim/study/optimise_study.hpp"
#include "smesim/study/sensitivity_study.hpp"
#include "smesim/study/solve_study.hpp"
#include "smesim/study/sweep_study.hpp"

namespace smesim {
namespace {

// A study file's definition with the overrides on its base scenario, as the study.
template <class StudyType, auto load_file>
std::unique_ptr<Study> load_study_of(const std::string& file, const StudyOverrides& overrides) {
  auto def = load_file(file);
  apply_overrides(overrides, def.base);
  return std::make_unique<StudyType>(std::move(def));
}

// A run's scenario file, or the built-in scenario when none is given.
std::unique_ptr<Study> load_forecast(const std::string& file, const StudyOverrides& overrides) {
  LoadedScenario loaded = file.empty() ? load_builtin_scenario() : load_scenario_file(file);
  apply_overrides(overrides, loaded.def);
  return std::make_unique<ForecastStudy>(std::move(loaded.def), loaded.source);
}

// clang-format off
constexpr StudyKind kKinds[] = {
    {"run", "Run the Monte Carlo forecast of a scenario (default: the built-in OSMEP 2015 programme)",
     "SCENARIO", "scenario file (YAML); omit for the built-in default",
     "write results into this folder (default: results/<name>/<UTC time>/)",
     "--force", "replace --out if it exists and is not empty",
     false, &load_forecast, &detail::report::run_report},
    {"sweep", "Run a scenario at every point of a parameter sweep (resumable)",
     "SWEEP", "sweep file (YAML)", "sweep folder (default: results/<sweep name>/)",
     "--restart", "discard finished points in the folder and start over",
     true, &load_study_of<SweepStudy, &load_sweep_file>, &detail::report::sweep_report},
    {"compare", "Compare named variants of a scenario with common random numbers (resumable)",
     "COMPARE", "compare file (YAML)", "comparison folder (default: results/<name>/)",
     "--restart,--force", "discard finished variants in the folder and start over (--force: the old name)",
     true, &load_study_of<CompareStudy, &load_compare_file>, &detail::report::compare_report},
    {"solve", "Find the smallest parameter value at which P(target met) reaches a level (bisection, resumable)",
     "SOLVE", "solve file (YAML)", "solve folder (default: results/<solve name>/)",
     "--restart", "discard recorded evaluations in the folder and start over",
     true, &load_study_of<SolveStudy, &load_solve_file>, &detail::report::solve_report},
    {"optimise", "Search the variables (budget shares, any parameter in a range) for the best objective with "
                 "CMA-ES, then re-evaluate the best against the base on fresh replications (resumable)",
     "OPTIMISE", "optimisation file (YAML)", "optimisation folder (default: results/<optimisation name>/)",
     "--restart", "discard recorded candidates in the folder and start over",
     true, &load_study_of<OptimiseStudy, &load_optimise_file>, &detail::report::optimise_report},
    {"sensitivity", "Sobol' or Morris sensitivity analysis over parameter ranges (resumable)",
     "SENS", "sensitivity file (YAML)", "analysis folder (default: results/<name>/)",
     "--restart", "discard finished rows in the folder and start over",
     true, &load_study_of<SensitivityStudy, &load_sensitivity_file>, &detail::report::sensitivity_report},
};
// clang-format on

}  // namespace

void apply_overrides(const StudyOverrides& overrides, ScenarioDef& base) {
  if (overrides.replications) base.replications = *overrides.replications;
  if (overrides.seed) base.seed = *overrides.seed;
}

std::span<const StudyKind> study_kinds() { return kKinds; }

const StudyKind* find_study_kind(std::string_view name) {
  const auto* found = std::find_if(std::begin(kKinds), std::end(kKinds),
                                   [&](const StudyKind& kind) { return kind.name == name; });
  return found == std::end(kKinds) ? nullptr : found;
}

std::string study_kind_names(bool resumable_only) {
  std::vector<std::string_view> names;
  for (const StudyKind& kind : kKinds)
    if (kind.resumable || !resumable_only) names.push_back(kind.name);
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i)
    text += fmt::format("{}{}", i == 0 ? "" : (i + 1 == names.size() ? " or " : ", "), names[i]);
  return text;
}

}  // namespace smesim
