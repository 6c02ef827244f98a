#pragma once
/// @file compare.hpp
/// @brief Strategy comparisons (`smesim compare COMPARE.yaml`): named variants of one base
/// scenario, each a few parameters set by path (SCENARIO.md "Parameter paths"), and the
/// statistics that compare them with a baseline.
///
/// Every variant runs replications 0 .. n-1 with the same seed, so replication r of every
/// variant draws the same priors, population, networks and random numbers wherever the
/// variants agree (common random numbers, DESIGN.md). The difference variant − baseline is
/// therefore taken per replication (paired): what is left of it is the effect of the change,
/// not the noise of two independent draws, and its confidence interval is correspondingly
/// narrow.

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "smesim/error.hpp"
#include "smesim/forecast_summary.hpp"
#include "smesim/scenario_def.hpp"
#include "smesim/statistics.hpp"
#include "smesim/trajectory.hpp"

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

/// Target CI half-widths per final KPI (`precision:`); NaN where none is given.
using KpiPrecision = std::array<double, kFinalKpis.size()>;

struct CompareDef {
  std::string name;
  std::string file;             ///< the compare file
  std::string scenario_source;  ///< `default` or the scenario's path
  ScenarioDef base;             ///< the loaded scenario, with `replications` and `seed` applied
  std::vector<CompareVariant> variants;
  std::size_t baseline = 0;  ///< index into variants
  KpiPrecision precision{};  ///< NaN where not given
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

/// Which way a KPI is better. `none` for spend: spending more (or less) of the budget is
/// neither good nor bad in itself, so it gets no P(better) or P(best).
enum class KpiDirection : std::uint8_t { higher_is_better, lower_is_better, none };

/// @brief developed, expanded, cost_reduction_thb, added_revenue_thb and
/// cost_reduction_per_thb_spent: higher; unspent_thb (money meant for SMEs that never reached
/// them) and thb_per_developed: lower; spent_thb: none.
KpiDirection kpi_direction(FinalKpi kpi);
const char* to_string(KpiDirection direction);

/// Final KPI values of one variant, [kpi][replication], NaN where undefined.
using KpiSamples = std::array<std::vector<double>, kFinalKpis.size()>;

/// @brief The final KPIs of each replication, in the order given (replication order).
KpiSamples kpi_samples(std::span<const ReplicationResult> results);

/// @brief Per replication difference variant − baseline of one KPI.
struct PairedDifference {
  std::size_t n = 0;  ///< replications where both values are defined
  double mean = std::numeric_limits<double>::quiet_NaN();
  double sd = std::numeric_limits<double>::quiet_NaN();  ///< sample sd (n − 1); 0 for n = 1
  /// mean ± 1.96 sd / √n
  std::pair<double, double> ci95{std::numeric_limits<double>::quiet_NaN(),
                                 std::numeric_limits<double>::quiet_NaN()};
};

/// @brief One KPI of one variant against the baseline and the other variants.
struct KpiComparison {
  Summary distribution;  ///< the variant's own values across replications
  PairedDifference difference;
  /// Share of paired replications where the variant is better than the baseline, ties
  /// counting half (so the baseline itself has 0.5). NaN for KpiDirection::none or no pairs.
  double p_better = std::numeric_limits<double>::quiet_NaN();
  /// Share of replications (those where every variant is defined) where the variant is the
  /// best of all variants, a tie of k variants giving each 1/k. The variants' P(best) sum to 1.
  double p_best = std::numeric_limits<double>::quiet_NaN();
  /// ceil((1.96 sd / h)²) for the precision h of the KPI: the replications that make the
  /// paired difference's 95% CI ± h. NaN without a precision; 0 for the baseline (sd = 0).
  double replications_needed = std::numeric_limits<double>::quiet_NaN();
};

/// [variant][kpi]
struct Comparison {
  std::size_t baseline = 0;
  std::vector<std::array<KpiComparison, kFinalKpis.size()>> variants;

  [[nodiscard]] const KpiComparison& at(std::size_t variant, FinalKpi kpi) const {
    return variants[variant][static_cast<std::size_t>(kpi)];
  }
};

/// @brief Compares variants' KPIs, replication by replication.
/// @param samples  each variant's kpi_samples, all over the same replications (same count)
/// @param baseline  index of the baseline variant
/// @param precision  target CI half-widths (NaN: none)
/// @pre samples is not empty, baseline < samples.size(), equal replication counts
Comparison compare_samples(std::span<const KpiSamples> samples, std::size_t baseline,
                           const KpiPrecision& precision);

/// @brief The same for one KPI given as [variant][replication] values.
std::vector<KpiComparison> compare_kpi(std::span<const std::vector<double>> values, std::size_t baseline,
                                       KpiDirection direction, double precision);

}  // namespace smesim
