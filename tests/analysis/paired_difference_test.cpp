// The paired difference of a statistic between two scenarios run on the same replications,
// and the order-statistic interval of a quantile.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "smesim/analysis/paired_difference.hpp"
#include "smesim/random/philox.hpp"

using namespace smesim;

namespace {

// Shared noise s_r (sd 10) plus each scenario's own small noise (sd 1): paired, the shared
// part cancels; unpaired it would not.
void paired_samples(std::vector<double>& a, std::vector<double>& b, std::size_t n, double shift) {
  for (std::size_t r = 0; r < n; ++r) {
    PhiloxStream s(make_key(17, static_cast<std::uint32_t>(r)), Purpose::design, 0, 0);
    const double shared = 10 * (s.uniform() - 0.5) * std::sqrt(12.0);
    a.push_back(shared + shift + (s.uniform() - 0.5) * std::sqrt(12.0));
    b.push_back(shared + (s.uniform() - 0.5) * std::sqrt(12.0));
  }
}

}  // namespace

TEST_CASE("the paired mean difference is the mean of the differences with its normal interval",
          "[analysis][paired]") {
  const std::vector<double> a{3, 5, 7, 9};
  const std::vector<double> b{1, 4, 4, 8};
  // d = 2, 1, 3, 1: mean 1.75, sd √(2.75/3) = 0.957427, half-width 1.959964 · 0.957427 / 2 = 0.938262.
  const Estimate d = paired_mean_difference(a, b);
  CHECK(d.value == Approx(1.75));
  CHECK(d.ci95.first == Approx(1.75 - 0.938262).epsilon(1e-5));
  CHECK(d.ci95.second == Approx(1.75 + 0.938262).epsilon(1e-5));
  // A pair with a NaN is left out entirely.
  const std::vector<double> a2{3, 5, NAN, 7, 9};
  const std::vector<double> b2{1, 4, 0, 4, 8};
  CHECK(paired_mean_difference(a2, b2).value == Approx(1.75));
}

TEST_CASE("pairing cancels the noise two scenarios share", "[analysis][paired]") {
  std::vector<double> a, b;
  paired_samples(a, b, 400, 0.5);
  const Estimate d = paired_mean_difference(a, b);
  // Differences have sd √2 ≈ 1.41, so the half-width is 1.96 · 1.41 / 20 ≈ 0.139; unpaired
  // it would be 1.96 · √(2 · 101) / 20 ≈ 1.39, ten times wider, and would not exclude 0.
  CHECK(d.ci95.second - d.ci95.first < 0.35);
  CHECK(d.ci95.first > 0);
  CHECK(d.ci95.first < 0.5);
  CHECK(d.ci95.second > 0.5);
}

TEST_CASE(
    "the paired quantile difference's bootstrap interval is narrow, covers the shift and is reproducible",
    "[analysis][paired]") {
  std::vector<double> a, b;
  paired_samples(a, b, 400, 0.5);
  const Estimate d = paired_quantile_difference(a, b, 0.5, 3);
  CHECK(d.ci95.first < d.value);
  CHECK(d.value < d.ci95.second);
  CHECK(d.ci95.first < 0.5);
  CHECK(d.ci95.second > 0.5);
  // The shared noise moves both medians together. Unpaired, the difference of two medians of
  // 400 draws of a density f ≈ 1 / 34.6 (the shared uniform's) would have sd
  // √2 / (2 f √400) ≈ 1.23 and a 95% width of about 4.8; pairing must at least halve that.
  CHECK(d.ci95.second - d.ci95.first < 2.4);
  const Estimate again = paired_quantile_difference(a, b, 0.5, 3);
  CHECK(again.ci95 == d.ci95);
  CHECK(paired_quantile_difference(a, b, 0.5, 4).ci95 != d.ci95);
}

// A known answer at n = 2: a = (0, 10), b = (0, 0). A resample draws two pair indices with
// replacement, so the resampled median of a is 0, 5 or 10 with probabilities 1/4, 1/2, 1/4 (b's
// is 0); the 95% percentile interval of 2,000 resamples is [0, 10] unless no resample drew
// (1, 1) or none drew (0, 0), each of probability (3/4)^2000, about 1e-250. A bootstrap that
// never draws the last pair would give [0, 0]; one that never draws the first, [10, 10].
TEST_CASE("the paired bootstrap draws every pair: a known answer at two pairs", "[analysis][paired]") {
  const std::vector<double> a{0, 10}, b{0, 0};
  for (const std::uint32_t seed : {1u, 2u, 3u}) {
    INFO("seed " << seed);
    const Estimate d = paired_quantile_difference(a, b, 0.5, seed);
    CHECK(d.value == 5);
    CHECK(d.ci95.first == 0);
    CHECK(d.ci95.second == 10);
  }
  // Three pairs, the odd one last: it must be able to move the median.
  const std::vector<double> c{0, 0, 9}, z{0, 0, 0};
  const Estimate d = paired_quantile_difference(c, z, 0.5, 7);
  CHECK(d.value == 0);
  CHECK(d.ci95.second == 9);  // two or three draws of the last pair: P = 7/27 a resample
}

TEST_CASE("a quantile's order-statistic interval brackets it and covers the true quantile",
          "[analysis][paired]") {
  std::vector<double> x;
  for (int i = 0; i < 1000; ++i) x.push_back(i);  // the uniform quantile q is about 1000 q
  const Estimate median = quantile_interval(x, 0.5);
  CHECK(median.value == Approx(499.5));
  // n q ∓ 1.96 √(n q (1 − q)) = 500 ∓ 31: order statistics about 31 either side.
  CHECK(median.ci95.first == Approx(468).margin(2));
  CHECK(median.ci95.second == Approx(532).margin(2));
  const Estimate p5 = quantile_interval(x, 0.05);
  CHECK(p5.ci95.first < p5.value);
  CHECK(p5.value < p5.ci95.second);
  CHECK(p5.ci95.first == Approx(36).margin(2));  // 50 ∓ 13.5
  CHECK(p5.ci95.second == Approx(64).margin(2));
}
