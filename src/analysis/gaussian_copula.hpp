#pragma once
// The Gaussian copula behind correlated priors (docs/model.md "Correlated priors"): the normal
// correlation matrix of the priors named in `uncertainty.correlations`, its Cholesky factor
// (Eigen's LLT), and the rule that names the pair that makes the matrix unusable.

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace smesim::detail {

/// @brief The correlation ρ of a bivariate normal whose Spearman rank correlation is
/// `rank_correlation`: ρ = 2 sin(π ρ_s / 6), the inverse of ρ_s = (6/π) asin(ρ/2) (Pearson
/// 1907). Ranks survive every marginal's monotone inverse CDF, so this is the pair's Spearman
/// correlation after the copula too.
double normal_correlation_from_rank(double rank_correlation);

/// One off-diagonal entry of the correlation matrix (and its mirror).
struct CorrelatedPair {
  std::size_t first = 0;
  std::size_t second = 0;
  double normal_correlation = 0;
};

/// @brief The lower Cholesky factor L (row-major, dimension²) of the identity plus `pairs`,
/// so that L e of independent standard normals e has that correlation matrix; nullopt when the
/// matrix is not positive definite (Eigen's LLT reports a non-positive pivot).
std::optional<std::vector<double>> copula_factor(std::size_t dimension,
                                                 std::span<const CorrelatedPair> pairs);

/// @brief nullopt when the whole matrix is positive definite; else the pair an error names:
/// adding the pairs one at a time in the order given (those not yet added count as 0), the
/// first whose addition makes the matrix not positive definite.
std::optional<std::size_t> first_failing_pair(std::size_t dimension, std::span<const CorrelatedPair> pairs);

/// @brief z = L e for a factor of copula_factor.
std::vector<double> correlate(std::span<const double> lower, std::span<const double> independent);

}  // namespace smesim::detail
