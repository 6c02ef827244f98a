#pragma once
/// @file scenario/compare_def.hpp
/// @brief Strategy comparisons (`smesim compare COMPARE.yaml`): named variants of one base
/// scenario, each a few parameters set by path (docs/scenario.md "Parameter paths"). The statistics
/// that compare them with a baseline are in analysis/comparison.hpp.
///
/// Every variant runs replications 0 .. n-1 with the same seed, so replication r of every
/// variant draws the same priors, population, networks and random numbers wherever the
/// variants agree (common random numbers, docs/architecture.md), which is what lets the comparison
/// pair them replication by replication.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "smesim/analysis/comparison.hpp"
#include "smesim/error.hpp"
#include "smesim/scenario/optimise_def.hpp"
#include "smesim/scenario/scenario_def.hpp"

namespace smesim {

/// One named variant: the base scenario with `assignments` (path, scenario-file text) applied
/// in file order. A value may be relative to the base scenario (`*1.2`, `+50000000`:
/// apply_parameter_settings in parameter_paths.hpp).
struct CompareVariant {
  std::string name;
  std::vector<std::pair<std::string, std::string>> assignments;
  std::vector<SourceLocation> value_locations;  ///< where each assignment's value is written
  SourceLocation where;                         ///< the variant's name in the compare file
};

struct CompareDef {
  std::string name;
  std::string file;             ///< the compare file
  std::string scenario_source;  ///< `default` or the scenario's path
  ScenarioDef base;             ///< the loaded scenario, with `replications` and `seed` applied
  std::vector<CompareVariant> variants;
  std::size_t baseline = 0;  ///< index into variants
  KpiPrecision precision{};  ///< NaN where not given
  /// What "best" means (`objective:`, as in optimise files): the variants are ranked by it,
  /// ties by mean developed SMEs. Default: maximise P(all targets met).
  OptimiseObjective objective{};
  bool objective_given = false;  ///< written in the file (part of the comparison's identity)
};

/// @brief Reads a compare file and checks every variant: each path must name a parameter,
/// each value must be valid there, and each variant must validate as a whole. At least two
/// variants; `seed` and `replications` belong to the file, not to a variant (a variant with
/// its own seed would lose the common random numbers).
/// @throws ScenarioError with file, line, column and key path
CompareDef load_compare_file(const std::string& path);

/// @brief The scenario of every variant, in file order.
/// @throws ScenarioError (at the variant's name) if a variant does not validate
std::vector<ScenarioDef> compare_variants(const CompareDef& compare);

/// @brief Canonical text of everything that determines a comparison's results: its name, the
/// replications, seed, baseline and precision, and every variant's name and resolved scenario
/// (`variants` is compare_variants(compare)). Its hash identifies the compare folder, so a
/// changed compare file or scenario is not resumed there.
std::string compare_identity(const CompareDef& compare, const std::vector<ScenarioDef>& variants);

}  // namespace smesim
