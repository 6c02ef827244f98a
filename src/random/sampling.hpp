#pragma once
// Continuous distributions drawn from Philox uniforms. Inverse-CDF where it is exact and
// cheap (so a truncated draw costs one uniform); Marsaglia–Tsang for gamma/beta.

#include <utility>

#include "smesim/random/param.hpp"
#include "smesim/random/philox.hpp"

namespace smesim::detail {

/// Standard normal CDF.
double normal_cdf(double x);
/// Standard normal quantile (Acklam's approximation refined by one Halley step: ~1e-15).
double normal_quantile(double p);
/// Acklam's rational approximation alone (relative error below 1.2e-9): enough to turn a
/// uniform into a normal draw, at a third of the cost of normal_quantile.
double normal_quantile_fast(double p);

/// Draws from a standard normal truncated to [lo, hi] by inversion; the bounds' probabilities
/// are computed once, so each draw costs one normal_quantile_fast.
class TruncatedNormalSampler {
 public:
  TruncatedNormalSampler() = default;
  TruncatedNormalSampler(double lo, double hi);
  double operator()(double u) const;

 private:
  double lo_ = 0, hi_ = 0;
  double from_ = 0, to_ = 0;  ///< CDF (or, above the mean, survival) at the bounds
  bool upper_tail_ = false;
};

/// A standard normal truncated to [lo, hi], by inversion of u in (0, 1). Accurate in the
/// far tails (works with upper-tail probabilities when the interval lies above 0).
double truncated_standard_normal(double u, double lo, double hi);
/// Gamma(shape, 1) by Marsaglia and Tsang (2000), with the shape < 1 boost.
double gamma_draw(PhiloxStream& stream, double shape);
/// Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
double beta_draw(PhiloxStream& stream, double a, double b);
/// Triangular(lo, mode, hi) by inversion.
double triangular_quantile(double u, double lo, double mode, double hi);
/// The smallest interval holding every value `p` can take: [lo, hi] of a uniform or triangular,
/// [0, 1] of a beta, the whole line (the positive half for a lognormal) for a normal or lognormal
/// with a spread, and its one value for a fixed parameter or a prior without spread.
std::pair<double, double> param_support(const Param& p);
/// The value of `p` at probability u in (0, 1) of its distribution restricted to [min, max]
/// (normal/lognormal truncated there): its exact inverse CDF, also for beta (beta_quantile).
/// What a correlated prior's copula uniform becomes (docs/model.md "Correlated priors").
double param_quantile(double u, const Param& p, double min, double max);
/// One draw of `p` restricted to [min, max] (normal/lognormal truncated there).
double draw_param(PhiloxStream& stream, const Param& p, double min, double max);

}  // namespace smesim::detail
