// smesim's own exp: accurate to a couple of ulps and identical in its scalar and batch forms.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "random/deterministic_exp.hpp"

using namespace smesim::detail;

TEST_CASE("exp_nonpositive agrees with std::exp to 4e-16 relative on [-708, 0]", "[engine][exp]") {
  double worst = 0;
  for (int i = 0; i <= 200000; ++i) {
    const double x = -708.0 * i / 200000.0;
    const double expected = std::exp(x);
    worst = std::max(worst, std::fabs(exp_nonpositive(x) - expected) / expected);
  }
  CHECK(worst < 4e-16);
  CHECK(exp_nonpositive(0.0) == 1.0);
  CHECK(exp_nonpositive(-std::log(2.0)) == Approx(0.5).epsilon(1e-15));
}

TEST_CASE("one_minus_exp_neg: monthly event probabilities", "[engine][exp]") {
  // A hazard of 0.38 per year over a month.
  CHECK(one_minus_exp_neg(0.38 / 12) == Approx(-std::expm1(-0.38 / 12)).epsilon(1e-13));
  // The absolute error stays at the level of 1e-16 even where 1 - exp(-x) cancels.
  for (const double x : {1e-9, 1e-6, 1e-3}) CHECK(std::fabs(one_minus_exp_neg(x) + std::expm1(-x)) < 3e-16);
  CHECK(one_minus_exp_neg(0.0) == 0.0);
}

TEST_CASE("The batch form gives the same bits as the scalar form", "[engine][exp]") {
  std::vector<double> x;
  for (int i = 0; i < 1001; ++i) x.push_back(i * 0.0137);
  std::vector<double> out(x.size());
  one_minus_exp_neg_batch(x.data(), out.data(), x.size());
  for (std::size_t i = 0; i < x.size(); ++i) REQUIRE(out[i] == one_minus_exp_neg(x[i]));
}

TEST_CASE("one_minus_exp_neg never exceeds its bound", "[engine][exp]") {
  // The diffusion step skips the exact probability when a uniform is at or above the bound,
  // which is only right if no computed probability is above it. Dense in the small hazards
  // of the model, and up to where the bound passes 1.
  for (int i = 0; i <= 1000000; ++i) {
    const double x = i * 1e-6;
    REQUIRE(one_minus_exp_neg(x) <= one_minus_exp_neg_bound(x));
  }
  for (double x = 1e-300; x < 1e-3; x *= 1.001) REQUIRE(one_minus_exp_neg(x) <= one_minus_exp_neg_bound(x));
}

// issue: below -708 the exponent field wrapped and exp gave 5.8e290, nan, or a value above 1.
TEST_CASE("exp_nonpositive below -708 is the smallest normal-range value, never garbage",
          "[engine][exp][hardening]") {
  for (const double x : {-708.5, -709.0, -745.2, -1000.0, -1e5, -1.44e5, -1e9, -1e300,
                         -std::numeric_limits<double>::infinity()}) {
    INFO("x = " << x);
    const double e = smesim::detail::exp_nonpositive(x);
    CHECK(e >= 0);
    CHECK(e <= 3.4e-308);
    CHECK(smesim::detail::one_minus_exp_neg(-x) == 1.0);
  }
}
