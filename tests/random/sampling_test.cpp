#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "random/sampling.hpp"

using namespace smesim;
using namespace smesim::detail;

TEST_CASE("normal_quantile inverts normal_cdf to machine precision", "[engine][sampling]") {
  for (double p : {1e-12, 1e-6, 0.001, 0.02425, 0.1, 0.3, 0.5, 0.7, 0.9, 0.97575, 0.999, 1 - 1e-9}) {
    const double x = normal_quantile(p);
    CHECK(normal_cdf(x) == Approx(p).epsilon(1e-12));
  }
  CHECK(normal_quantile(0.5) == Approx(0.0).margin(1e-15));
  CHECK(normal_quantile(0.975) == Approx(1.959963984540054).epsilon(1e-13));
}

TEST_CASE("truncated_standard_normal stays inside its interval, even far in the tail", "[engine][sampling]") {
  for (double u : {1e-9, 0.01, 0.5, 0.99, 1 - 1e-9}) {
    const double z = truncated_standard_normal(u, 8.0, 9.0);  // P(Z > 8) ~ 6e-16
    CHECK(z >= 8.0);
    CHECK(z <= 9.0);
    const double w = truncated_standard_normal(u, -1.0, 0.5);
    CHECK(w >= -1.0);
    CHECK(w <= 0.5);
  }
  // The median of Z truncated to [0, inf) is Phi^-1(0.75).
  CHECK(truncated_standard_normal(0.5, 0.0, INFINITY) == Approx(0.6744897501960817).epsilon(1e-12));
}

TEST_CASE("Beta, gamma and triangular draws have the right means", "[engine][sampling]") {
  PhiloxStream s(make_key(9, 9), Purpose::priors, 1, 0);
  constexpr int kDraws = 40000;
  // Beta(2, 5): mean 2/7, variance ab/((a+b)^2 (a+b+1)) = 10/392; sd of the sample mean =
  // sqrt(10/392 / 40000) = 0.0008; tolerance 5 sd = 0.004.
  double beta_sum = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double x = beta_draw(s, 2, 5);
    REQUIRE(x > 0);
    REQUIRE(x < 1);
    beta_sum += x;
  }
  CHECK(beta_sum / kDraws == Approx(2.0 / 7.0).margin(0.004));
  // Gamma(0.5): mean 0.5, variance 0.5; sd of mean = sqrt(0.5 / 40000) = 0.0035; 5 sd = 0.018.
  double gamma_sum = 0;
  for (int i = 0; i < kDraws; ++i) gamma_sum += gamma_draw(s, 0.5);
  CHECK(gamma_sum / kDraws == Approx(0.5).margin(0.018));
  // Triangular(0, 1, 4): quantiles exact at the ends and the mode (its mean and variance are
  // checked with the other priors below).
  CHECK(triangular_quantile(0.0, 0, 1, 4) == Approx(0.0));
  CHECK(triangular_quantile(0.25, 0, 1, 4) == Approx(1.0));
  CHECK(triangular_quantile(1.0, 0, 1, 4) == Approx(4.0));
}

TEST_CASE("draw_param truncates normal and lognormal priors to the valid range", "[engine][sampling]") {
  PhiloxStream s(make_key(3, 1), Purpose::priors, 2, 0);
  const Param normal(DistributionKind::normal, {0.1, 0.5, 0});
  const Param lognormal(DistributionKind::lognormal, {0.0, 2.0, 0});
  const Param uniform(DistributionKind::uniform, {0.2, 0.4, 0});
  for (int i = 0; i < 2000; ++i) {
    const double a = draw_param(s, normal, 0, 1);
    REQUIRE(a >= 0);
    REQUIRE(a <= 1);
    const double b = draw_param(s, lognormal, 0.5, 3);
    REQUIRE(b >= 0.5);
    REQUIRE(b <= 3);
    const double c = draw_param(s, uniform, 0, 1);
    REQUIRE(c >= 0.2);
    REQUIRE(c <= 0.4);
  }
  CHECK(draw_param(s, Param(0.7), 0, 1) == 0.7);
}

TEST_CASE("Every prior's draws have its mean and variance", "[engine][sampling]") {
  // docs/model.md §8's five distributions through draw_param, with bounds far outside their mass.
  // Tolerances: 5 standard errors (two-sided 6e-7 each). For n draws the sample mean has
  // SE = sigma / sqrt(n), and the sample variance SE = sigma^2 sqrt((kappa - 1) / n), kappa the
  // kurtosis E[(X - mu)^4] / sigma^4, given here exactly for each distribution.
  struct Case {
    const char* name;
    Param prior;
    double mean, variance, kurtosis;
  };
  const double e_s2 = std::exp(0.25);  // lognormal(0.2, 0.5): e^(sigma^2)
  const std::vector<Case> cases{
      {"uniform(0.2, 0.4)", Param(DistributionKind::uniform, {0.2, 0.4, 0}), 0.3, 0.04 / 12, 9.0 / 5},
      {"normal(0.1, 0.5)", Param(DistributionKind::normal, {0.1, 0.5, 0}), 0.1, 0.25, 3},
      {"lognormal(0.2, 0.5)", Param(DistributionKind::lognormal, {0.2, 0.5, 0}), std::exp(0.2 + 0.125),
       (e_s2 - 1) * std::exp(0.4 + 0.25), std::exp(1.0) + 2 * std::exp(0.75) + 3 * std::exp(0.5) - 3},
      // Beta(a, b): variance ab / ((a+b)^2 (a+b+1)); excess kurtosis
      // 6 [(a-b)^2 (a+b+1) - ab (a+b+2)] / [ab (a+b+2)(a+b+3)] = -0.12 for (2, 5).
      {"beta(2, 5)", Param(DistributionKind::beta, {2, 5, 0}), 2.0 / 7, 10.0 / 392, 3 - 0.12},
      // Triangular(lo, c, hi): mean (lo+c+hi)/3, variance (lo²+c²+hi²-lo c-lo hi-c hi)/18,
      // excess kurtosis -3/5.
      {"triangular(0, 1, 4)", Param(DistributionKind::triangular, {0, 1, 4}), 5.0 / 3, (1.0 + 16 - 4) / 18,
       2.4},
  };
  constexpr int kDraws = 40000;
  for (const Case& c : cases) {
    INFO(c.name);
    PhiloxStream s(make_key(5, 11), Purpose::priors, 3, 0);
    std::vector<double> x(kDraws);
    for (double& v : x) v = draw_param(s, c.prior, -1e9, 1e9);
    double mean = 0;
    for (const double v : x) mean += v / kDraws;
    double ss = 0;
    for (const double v : x) ss += (v - mean) * (v - mean);
    const double variance = ss / (kDraws - 1);
    const double se_mean = std::sqrt(c.variance / kDraws);
    const double se_variance = c.variance * std::sqrt((c.kurtosis - 1) / kDraws);
    CHECK(std::fabs(mean - c.mean) <= 5 * se_mean);
    CHECK(std::fabs(variance - c.variance) <= 5 * se_variance);
  }
}
