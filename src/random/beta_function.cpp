#include "random/beta_function.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace smesim::detail {
namespace {

constexpr double kTiny = 1e-300;  // keeps Lentz's ratios away from division by 0
constexpr double kFractionTolerance = 1e-16;
constexpr int kMaxFractionTerms = 100'000;

double guard(double v) { return std::fabs(v) < kTiny ? kTiny : v; }

// The continued fraction 1/(1+ d1/(1+ d2/(1+ ...))) of I_x(a, b) (Numerical Recipes (6.4.5)),
// whose partial numerators alternate between the even and odd forms below. Converges fast for
// x < (a + 1) / (a + b + 2): O(sqrt(max(a, b))) terms.
double beta_continued_fraction(double x, double a, double b) {
  double c = 1;
  double d = 1 / guard(1 - (a + b) * x / (a + 1));
  double f = d;
  for (int m = 1; m <= kMaxFractionTerms; ++m) {
    const double twice = 2.0 * m;
    const double even = m * (b - m) * x / ((a - 1 + twice) * (a + twice));
    d = 1 / guard(1 + even * d);
    c = guard(1 + even / c);
    f *= d * c;
    const double odd = -(a + m) * (a + b + m) * x / ((a + twice) * (a + 1 + twice));
    d = 1 / guard(1 + odd * d);
    c = guard(1 + odd / c);
    const double step = d * c;
    f *= step;
    if (std::fabs(step - 1) < kFractionTolerance) break;
  }
  return f;
}

// log of x^a (1 - x)^b / B(a, b): the prefactor of the fraction and, divided by x (1 - x),
// the density.
double log_beta_kernel(double x, double a, double b) {
  return std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
}

double beta_density(double x, double a, double b) {
  if (x <= 0 || x >= 1) return 0;
  return std::exp(log_beta_kernel(x, a, b) - std::log(x) - std::log1p(-x));
}

}  // namespace

double regularized_incomplete_beta(double x, double a, double b) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double prefactor = std::exp(log_beta_kernel(x, a, b));
  // I_x(a, b) = 1 - I_{1-x}(b, a): use the side on which the fraction converges.
  if (x < (a + 1) / (a + b + 2)) return prefactor * beta_continued_fraction(x, a, b) / a;
  return 1 - prefactor * beta_continued_fraction(1 - x, b, a) / b;
}

namespace {

// The quantile for u <= 1/2: x is then below the median, where doubles are dense enough to
// reach |I_x - u| near rounding.
double lower_beta_quantile(double u, double a, double b) {
  double lo = 0, hi = 1;
  double x = std::clamp(a / (a + b), 0.01, 0.99);  // the mean: inside the bracket
  for (int iteration = 0; iteration < 200; ++iteration) {
    const double residual = regularized_incomplete_beta(x, a, b) - u;
    if (residual == 0) return x;
    (residual < 0 ? lo : hi) = x;
    const double density = beta_density(x, a, b);
    double next = density > 0 ? x - residual / density : std::numeric_limits<double>::quiet_NaN();
    // Newton may overshoot where the density is steep or flat (a or b below 1, far tails):
    // bisect whenever its step leaves the bracket.
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (std::fabs(next - x) <= 4 * std::numeric_limits<double>::epsilon() * std::max(x, 1e-300) ||
        hi - lo <= 4 * std::numeric_limits<double>::epsilon() * hi)
      return next;
    x = next;
  }
  return x;
}

}  // namespace

double beta_quantile(double u, double a, double b) {
  if (u <= 0) return 0;
  if (u >= 1) return 1;
  // Above the median solve for 1 - x (I_x(a, b) = 1 - I_{1-x}(b, a); 1 - u is exact there),
  // so the search runs where 1 - x is represented to full relative precision.
  if (u > 0.5) return 1 - lower_beta_quantile(1 - u, b, a);
  return lower_beta_quantile(u, a, b);
}

}  // namespace smesim::detail
