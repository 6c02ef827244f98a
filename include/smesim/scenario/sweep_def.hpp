#pragma once
/// @file scenario/sweep_def.hpp
/// @brief Parameter sweeps (`smesim sweep SWEEP.yaml`): a base scenario, parameters named by
/// path (docs/scenario.md "Parameter paths") and the values or ranges they take, and a design
/// that turns them into points. Every point is a ScenarioDef variant; all points share the
/// seed, so they share common random numbers.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "smesim/error.hpp"
#include "smesim/scenario/parameter_paths.hpp"
#include "smesim/scenario/scenario_def.hpp"

namespace smesim {

enum class SweepDesign : std::uint8_t { grid, latin_hypercube, sobol };

struct SweepParameter {
  std::string path;                       ///< may contain `*` segments
  std::vector<std::string> values;        ///< grid: the values, as scenario-file text (absolute, or
                                          ///< relative to the base scenario: `*1.2`, `+50000000`)
  std::pair<double, double> range{0, 0};  ///< latin_hypercube / sobol: [lo, hi]
  /// latin_hypercube / sobol: `range` is a factor (`multiply`) or an amount (`add`) applied to
  /// the base scenario's value, not the value itself.
  RelativeOp relative = RelativeOp::none;
  /// grid: 0 for a parameter that is an axis of its own; k > 0 for the parameters of the k-th
  /// `linked` axis (consecutive in SweepDef::parameters), which take their i-th values together.
  std::size_t linked = 0;
  SourceLocation where;
};

struct SweepDef {
  std::string name;
  std::string file;             ///< the sweep file
  std::string scenario_source;  ///< `default` or the scenario's path
  ScenarioDef base;             ///< the loaded scenario, with `replications` and `seed` applied
  SweepDesign design = SweepDesign::grid;
  std::size_t points = 0;  ///< latin_hypercube / sobol: how many points
  std::vector<SweepParameter> parameters;
};

/// @brief Reads and validates a sweep file: every path must name a parameter and every value
/// must be valid there (the error lists the nearest valid paths).
/// @throws ScenarioError with file, line, column and key path
SweepDef load_sweep_file(const std::string& path);

/// @brief The points of the design: for each point, one value (scenario-file text) per
/// parameter, in the order of SweepDef::parameters. Grid: the Cartesian product of the axes,
/// the last axis varying fastest (a linked axis contributes its i-th values together). Latin hypercube
/// (seeded by the sweep's seed) and Sobol' (from the origin, Joe–Kuo direction numbers): `points` unit points
/// scaled to each [lo, hi], whole-number parameters rounded.
std::vector<std::vector<std::string>> sweep_points(const SweepDef& sweep);

/// @brief The scenario of one point: the base with each parameter set to its value
/// (apply_parameter_settings: relative values change the base scenario's resolved value).
/// @throws ScenarioError if the combination is invalid (e.g. shares that no longer sum to 1)
ScenarioDef sweep_variant(const SweepDef& sweep, const std::vector<std::string>& values);

/// @brief Canonical text of everything that determines the sweep's results (the resolved base
/// scenario, the design and every point; the linked axes, and for relative values what every
/// point resolves to, when there are any); its hash identifies a sweep for resuming.
std::string sweep_identity(const SweepDef& sweep);

}  // namespace smesim
