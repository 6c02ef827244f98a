// Paired comparisons of variants that share common random numbers.
#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/statistic_constants.hpp"
#include "smesim/analysis/comparison.hpp"
#include "smesim/error.hpp"

namespace smesim {
namespace {

// +1 if a is better than b, -1 if worse, 0 if equal.
int better(double a, double b, KpiDirection direction) {
  if (a == b) return 0;
  const bool a_higher = a > b;
  return (direction == KpiDirection::higher_is_better) == a_higher ? 1 : -1;
}

}  // namespace

KpiDirection kpi_direction(FinalKpi kpi) {
  switch (kpi) {
    case FinalKpi::developed:
    case FinalKpi::expanded:
    case FinalKpi::cost_reduction_thb:
    case FinalKpi::added_revenue_thb:
    case FinalKpi::cost_reduction_per_thb_spent:
      return KpiDirection::higher_is_better;
    case FinalKpi::unspent_thb:
    case FinalKpi::thb_per_developed:
      return KpiDirection::lower_is_better;
    case FinalKpi::spent_thb:
      return KpiDirection::none;
  }
  return KpiDirection::none;
}

const char* to_string(KpiDirection direction) {
  switch (direction) {
    case KpiDirection::higher_is_better:
      return "higher";
    case KpiDirection::lower_is_better:
      return "lower";
    case KpiDirection::none:
      return "none";
  }
  return "none";
}

KpiSamples kpi_samples(std::span<const ReplicationResult> results) {
  KpiSamples samples;
  for (const FinalKpi kpi : kFinalKpis) {
    auto& values = samples[static_cast<std::size_t>(kpi)];
    values.reserve(results.size());
    for (const ReplicationResult& r : results) values.push_back(kpi_value(r.kpis, kpi));
  }
  return samples;
}

std::vector<KpiComparison> compare_kpi(std::span<const std::vector<double>> values, std::size_t baseline,
                                       KpiDirection direction, double precision) {
  SMESIM_ASSERT(!values.empty() && baseline < values.size());
  const std::size_t reps = values[baseline].size();
  for (const auto& v : values) SMESIM_ASSERT(v.size() == reps);
  const std::vector<double>& base = values[baseline];
  std::vector<KpiComparison> out(values.size());

  for (std::size_t v = 0; v < values.size(); ++v) {
    KpiComparison& c = out[v];
    c.distribution = summarise(values[v]);
    // Pairs where both are defined (thb_per_developed is NaN in a replication with none
    // developed): same replication index, so the same draws in both.
    std::vector<double> diff;
    diff.reserve(reps);
    double wins = 0;
    for (std::size_t r = 0; r < reps; ++r) {
      const double a = values[v][r];
      const double b = base[r];
      if (std::isnan(a) || std::isnan(b)) continue;
      diff.push_back(a - b);
      if (direction != KpiDirection::none) {
        const int cmp = better(a, b, direction);
        wins += cmp > 0 ? 1.0 : (cmp == 0 ? 0.5 : 0.0);
      }
    }
    const Summary d = summarise(diff);
    c.difference.n = d.n;
    if (d.n > 0) {
      c.difference.mean = d.mean;
      c.difference.sd = d.sd;
      c.difference.ci95 = d.ci95;
      if (direction != KpiDirection::none) c.p_better = wins / static_cast<double>(d.n);
      if (!std::isnan(precision) && precision > 0) {
        const double root = kZ95 * d.sd / precision;
        c.replications_needed = std::ceil(root * root);
      }
    }
  }

  if (direction == KpiDirection::none) return out;
  // P(best): only replications where every variant is defined, so each replication hands out
  // exactly 1 and the shares sum to 1.
  std::vector<double> best_share(values.size(), 0.0);
  std::size_t counted = 0;
  std::vector<std::size_t> best;
  for (std::size_t r = 0; r < reps; ++r) {
    bool defined = true;
    for (const auto& v : values) defined = defined && !std::isnan(v[r]);
    if (!defined) continue;
    ++counted;
    best.assign(1, 0);
    for (std::size_t v = 1; v < values.size(); ++v) {
      const int cmp = better(values[v][r], values[best.front()][r], direction);
      if (cmp > 0) best.assign(1, v);
      if (cmp == 0) best.push_back(v);
    }
    for (const std::size_t v : best) best_share[v] += 1.0 / static_cast<double>(best.size());
  }
  for (std::size_t v = 0; v < values.size(); ++v)
    out[v].p_best = counted > 0 ? best_share[v] / static_cast<double>(counted) : kNaN;
  return out;
}

Comparison compare_samples(std::span<const KpiSamples> samples, std::size_t baseline,
                           const KpiPrecision& precision) {
  SMESIM_ASSERT(!samples.empty() && baseline < samples.size());
  Comparison comparison;
  comparison.baseline = baseline;
  comparison.variants.resize(samples.size());
  std::vector<std::vector<double>> values(samples.size());
  for (const FinalKpi kpi : kFinalKpis) {
    const auto k = static_cast<std::size_t>(kpi);
    for (std::size_t v = 0; v < samples.size(); ++v) values[v] = samples[v][k];
    const auto by_variant = compare_kpi(values, baseline, kpi_direction(kpi), precision[k]);
    for (std::size_t v = 0; v < samples.size(); ++v) comparison.variants[v][k] = by_variant[v];
  }
  return comparison;
}

}  // namespace smesim
