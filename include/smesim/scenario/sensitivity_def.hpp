#pragma once
/// @file scenario/sensitivity_def.hpp
/// @brief Global sensitivity analyses of a scenario (`smesim sensitivity SENS.yaml`): a base
/// scenario, parameters named by path with the range each one is varied over, and a method
/// (Sobol' indices from a Saltelli design, or Morris elementary effects) whose design rows
/// become ScenarioDef variants. All rows share the seed, so they share common random numbers.
/// The estimators themselves are in sensitivity.hpp.

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "smesim/analysis/kpi.hpp"
#include "smesim/analysis/sensitivity.hpp"
#include "smesim/analysis/targets.hpp"
#include "smesim/error.hpp"
#include "smesim/scenario/parameter_paths.hpp"
#include "smesim/scenario/scenario_def.hpp"

namespace smesim {

enum class SensitivityMethod : std::uint8_t { sobol, morris };

/// `sobol` or `morris`.
const char* to_string(SensitivityMethod method);

/// Where a parameter's range comes from: the file, or (when the file gives none) the base
/// scenario's prior on it: a bounded prior's support (uniform, triangular, beta), an unbounded
/// one's 2.5% and 97.5% quantiles (normal, lognormal, as truncated to the parameter's range).
enum class RangeSource : std::uint8_t { given, prior_support, prior_quantiles };

struct SensitivityParameter {
  std::string path;                       ///< may contain `*` segments
  std::pair<double, double> range{0, 0};  ///< [lo, hi], both valid values of the parameter
  RangeSource range_source = RangeSource::given;
  std::string prior;          ///< the prior the range was taken from (`uniform[0.02, 0.12]`), if any
  bool whole_number = false;  ///< an integer parameter: scaled values are rounded
  /// `range` is a factor (`multiply`, written `["*0.8", "*1.2"]`) or an amount (`add`) applied
  /// to the base scenario's value; a row's value is then that relative value (`*0.93`).
  RelativeOp relative = RelativeOp::none;
  SourceLocation where;
};

/// What a sensitivity analysis measures on each row of its design: the mean of a final KPI over
/// the row's replications, or P(met), the share of them that meet a target (the mean of the
/// per-replication indicator, as a forecast counts it: KPI >= target; `all` when the same
/// replication meets all three).
struct SensitivityOutput {
  enum class Kind : std::uint8_t { kpi_mean, p_met };
  Kind kind = Kind::kpi_mean;
  FinalKpi kpi = FinalKpi::developed;  ///< for kpi_mean
  Target target = Target::all;         ///< for p_met

  /// The name in the file and in indices.csv: the KPI's (`developed`), or `p_met_developed`,
  /// `p_met_expanded`, `p_met_cost_reduction`, `p_met_all`.
  [[nodiscard]] std::string name() const;
  /// Its column in design.csv: `<kpi>_mean`, or the P(met) name itself.
  [[nodiscard]] std::string design_column() const;
  friend bool operator==(const SensitivityOutput&, const SensitivityOutput&) = default;
};

/// Every output a sensitivity file may name: the final KPIs (kFinalKpis order), then P(met) of
/// each target and of all three.
std::vector<SensitivityOutput> sensitivity_outputs();

struct SensitivityDef {
  std::string name;
  std::string file;             ///< the sensitivity file
  std::string scenario_source;  ///< `default` or the scenario's path
  ScenarioDef base;             ///< the loaded scenario, with `replications` and `seed` applied
  SensitivityMethod method = SensitivityMethod::sobol;
  std::size_t base_points = 0;          ///< sobol: N; morris: trajectories r
  int levels = 4;                       ///< morris: grid levels p
  std::size_t bootstrap = 500;          ///< sobol: bootstrap samples for the CIs (0: none)
  std::vector<SensitivityOutput> kpis;  ///< the outputs (`kpis:` in the file) to report indices for
  std::vector<SensitivityParameter> parameters;
};

/// @brief Reads and validates a sensitivity file (the format is in docs/experiments.md).
/// @throws ScenarioError with file, line, column and key path
SensitivityDef load_sensitivity_file(const std::string& path);

/// @brief The Saltelli design in the unit cube for N base points and k inputs, from ONE
/// Sobol' sequence of dimension 2k: A is its first k columns and B its last k, points
/// skip .. skip + N - 1 with skip = the smallest power of two >= N (which drops the origin
/// and keeps the balance of the sequence; Saltelli et al. 2010, §3). Rows in
/// SaltelliDesign order: A, B, AB_0, ..., AB_{k-1}.
/// @throws smesim::Error if 2k > kSobolMaxDimensions; std::invalid_argument for N = 0 or k = 0
SaltelliDesign sobol_saltelli_design(std::size_t base_points, std::size_t dimensions);

/// @brief The design rows in the unit cube for the file's method: the Saltelli design of
/// sobol_saltelli_design, or morris_design(r, k, levels, seed).
std::vector<std::vector<double>> sensitivity_unit_rows(const SensitivityDef& def);

/// @brief One unit row as parameter values (scenario-file text): each coordinate scaled to
/// its parameter's [lo, hi] (clamped there against rounding), whole-number parameters rounded;
/// a relative range gives relative values (`*0.93`, `+1250000`), never rounded.
std::vector<std::string> sensitivity_values(const SensitivityDef& def, const std::vector<double>& unit_row);

/// @brief The scenario of one row: the base with each parameter set to its value (a prior
/// on that parameter is replaced by the value, or scaled or shifted by a relative one; other
/// priors stay priors).
/// @throws ScenarioError if the combination is invalid
ScenarioDef sensitivity_variant(const SensitivityDef& def, const std::vector<std::string>& values);

/// @brief Canonical text of everything that determines the rows' results (the resolved base
/// scenario, the method and every row's values, and with relative ranges what every row
/// resolves to); its hash identifies the analysis for resuming. The KPIs and the bootstrap size are not part
/// of it: the rows store every final KPI's mean, so changing them only recomputes the indices.
std::string sensitivity_identity(const SensitivityDef& def);

}  // namespace smesim
