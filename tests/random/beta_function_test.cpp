// The regularised incomplete beta function and its inverse (src/random/beta_function.hpp),
// which turn a copula uniform into a correlated beta prior's draw.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "random/beta_function.hpp"

using namespace smesim::detail;

namespace {

const std::vector<double> kShapes{0.5, 1, 2, 5, 20};

std::vector<double> probability_grid() {
  std::vector<double> u{1e-12, 1e-9, 1e-6, 1e-3, 0.01, 0.999, 1 - 1e-6, 1 - 1e-9};
  for (int i = 1; i < 100; ++i) u.push_back(i / 100.0);
  return u;
}

}  // namespace

TEST_CASE("I_x(a, b) against closed forms", "[random][beta_function]") {
  // a = 1: I_x = 1 - (1 - x)^b; b = 1: I_x = x^a; a = b = 1/2: I_x = (2/π) asin(√x);
  // a = 2, b = 2: I_x = 3x² - 2x³. Rounding of lgamma and the fraction: 1e-14 is ample.
  for (double x : {1e-8, 0.001, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999}) {
    INFO("x = " << x);
    for (double s : kShapes) {
      CHECK(std::fabs(regularized_incomplete_beta(x, 1, s) - (1 - std::pow(1 - x, s))) < 1e-14);
      CHECK(std::fabs(regularized_incomplete_beta(x, s, 1) - std::pow(x, s)) < 1e-14);
    }
    CHECK(std::fabs(regularized_incomplete_beta(x, 0.5, 0.5) - 2 / M_PI * std::asin(std::sqrt(x))) < 1e-14);
    CHECK(std::fabs(regularized_incomplete_beta(x, 2, 2) - (3 * x * x - 2 * x * x * x)) < 1e-14);
  }
  CHECK(regularized_incomplete_beta(0, 2, 3) == 0);
  CHECK(regularized_incomplete_beta(1, 2, 3) == 1);
  // Symmetry I_x(a, b) = 1 - I_{1-x}(b, a) across the switch of side at x = (a+1)/(a+b+2).
  for (double a : kShapes)
    for (double b : kShapes)
      for (double x : {0.05, 0.3, 0.5, 0.7, 0.95})
        CHECK(std::fabs(regularized_incomplete_beta(x, a, b) + regularized_incomplete_beta(1 - x, b, a) - 1) <
              1e-14);
}

TEST_CASE("beta_quantile inverts I_x(a, b) to 1e-12, or to the nearest double, over a grid of shapes",
          "[random][beta_function]") {
  double worst = 0;
  for (double a : kShapes) {
    for (double b : kShapes) {
      for (double u : probability_grid()) {
        const double x = beta_quantile(u, a, b);
        INFO("a = " << a << ", b = " << b << ", u = " << u << ", x = " << x);
        REQUIRE(x >= 0);
        REQUIRE(x <= 1);
        const double error = std::fabs(regularized_incomplete_beta(x, a, b) - u);
        // Where I_x is steeper than 1e-12 per double (x near 1 with b < 1), x must be the
        // double at u: u lies between I at its neighbours.
        const double below = regularized_incomplete_beta(std::nextafter(x, 0.0), a, b);
        const double above = regularized_incomplete_beta(std::nextafter(x, 1.0), a, b);
        const bool best_double = below <= u + 1e-15 && u <= above + 1e-15;
        if (!best_double) worst = std::max(worst, error);
        CHECK((error < 1e-12 || best_double));
      }
    }
  }
  WARN("beta_quantile: largest |I_x(a, b) - u| where doubles allow 1e-12 = " << worst);
}

TEST_CASE("beta_quantile against closed-form quantiles", "[random][beta_function]") {
  // a = 1: x = 1 - (1 - u)^(1/b) (as -expm1(log1p(-u)/b), exact for small u too); b = 1: x = u^(1/a); a = b =
  // 1/2: x = sin²(πu/2). The quantile's error is the CDF's over the density: relative 1e-10 leaves room where
  // the density is large (near 0 for a < 1).
  for (double u : probability_grid()) {
    INFO("u = " << u);
    for (double s : kShapes) {
      INFO("shape = " << s);
      CHECK(beta_quantile(u, 1, s) == Approx(-std::expm1(std::log1p(-u) / s)).epsilon(1e-10).margin(1e-300));
      CHECK(beta_quantile(u, s, 1) == Approx(std::pow(u, 1 / s)).epsilon(1e-10).margin(1e-300));
    }
    const double half = std::sin(M_PI * u / 2);
    CHECK(beta_quantile(u, 0.5, 0.5) == Approx(half * half).epsilon(1e-10).margin(1e-300));
  }
  CHECK(beta_quantile(0, 2, 3) == 0);
  CHECK(beta_quantile(1, 2, 3) == 1);
}
