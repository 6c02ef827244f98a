#pragma once
/// @file analysis/paired_difference.hpp
/// @brief How much better one scenario is than another when both ran on the same replications
/// (common random numbers): the difference of a statistic and its 95% interval, taken over the
/// pairs so that the noise the two share cancels. Also the 95% interval of one quantile.

#include <cstdint>
#include <span>
#include <utility>

namespace smesim {

struct Estimate {
  double value = 0;
  std::pair<double, double> ci95{0, 0};
};

/// @brief mean(a) − mean(b) over pairs (aᵣ, bᵣ) of the same replication r: the mean of the
/// differences dᵣ ± 1.96 sd(d)/√n (a proportion's 0/1 indicators included: the normal
/// interval of a paired proportion difference). Pairs with a NaN are left out.
/// @pre a.size() == b.size()
Estimate paired_mean_difference(std::span<const double> a, std::span<const double> b);

/// @brief quantile_q(a) − quantile_q(b) over pairs of the same replication, with the 95%
/// percentile interval of a paired bootstrap (`resamples` draws of n replication indices with
/// replacement, from PhiloxStream(make_key(seed, 0), Purpose::bootstrap, entity_key
/// ("paired_quantile"), draw)), so the interval depends only on the samples and the seed.
/// Quantiles as summarise() takes them (linear between order statistics; NaN left out).
/// @pre a.size() == b.size()
Estimate paired_quantile_difference(std::span<const double> a, std::span<const double> b, double q,
                                    std::uint32_t seed, std::size_t resamples = 2000);

/// @brief The q-quantile of a sample and its distribution-free 95% interval between order
/// statistics: the ranks nq ∓ 1.96 √(nq(1 − q)) rounded outwards (the normal approximation
/// of the binomial count of values below the quantile), clamped to the sample.
Estimate quantile_interval(std::span<const double> sample, double q);

}  // namespace smesim
