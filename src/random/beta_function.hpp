#pragma once
// The regularised incomplete beta function I_x(a, b) and its inverse: the CDF and quantile of
// Beta(a, b), which a correlated beta prior needs (docs/model.md §8, the Gaussian copula of
// "Correlated priors"). Written here because no dependency of docs/architecture.md offers them
// (Eigen has no special functions of this kind; the C++17 special functions stop at the
// complete beta).

namespace smesim::detail {

/// @brief I_x(a, b) for a, b > 0 and x in [0, 1], by the continued fraction of Numerical
/// Recipes §6.4 evaluated with the modified Lentz method, on the side of the mean where it
/// converges fast. Absolute error about 1e-15 for a, b up to 1e3.
double regularized_incomplete_beta(double x, double a, double b);

/// @brief The x in [0, 1] with I_x(a, b) = u, u in [0, 1]: safeguarded Newton on a bracket
/// that starts as [0, 1], falling back to bisection when a step leaves it or stalls.
/// Above the median it solves for 1 - x. |I_x(a, b) - u| < 1e-12 over a, b in {0.5, 1, 2, 5,
/// 20} and a grid of u (tests/random/beta_function_test.cpp), except where no double does
/// better: near x = 1 with b < 1 (and near 0 with a < 1) I_x changes by more than 1e-12
/// between adjacent doubles, and x is then within one double of the exact quantile.
double beta_quantile(double u, double a, double b);

}  // namespace smesim::detail
