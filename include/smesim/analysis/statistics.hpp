#pragma once
/// @file analysis/statistics.hpp
/// @brief Summary statistics across replications (docs/model.md §7).

#include <span>
#include <utility>
#include <vector>

namespace smesim {

/// @brief Quantile of a sample by linear interpolation between order statistics, the
/// "type 7" definition of Hyndman & Fan (1996) (R's and NumPy's default):
/// h = (n - 1) q, Q = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
/// NaN values are ignored; an empty sample gives NaN.
double quantile(std::vector<double> sample, double q);

/// The rule above in words, as written into summary.json (`quantile_definition`).
inline constexpr const char* kQuantileDefinition =
    "type 7 of Hyndman & Fan (1996), the default of R and NumPy: on the n values sorted "
    "x[0] <= ... <= x[n-1], h = (n - 1) q and Q(q) = x[floor h] + (h - floor h) "
    "(x[floor h + 1] - x[floor h]); NaN values are left out";

struct Summary {
  std::size_t n = 0;
  double mean = 0;
  double sd = 0;                         ///< sample standard deviation (n - 1)
  std::pair<double, double> ci95{0, 0};  ///< mean ± 1.96 sd / sqrt(n)
  double p5 = 0, p25 = 0, p50 = 0, p75 = 0, p95 = 0;
};

/// @brief Mean, sd, 95% CI of the mean and quantiles of a sample (NaN values ignored).
Summary summarise(std::span<const double> sample);

/// @brief Wilson score interval for a binomial proportion (z = 1.96 for 95%).
std::pair<double, double> wilson_interval(std::size_t successes, std::size_t trials,
                                          double z = 1.959963984540054);

}  // namespace smesim
