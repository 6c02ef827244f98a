#pragma once
/// @file analysis/comparison.hpp
/// @brief Paired comparisons of variants' final KPIs with a baseline: the difference per
/// replication with its 95% CI, P(better), P(best), and the replications a precision needs.
///
/// Every variant of a comparison runs replications 0 .. n-1 with the same seed, so the
/// difference variant − baseline is taken per replication (paired, common random numbers,
/// docs/architecture.md): what is left of it is the effect of the change, not the noise of two
/// independent draws.

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <utility>
#include <vector>

#include "smesim/analysis/forecast_summary.hpp"
#include "smesim/analysis/statistics.hpp"
#include "smesim/analysis/trajectory.hpp"

namespace smesim {

/// Target CI half-widths per final KPI (`precision:`); NaN where none is given.
using KpiPrecision = std::array<double, kFinalKpis.size()>;

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
