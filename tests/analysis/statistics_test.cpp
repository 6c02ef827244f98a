// Summary statistics across replications (docs/model.md §7): type-7 quantiles, summarise() and the
// Wilson interval, against hand-computed and published values.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "smesim/analysis/statistics.hpp"
#include "smesim/random/philox.hpp"

namespace {

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kZ95 = 1.959963984540054;  // the z summarise() uses for its 95% CI

std::vector<double> one_to_ten() {
  std::vector<double> x;
  for (int i = 1; i <= 10; ++i) x.push_back(i);
  return x;
}

// Exact P(Wilson interval of Binomial(n, p) covers p): the sum of the binomial pmf over the
// k whose interval contains p (pmf by logs: lgamma, no overflow for n = 50).
double exact_wilson_coverage(int n, double p) {
  double coverage = 0;
  for (int k = 0; k <= n; ++k) {
    const auto [lo, hi] = smesim::wilson_interval(static_cast<std::size_t>(k), static_cast<std::size_t>(n));
    if (lo <= p && p <= hi) {
      const double log_pmf = std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) +
                             k * std::log(p) + (n - k) * std::log1p(-p);
      coverage += std::exp(log_pmf);
    }
  }
  return coverage;
}

}  // namespace

TEST_CASE("quantile: type 7 on 1..10 matches hand-computed values", "[analysis]") {
  // n = 10, h = 9 q: q = 0.05 -> h = 0.45 -> 1 + 0.45 (2 - 1) = 1.45, and so on.
  const auto x = one_to_ten();
  CHECK_THAT(smesim::quantile(x, 0.00), WithinAbs(1.0, 1e-12));
  CHECK_THAT(smesim::quantile(x, 0.05), WithinAbs(1.45, 1e-12));
  CHECK_THAT(smesim::quantile(x, 0.25), WithinAbs(3.25, 1e-12));
  CHECK_THAT(smesim::quantile(x, 0.50), WithinAbs(5.5, 1e-12));
  CHECK_THAT(smesim::quantile(x, 0.75), WithinAbs(7.75, 1e-12));
  CHECK_THAT(smesim::quantile(x, 0.95), WithinAbs(9.55, 1e-12));
  CHECK_THAT(smesim::quantile(x, 1.00), WithinAbs(10.0, 1e-12));
}

TEST_CASE("quantile: input order does not matter (it sorts a copy)", "[analysis]") {
  const std::vector<double> shuffled{7, 3, 10, 1, 9, 2, 8, 5, 4, 6};
  CHECK_THAT(smesim::quantile(shuffled, 0.05), WithinAbs(1.45, 1e-12));
  CHECK_THAT(smesim::quantile(shuffled, 0.5), WithinAbs(5.5, 1e-12));
  CHECK_THAT(smesim::quantile(shuffled, 0.95), WithinAbs(9.55, 1e-12));
  // Unequal gaps: {0, 10, 40}, h = 2 q; q = 0.75 -> h = 1.5 -> 10 + 0.5 * 30 = 25.
  CHECK_THAT(smesim::quantile({40, 0, 10}, 0.75), WithinAbs(25.0, 1e-12));
  CHECK_THAT(smesim::quantile({40, 0, 10}, 0.25), WithinAbs(5.0, 1e-12));
}

TEST_CASE("quantile: a single element is every quantile", "[analysis]") {
  for (const double q : {0.0, 0.05, 0.5, 0.95, 1.0}) CHECK(smesim::quantile({42.5}, q) == 42.5);
}

TEST_CASE("quantile: NaN values are ignored, an empty or all-NaN sample gives NaN", "[analysis]") {
  // Finite values {1, 2, 3}: the median is 2, q = 0.25 -> h = 0.5 -> 1.5.
  const std::vector<double> with_nan{kNaN, 3, 1, kNaN, 2};
  CHECK_THAT(smesim::quantile(with_nan, 0.5), WithinAbs(2.0, 1e-12));
  CHECK_THAT(smesim::quantile(with_nan, 0.25), WithinAbs(1.5, 1e-12));
  CHECK_THAT(smesim::quantile(with_nan, 1.0), WithinAbs(3.0, 1e-12));
  CHECK(std::isnan(smesim::quantile({}, 0.5)));
  CHECK(std::isnan(smesim::quantile({kNaN, kNaN}, 0.5)));
}

TEST_CASE("summarise: mean, sd (n - 1), 95% CI and quantiles of a known sample", "[analysis]") {
  // {2, 4, 4, 4, 5, 5, 7, 9}: mean 5, sum of squared deviations 32, sd = sqrt(32 / 7).
  // Type-7 quantiles with h = 7 q on the sorted sample: p5 h = 0.35 -> 2 + 0.35 * 2 = 2.7;
  // p25 h = 1.75 -> 4; p50 h = 3.5 -> 4.5; p75 h = 5.25 -> 5 + 0.25 * 2 = 5.5;
  // p95 h = 6.65 -> 7 + 0.65 * 2 = 8.3.
  const std::vector<double> x{4, 9, 2, 5, 4, 7, 4, 5};
  const smesim::Summary s = smesim::summarise(x);
  const double sd = std::sqrt(32.0 / 7.0);
  const double half = kZ95 * sd / std::sqrt(8.0);
  CHECK(s.n == 8);
  CHECK_THAT(s.mean, WithinAbs(5.0, 1e-12));
  CHECK_THAT(s.sd, WithinRel(sd, 1e-12));
  CHECK_THAT(s.ci95.first, WithinAbs(5.0 - half, 1e-12));
  CHECK_THAT(s.ci95.second, WithinAbs(5.0 + half, 1e-12));
  // The stated rule "mean ± 1.96 sd / sqrt(n)", to the precision of 1.96 itself.
  CHECK_THAT(s.ci95.second - s.ci95.first, WithinRel(2 * 1.96 * sd / std::sqrt(8.0), 1e-4));
  CHECK_THAT(s.p5, WithinAbs(2.7, 1e-12));
  CHECK_THAT(s.p25, WithinAbs(4.0, 1e-12));
  CHECK_THAT(s.p50, WithinAbs(4.5, 1e-12));
  CHECK_THAT(s.p75, WithinAbs(5.5, 1e-12));
  CHECK_THAT(s.p95, WithinAbs(8.3, 1e-12));
}

TEST_CASE("summarise: NaN ignored, single value, empty sample", "[analysis]") {
  SECTION("NaN values are left out of every statistic") {
    const std::vector<double> x{1, kNaN, 2, 3, kNaN};
    const smesim::Summary s = smesim::summarise(x);
    CHECK(s.n == 3);
    CHECK_THAT(s.mean, WithinAbs(2.0, 1e-12));
    CHECK_THAT(s.sd, WithinAbs(1.0, 1e-12));  // squared deviations 1 + 0 + 1 over n - 1 = 2
    CHECK_THAT(s.ci95.first, WithinAbs(2.0 - kZ95 / std::sqrt(3.0), 1e-12));
    CHECK_THAT(s.ci95.second, WithinAbs(2.0 + kZ95 / std::sqrt(3.0), 1e-12));
    CHECK_THAT(s.p50, WithinAbs(2.0, 1e-12));
    CHECK_THAT(s.p5, WithinAbs(1.1, 1e-12));  // h = 2 * 0.05 = 0.1
  }
  SECTION("one value: sd 0 and a zero-width CI at the value") {
    const std::vector<double> x{3.5};
    const smesim::Summary s = smesim::summarise(x);
    CHECK(s.n == 1);
    CHECK(s.mean == 3.5);
    CHECK(s.sd == 0);
    CHECK(s.ci95.first == 3.5);
    CHECK(s.ci95.second == 3.5);
    CHECK(s.p5 == 3.5);
    CHECK(s.p95 == 3.5);
  }
  SECTION("empty or all NaN: n = 0 and NaN everywhere") {
    for (const std::vector<double>& x : {std::vector<double>{}, std::vector<double>{kNaN, kNaN}}) {
      const smesim::Summary s = smesim::summarise(x);
      CHECK(s.n == 0);
      CHECK(std::isnan(s.mean));
      CHECK(std::isnan(s.sd));
      CHECK(std::isnan(s.ci95.first));
      CHECK(std::isnan(s.ci95.second));
      CHECK(std::isnan(s.p5));
      CHECK(std::isnan(s.p50));
      CHECK(std::isnan(s.p95));
    }
  }
}

TEST_CASE("summarise: statistics of a sample do not depend on its order", "[analysis]") {
  // A skewed sample with a large offset (mean ~1e6), where a naive sum of squares would lose
  // digits; then Fisher–Yates permutations of it from a fixed Philox stream.
  smesim::PhiloxStream s(smesim::make_key(99, 0), smesim::Purpose::priors, 1, 0);
  std::vector<double> x;
  for (int i = 0; i < 2000; ++i) x.push_back(1e6 + 1e3 * std::exp(3 * s.uniform()) - 2e3 * s.uniform());
  const smesim::Summary ref = smesim::summarise(x);
  for (int trial = 0; trial < 5; ++trial) {
    std::vector<double> y = x;
    for (std::size_t i = y.size() - 1; i > 0; --i) std::swap(y[i], y[s.below(i + 1)]);
    if (trial == 4) std::reverse(y.begin(), y.end());
    REQUIRE(y != x);
    const smesim::Summary p = smesim::summarise(y);
    CHECK(p.n == ref.n);
    CHECK_THAT(p.mean, WithinRel(ref.mean, 1e-12));
    CHECK_THAT(p.sd, WithinRel(ref.sd, 1e-12));
    CHECK_THAT(p.ci95.first, WithinRel(ref.ci95.first, 1e-12));
    CHECK_THAT(p.ci95.second, WithinRel(ref.ci95.second, 1e-12));
    // Quantiles come from the sorted sample: exactly equal.
    CHECK(p.p5 == ref.p5);
    CHECK(p.p25 == ref.p25);
    CHECK(p.p50 == ref.p50);
    CHECK(p.p75 == ref.p75);
    CHECK(p.p95 == ref.p95);
  }
}

TEST_CASE("wilson_interval: published values (z = 1.96)", "[analysis]") {
  // 0/10, 5/10 and 10/10 by hand from the score formula; the others are Newcombe (1998),
  // Stat. Med. 17:857, Table I, method 3 (score interval without continuity correction).
  struct Case {
    std::size_t k, n;
    double lo, hi;
  };
  const std::vector<Case> cases{{0, 10, 0.0, 0.2775},      {5, 10, 0.2366, 0.7634},   {10, 10, 0.7225, 1.0},
                                {81, 263, 0.2553, 0.3662}, {15, 148, 0.0624, 0.1605}, {0, 20, 0.0, 0.1611},
                                {1, 29, 0.0061, 0.1718},   {29, 29, 0.8830, 1.0}};
  for (const Case& c : cases) {
    INFO(c.k << " of " << c.n);
    const auto [lo, hi] = smesim::wilson_interval(c.k, c.n, 1.96);
    CHECK_THAT(lo, WithinAbs(c.lo, 1e-4));
    CHECK_THAT(hi, WithinAbs(c.hi, 1e-4));
  }
  // The default z is the exact 97.5% normal quantile: it differs from 1.96 by < 1e-4 here.
  const auto [lo, hi] = smesim::wilson_interval(5, 10);
  CHECK_THAT(lo, WithinAbs(0.2366, 1e-4));
  CHECK_THAT(hi, WithinAbs(0.7634, 1e-4));
  // Symmetry: the interval of n - k successes mirrors that of k.
  const auto [lo3, hi3] = smesim::wilson_interval(3, 17);
  const auto [lo14, hi14] = smesim::wilson_interval(14, 17);
  CHECK_THAT(lo3, WithinAbs(1 - hi14, 1e-12));
  CHECK_THAT(hi3, WithinAbs(1 - lo14, 1e-12));
}

TEST_CASE("wilson_interval: Monte Carlo coverage at n = 50 is close to 95%", "[analysis]") {
  // Tolerance derivation. With R independent binomial samples the empirical coverage c^ is
  // Binomial(R, C) / R, where C = C(p) is the interval's true coverage, so its Monte Carlo
  // standard error is sigma = sqrt(C (1 - C) / R). With R = 20000 and C in [0.93, 0.97],
  // sigma <= sqrt(0.93 * 0.07 / 20000) = 0.0018; we allow 4 sigma (two-sided normal tail
  // 6e-5; the seed is fixed, so the outcome is in any case reproducible).
  // C(p) itself is not exactly 0.95: the binomial is discrete, and the Wilson interval's
  // coverage oscillates around the nominal level (Brown, Cai & DasGupta 2001, Stat. Sci. 16:101,
  // Fig. 5). We compute C(p) exactly (a finite sum of the pmf) and check
  //   (a) |c^ - C(p)| <= 4 sigma           (the simulation agrees with the exact coverage), and
  //   (b) |C(p) - 0.95| <= 0.02            (for n = 50 the oscillation stays within 2 points:
  //       C = 0.962, 0.957, 0.935 at p = 0.05, 0.3, 0.5),
  // hence |c^ - 0.95| <= 0.02 + 4 sigma.
  constexpr int kN = 50;
  constexpr int kSamples = 20000;
  std::uint64_t entity = 1;
  for (const double p : {0.05, 0.3, 0.5}) {
    INFO("p = " << p);
    smesim::PhiloxStream s(smesim::make_key(20150320, 0), smesim::Purpose::priors, entity++, 0);
    int covered = 0;
    for (int r = 0; r < kSamples; ++r) {
      std::size_t k = 0;
      for (int i = 0; i < kN; ++i) k += s.uniform() < p ? 1u : 0u;
      const auto [lo, hi] = smesim::wilson_interval(k, kN);
      if (lo <= p && p <= hi) ++covered;
    }
    const double empirical = static_cast<double>(covered) / kSamples;
    const double exact = exact_wilson_coverage(kN, p);
    const double sigma = std::sqrt(exact * (1 - exact) / kSamples);
    INFO("empirical " << empirical << ", exact " << exact << ", sigma " << sigma);
    CHECK(std::fabs(empirical - exact) <= 4 * sigma);
    CHECK(std::fabs(exact - 0.95) <= 0.02);
    CHECK(std::fabs(empirical - 0.95) <= 0.02 + 4 * sigma);
  }
}

TEST_CASE("wilson_interval: bounds stay in [0, 1] and contain the point estimate", "[analysis]") {
  // Counted, not asserted one by one: about 10^6 intervals.
  std::size_t bad = 0;
  for (std::size_t n = 1; n <= 1000; ++n) {
    for (std::size_t k = 0; k <= n; ++k) {
      const auto [lo, hi] = smesim::wilson_interval(k, n);
      const double phat = static_cast<double>(k) / static_cast<double>(n);
      if (!(0.0 <= lo && lo <= phat && phat <= hi && hi <= 1.0)) {
        if (bad++ < 5) UNSCOPED_INFO(k << " of " << n << ": [" << lo << ", " << hi << "]");
      }
    }
    // The exact ends: no successes -> the interval starts at 0; all -> it ends at 1 (the
    // textbook values, not 1e-17 above or an ulp below from rounding in centre -/+ half).
    if (smesim::wilson_interval(0, n).first != 0.0) ++bad;
    if (smesim::wilson_interval(n, n).second != 1.0) ++bad;
  }
  CHECK(bad == 0);
  // No trials: no information, the whole unit interval.
  const auto [lo, hi] = smesim::wilson_interval(0, 0);
  CHECK(lo == 0.0);
  CHECK(hi == 1.0);
}
