#pragma once
/// @file scenario/optimise_def.hpp
/// @brief Optimisation files (`smesim optimise OPT.yaml`): a base scenario, the variables a
/// planner may move (the agencies' budget shares, kept summing to 1, and any numeric parameter
/// within a range), an objective over the forecast and constraints on P(target met). The
/// search itself (CMA-ES) is in the study; the map between the search's coordinates and the
/// variables' values is in optimise_space.hpp.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "smesim/analysis/kpi.hpp"
#include "smesim/analysis/targets.hpp"
#include "smesim/error.hpp"
#include "smesim/scenario/scenario_def.hpp"

namespace smesim {

/// What of a candidate's forecast the objective reads.
enum class ObjectiveStatistic : std::uint8_t {
  probability_met,  ///< P(target met) across replications
  mean,             ///< a KPI's mean across replications
  p50,              ///< its median
  p5,               ///< its 5th percentile (a cautious planner's "nearly certain" level)
};

/// `probability_met`, `mean`, `p50`, `p5`.
const char* to_string(ObjectiveStatistic statistic);

struct OptimiseObjective {
  bool maximise = true;
  ObjectiveStatistic statistic = ObjectiveStatistic::probability_met;
  Target target = Target::all;         ///< probability_met only
  FinalKpi kpi = FinalKpi::developed;  ///< mean, p50, p5 only
};

/// A candidate is feasible when P(target met) is at least `probability_met_at_least`.
struct OptimiseConstraint {
  Target target = Target::all;
  double probability_met_at_least = 0;
  SourceLocation where;
};

enum class VariableKind : std::uint8_t {
  budget_shares,  ///< the listed agencies' shares of the money they hold together
  range,          ///< a numeric parameter path within [lo, hi]
};

struct OptimiseVariable {
  VariableKind kind = VariableKind::range;
  /// budget_shares: the agencies, in the file's order, and their places in ScenarioDef::agencies.
  std::vector<std::string> agencies;
  std::vector<std::size_t> agency_index;
  std::string path;                       ///< range: may contain `*` segments
  std::pair<double, double> range{0, 0};  ///< range: lo < hi, both valid values of the path
  bool whole = false;                     ///< range: a whole-number parameter, values rounded
  SourceLocation where;
};

struct OptimiseDef {
  std::string name;
  std::string file;             ///< the optimisation file
  std::string scenario_source;  ///< `default` or the scenario's path
  ScenarioDef base;             ///< the loaded scenario, with `replications` and `seed` applied
  OptimiseObjective objective;
  std::vector<OptimiseConstraint> constraints;
  std::vector<OptimiseVariable> variables;
  std::size_t max_evaluations = 0;  ///< candidates the search may evaluate (re-evaluation apart)
  std::size_t population = 0;       ///< λ; 0 = CMA-ES's default 4 + ⌊3 ln n⌋
  double initial_sigma = 0.3;       ///< σ0, in the search's coordinates (optimise_space.hpp)
  /// Replications of the re-evaluation of the best candidate and of the base scenario, on a
  /// seed of their own; 0 = max(1000, replications).
  std::size_t reevaluation_replications = 0;

  [[nodiscard]] std::size_t reevaluation_reps() const {
    return reevaluation_replications > 0
               ? reevaluation_replications
               : std::max<std::size_t>(1000, static_cast<std::size_t>(base.replications));
  }
};

/// @brief Reads and validates an optimisation file: agencies and paths must exist, ranges must
/// hold valid values, no two variables may set the same field, budget shares need fixed
/// budgets in the base scenario, and a split share's siblings must be able to make room.
/// @throws ScenarioError with file, line, column and key path
OptimiseDef load_optimise_file(const std::string& path);

/// @brief Canonical text of everything that determines the optimisation's results (the
/// resolved base scenario, objective, constraints, variables, search settings); its hash
/// identifies an optimisation for resuming.
std::string optimise_identity(const OptimiseDef& def);

}  // namespace smesim
