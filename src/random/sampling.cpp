#include "random/sampling.hpp"

#include "random/beta_function.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace smesim::detail {

double normal_cdf(double x) { return 0.5 * std::erfc(-x * M_SQRT1_2); }

namespace {
// Upper tail Q(x) = 1 - Phi(x), accurate for large x.
double normal_sf(double x) { return 0.5 * std::erfc(x * M_SQRT1_2); }
}  // namespace

double normal_quantile(double p) {
  if (p <= 0) return -std::numeric_limits<double>::infinity();
  if (p >= 1) return std::numeric_limits<double>::infinity();
  const double x = normal_quantile_fast(p);
  // One Halley step against the exact CDF brings the error to machine precision.
  const double e = normal_cdf(x) - p;
  const double u = e * std::sqrt(2 * M_PI) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

double normal_quantile_fast(double p) {
  if (p <= 0) return -std::numeric_limits<double>::infinity();
  if (p >= 1) return std::numeric_limits<double>::infinity();
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                                 1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                 6.680131188771972e+01, -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                 -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                 3.754408661907416e+00};
  constexpr double p_low = 0.02425;
  double x = 0;
  if (p < p_low) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - p_low) {
    const double q = p - 0.5;
    const double r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const double q = std::sqrt(-2 * std::log1p(-p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  return x;
}

TruncatedNormalSampler::TruncatedNormalSampler(double lo, double hi) : lo_(lo), hi_(hi), upper_tail_(lo > 0) {
  // Above the mean, work with upper-tail probabilities so they do not round to 1.
  from_ = upper_tail_ ? normal_sf(lo) : normal_cdf(lo);
  to_ = upper_tail_ ? normal_sf(hi) : normal_cdf(hi);
}

double TruncatedNormalSampler::operator()(double u) const {
  const double q = normal_quantile_fast(from_ + u * (to_ - from_));
  return std::clamp(upper_tail_ ? -q : q, lo_, hi_);
}

double truncated_standard_normal(double u, double lo, double hi) {
  if (lo > 0) {
    // Above the mean, work with upper-tail probabilities so they do not round to 1.
    const double q_lo = normal_sf(lo);
    const double q_hi = normal_sf(hi);
    const double q = q_lo - u * (q_lo - q_hi);
    return std::clamp(-normal_quantile(q), lo, hi);
  }
  const double p_lo = normal_cdf(lo);
  const double p_hi = normal_cdf(hi);
  return std::clamp(normal_quantile(p_lo + u * (p_hi - p_lo)), lo, hi);
}

double gamma_draw(PhiloxStream& stream, double shape) {
  if (shape < 1) {
    // Gamma(a) = Gamma(a + 1) U^(1/a).
    const double g = gamma_draw(stream, shape + 1);
    return g * std::pow(stream.uniform(), 1 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1 / std::sqrt(9 * d);
  for (;;) {
    const double x = normal_quantile_fast(stream.uniform());
    double v = 1 + c * x;
    if (v <= 0) continue;
    v = v * v * v;
    const double u = stream.uniform();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (std::log(u) < 0.5 * x * x + d * (1 - v + std::log(v))) return d * v;
  }
}

double beta_draw(PhiloxStream& stream, double a, double b) {
  const double x = gamma_draw(stream, a);
  const double y = gamma_draw(stream, b);
  return x / (x + y);
}

double triangular_quantile(double u, double lo, double mode, double hi) {
  if (hi <= lo) return lo;
  const double f = (mode - lo) / (hi - lo);
  if (u < f) return lo + std::sqrt(u * (hi - lo) * (mode - lo));
  return hi - std::sqrt((1 - u) * (hi - lo) * (hi - mode));
}

std::pair<double, double> param_support(const Param& p) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const auto& a = p.args;
  switch (p.kind) {
    case DistributionKind::unset:
    case DistributionKind::fixed:
      return {a[0], a[0]};
    case DistributionKind::uniform:
      return {a[0], a[1]};
    case DistributionKind::triangular:
      return {a[0], a[2]};
    case DistributionKind::beta:
      return {0, 1};
    case DistributionKind::normal:
      return a[1] == 0 ? std::pair{a[0], a[0]} : std::pair{-kInf, kInf};
    case DistributionKind::lognormal:
      return a[1] == 0 ? std::pair{std::exp(a[0]), std::exp(a[0])} : std::pair{0.0, kInf};
  }
  return {a[0], a[0]};
}

double param_quantile(double u, const Param& p, double min, double max) {
  const auto& a = p.args;
  switch (p.kind) {
    case DistributionKind::unset:
    case DistributionKind::fixed:
      return a[0];
    case DistributionKind::uniform:
      return a[0] + (a[1] - a[0]) * u;
    case DistributionKind::triangular:
      return triangular_quantile(u, a[0], a[1], a[2]);
    case DistributionKind::beta:
      return beta_quantile(u, a[0], a[1]);
    case DistributionKind::normal: {
      const double z = truncated_standard_normal(u, (min - a[0]) / a[1], (max - a[0]) / a[1]);
      return std::clamp(a[0] + a[1] * z, min, max);
    }
    case DistributionKind::lognormal: {
      const double lo = min > 0 ? (std::log(min) - a[0]) / a[1] : -std::numeric_limits<double>::infinity();
      const double hi = (std::log(max) - a[0]) / a[1];
      const double z = truncated_standard_normal(u, lo, hi);
      return std::clamp(std::exp(a[0] + a[1] * z), min, max);
    }
  }
  return a[0];
}

double draw_param(PhiloxStream& stream, const Param& p, double min, double max) {
  // Beta keeps its gamma-ratio draw (the bytes of every uncorrelated beta prior); the others
  // are one uniform through their inverse CDF.
  if (p.kind == DistributionKind::beta) return beta_draw(stream, p.args[0], p.args[1]);
  if (!p.is_set() || p.is_fixed()) return p.args[0];
  return param_quantile(stream.uniform(), p, min, max);
}

}  // namespace smesim::detail
