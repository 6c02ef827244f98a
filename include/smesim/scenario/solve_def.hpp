#pragma once
/// @file scenario/solve_def.hpp
/// @brief Solve files (`smesim solve SOLVE.yaml`): the smallest value of one parameter (named
/// by path, docs/scenario.md "Parameter paths") within a range at which the probability that a
/// target is met reaches a level. Every evaluated value is a ScenarioDef variant with the same
/// seed, so all evaluations share common random numbers.

#include <string>
#include <utility>

#include "smesim/analysis/bisection.hpp"
#include "smesim/analysis/kpi.hpp"
#include "smesim/analysis/targets.hpp"
#include "smesim/error.hpp"
#include "smesim/scenario/parameter_paths.hpp"
#include "smesim/scenario/scenario_def.hpp"

namespace smesim {

struct SolveDef {
  std::string name;
  std::string file;             ///< the solve file
  std::string scenario_source;  ///< `default` or the scenario's path
  ScenarioDef base;             ///< the loaded scenario, with `replications` and `seed` applied
  std::string parameter;        ///< a parameter path (may contain `*` segments)
  SourceLocation parameter_where;
  std::pair<double, double> range{0, 0};  ///< the search bracket [lo, hi], lo < hi
  /// The range was written relative to the base scenario's value (`["*1", "*2"]`, `["+0",
  /// "+5e7"]`): `range` holds the absolute values its ends resolved to, and `base_value` is
  /// the base scenario's resolved value of the parameter.
  bool relative = false;
  double base_value = 0;
  /// A relative range on `agencies.<id>.budget_thb`: every value is that agency's allocation
  /// as new money (apply_parameter_settings: the other agencies keep theirs, the programme
  /// budget grows by the difference), not a budget_thb that `auto` agencies make room for.
  bool new_money = false;
  /// A relative range on a path that names several parameters (`agencies.*.budget_thb` from
  /// "*1" to "*3"): the value searched is the factor (`multiply`) or amount (`add`) applied to
  /// every one of them at once, `range` and `tolerance` are in its unit, and agency budgets
  /// change as new money (apply_parameter_settings).
  RelativeOp scaling = RelativeOp::none;
  Target target = Target::all;
  double probability = 0.8;  ///< the level, in (0, 1)
  double tolerance = 0;      ///< > 0, in the parameter's unit
  bool whole = false;        ///< values rounded (always for whole-number parameters)
};

/// @brief Reads and validates a solve file: the path must name a numeric parameter and both
/// ends of the range must be valid values of it (the error lists the nearest valid paths).
/// Relative ends need a path that names one parameter, a number in the base scenario or an
/// agency's budget.
/// @throws ScenarioError with file, line, column and key path
SolveDef load_solve_file(const std::string& path);

/// @brief The bisection settings of a solve.
BisectionSettings solve_settings(const SolveDef& solve);

/// @brief The scenario-file text of a value (what is set and recorded).
std::string solve_value_text(double value);

/// @brief The scenario at one value of the parameter.
/// @throws ScenarioError if the value makes the scenario invalid
ScenarioDef solve_variant(const SolveDef& solve, double value);

/// @brief Canonical text of everything that determines the solve's results (the resolved
/// base scenario, the parameter, range, target, level, tolerance, rounding); its hash
/// identifies a solve for resuming.
std::string solve_identity(const SolveDef& solve);

}  // namespace smesim
