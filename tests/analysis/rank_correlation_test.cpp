// Spearman and partial rank correlations (analysis/rank_correlation.hpp) against hand-computed
// small cases, a synthetic case with a known answer, and the degenerate cases the drivers of a
// forecast meet (docs/outputs.md "What drives the result (drivers.csv)").

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include <catch2/catch.hpp>

#include "random/sampling.hpp"
#include "smesim/analysis/rank_correlation.hpp"
#include "smesim/random/philox.hpp"

namespace {

using Catch::Matchers::WithinAbs;
using smesim::InputCorrelation;
using smesim::PrccStatus;
using smesim::RankCorrelator;

// The hand-computed case: seven replications of two inputs and an output, no ties. The expected
// numbers were computed with exact fractions (Python's fractions module): ranks, then each
// residual of the least-squares regression on an intercept and the other input's ranks, then
// the residuals' correlation; the intervals by tanh(atanh(r) -/+ 1.959964 / sqrt(7 - 3 - c)).
//   ranks x1 = 3 1 6 4 7 2 5, x2 = 1 4 2 7 3 6 5, y = 3 1 4 5 7 2 6
//   Spearman(x1, y) = 25/28 = 0.892857..., Spearman(x2, y) = 1/28 = 0.0357...
//   PRCC(x1) = 0.9319548294697485, PRCC(x2) = 0.5938186129394861
const std::vector<double> kX1{0.3, 0.1, 0.7, 0.5, 0.9, 0.2, 0.6};
const std::vector<double> kX2{10, 40, 20, 70, 30, 60, 50};
const std::vector<double> kY{1.5, 0.2, 2.0, 2.2, 3.1, 0.9, 2.8};

const InputCorrelation& of_input(const smesim::RankCorrelations& c, std::size_t input) {
  for (const auto& i : c.inputs)
    if (i.input == input) return i;
  FAIL("no input " << input);
  return c.inputs.front();
}

}  // namespace

TEST_CASE("average ranks give tied values the mean of their positions", "[analysis][drivers]") {
  CHECK(smesim::average_ranks(std::vector<double>{10, 20, 20, 5, 20}) == std::vector<double>{2, 4, 4, 1, 4});
  CHECK(smesim::average_ranks(std::vector<double>{1, 2, 2, 3, 3, 3, 4}) ==
        std::vector<double>{1, 2.5, 2.5, 5, 5, 5, 7});
  CHECK(smesim::average_ranks(std::vector<double>{}).empty());
  CHECK_THROWS_AS(smesim::average_ranks(std::vector<double>{1, std::nan("")}), std::invalid_argument);
}

TEST_CASE("Fisher's z interval of a correlation", "[analysis][drivers]") {
  // tanh(atanh(0.8) -/+ 1.959964 / sqrt(2)), by hand: (-0.27964004196935477, 0.9861961933012714).
  const auto ci = smesim::fisher_interval(0.8, 5, 0);
  CHECK_THAT(ci.first, WithinAbs(-0.27964004196935477, 1e-14));
  CHECK_THAT(ci.second, WithinAbs(0.9861961933012714, 1e-14));
  // A perfect correlation keeps its interval at the edge instead of turning into NaN.
  CHECK(smesim::fisher_interval(1.0, 10, 0) == std::pair<double, double>{1.0, 1.0});
  CHECK(smesim::fisher_interval(-1.0, 10, 2) == std::pair<double, double>{-1.0, -1.0});
  // n - 3 - controls < 1: no interval.
  CHECK(std::isnan(smesim::fisher_interval(0.5, 3, 0).first));
  CHECK(std::isnan(smesim::fisher_interval(0.5, 6, 3).second));
  CHECK(!std::isnan(smesim::fisher_interval(0.5, 7, 3).second));
  CHECK(std::isnan(smesim::fisher_interval(std::nan(""), 100, 0).first));
}

TEST_CASE("Spearman and partial rank correlations of a hand-computed case", "[analysis][drivers]") {
  RankCorrelator correlator(7);
  correlator.add_input(kX1);
  correlator.add_input(kX2);
  const auto c = correlator.correlate(kY);
  REQUIRE(c.output_varies);
  REQUIRE(c.inputs.size() == 2);
  const InputCorrelation& x1 = of_input(c, 0);
  const InputCorrelation& x2 = of_input(c, 1);
  CHECK_THAT(x1.spearman, WithinAbs(25.0 / 28, 1e-14));
  CHECK_THAT(x2.spearman, WithinAbs(1.0 / 28, 1e-14));
  CHECK_THAT(x1.spearman_ci95.first, WithinAbs(0.4267022150002977, 1e-12));
  CHECK_THAT(x1.spearman_ci95.second, WithinAbs(0.9841793339310333, 1e-12));
  CHECK_THAT(x1.prcc, WithinAbs(0.9319548294697485, 1e-12));
  CHECK_THAT(x2.prcc, WithinAbs(0.5938186129394861, 1e-12));
  // One other input is partialled out: sqrt(7 - 3 - 1).
  CHECK_THAT(x1.prcc_ci95.first, WithinAbs(0.49410156178502285, 1e-12));
  CHECK_THAT(x1.prcc_ci95.second, WithinAbs(0.9926993883684309, 1e-12));
  CHECK_THAT(x2.prcc_ci95.first, WithinAbs(-0.42028788327583655, 1e-12));
  CHECK_THAT(x2.prcc_ci95.second, WithinAbs(0.9483505915858073, 1e-12));
  CHECK(x1.prcc_status == PrccStatus::computed);
  // Sorted by |PRCC|: x1 first.
  CHECK(c.inputs[0].input == 0);
}

TEST_CASE("one input: its PRCC is its Spearman correlation, and ties take average ranks",
          "[analysis][drivers]") {
  // 1 - 6 sum d^2 / (n (n^2 - 1)) = 1 - 6 * 4 / 120 = 0.8 without ties.
  RankCorrelator plain(5);
  plain.add_input(std::vector<double>{1, 2, 3, 4, 5});
  const auto p = plain.correlate(std::vector<double>{2, 1, 4, 3, 5});
  CHECK_THAT(p.inputs.at(0).spearman, WithinAbs(0.8, 1e-14));
  CHECK_THAT(p.inputs.at(0).prcc, WithinAbs(0.8, 1e-14));
  // With ties: Pearson's correlation of the average ranks (1, 2.5, 2.5, 5, 5, 5, 7) and
  // (5, 1, 2, 4, 3, 7, 6), 0.46780074285319984 by hand.
  RankCorrelator tied(7);
  tied.add_input(std::vector<double>{5, 1, 2, 4, 3, 7, 6});
  const auto t = tied.correlate(std::vector<double>{1, 2, 2, 3, 3, 3, 4});
  CHECK_THAT(t.inputs.at(0).spearman, WithinAbs(0.46780074285319984, 1e-14));
}

// y = x1 + 0.1 e with x1, x2 uniform on (0, 1) and e standard normal, all independent. The
// population Spearman correlation of x1 and y is 0.9491 (simulated with 10^6 draws, Monte Carlo
// error about (1 - rho^2) / sqrt(10^6) = 1e-4), and since x2 is independent of both, the
// population PRCC of x1 is the same and that of x2 is 0. With n = 1000 the estimate's standard
// error is (1 - rho^2) / sqrt(n - 4) = 0.0031 for x1 and 1 / sqrt(n - 4) = 0.032 for x2: the
// checks allow 5 standard errors (0.016 and 0.16), which a sample misses with probability
// below 1e-6. That x2's 95% interval covers 0 holds for 95% of seeds; it holds for this one.
TEST_CASE("a synthetic case with a known answer: y = x1 + 0.1 noise, x2 independent", "[analysis][drivers]") {
  constexpr std::size_t n = 1000;
  smesim::PhiloxStream stream(smesim::make_key(2024, 0), smesim::Purpose::bootstrap, 77, 0);
  std::vector<double> x1(n), x2(n), y(n);
  for (std::size_t r = 0; r < n; ++r) {
    x1[r] = stream.uniform();
    x2[r] = stream.uniform();
    y[r] = x1[r] + 0.1 * smesim::detail::normal_quantile(stream.uniform());
  }
  RankCorrelator correlator(n);
  correlator.add_input(x1);
  correlator.add_input(x2);
  const auto c = correlator.correlate(y);
  const InputCorrelation& a = of_input(c, 0);
  const InputCorrelation& b = of_input(c, 1);
  CHECK_THAT(a.prcc, WithinAbs(0.9491, 5 * 0.0031));
  CHECK_THAT(a.spearman, WithinAbs(0.9491, 5 * 0.0031));
  CHECK(a.prcc_ci95.first > 0.9);
  CHECK_THAT(b.prcc, WithinAbs(0.0, 5 * 0.032));
  CHECK(b.prcc_ci95.first < 0);
  CHECK(b.prcc_ci95.second > 0);
  CHECK(c.inputs.front().input == 0);
}

TEST_CASE("an output that does not vary has no correlations, and no NaN is taken for a number",
          "[analysis][drivers]") {
  RankCorrelator correlator(7);
  correlator.add_input(kX1);
  correlator.add_input(kX2);
  const auto c = correlator.correlate(std::vector<double>(7, 1.0));
  CHECK(!c.output_varies);
  REQUIRE(c.inputs.size() == 2);
  for (const auto& i : c.inputs) {
    CHECK(std::isnan(i.spearman));
    CHECK(std::isnan(i.prcc));
    CHECK(std::isnan(i.prcc_ci95.first));
    CHECK(i.prcc_status == PrccStatus::output_constant);
  }
}

TEST_CASE("a constant input is not uncertain: it is left out", "[analysis][drivers]") {
  RankCorrelator correlator(7);
  correlator.add_input(std::vector<double>(7, 0.25));
  correlator.add_input(kX1);
  correlator.add_input(kX2);
  CHECK(correlator.constant_inputs() == std::vector<std::size_t>{0});
  CHECK(correlator.varying_inputs() == std::vector<std::size_t>{1, 2});
  const auto c = correlator.correlate(kY);
  REQUIRE(c.inputs.size() == 2);
  // The same numbers as without it: it takes no part.
  CHECK_THAT(of_input(c, 1).prcc, WithinAbs(0.9319548294697485, 1e-12));
  CHECK_THAT(of_input(c, 2).prcc, WithinAbs(0.5938186129394861, 1e-12));
}

TEST_CASE("fewer replications than parameters + 4: the PRCC is not computed, Spearman is",
          "[analysis][drivers]") {
  // Three inputs need 7 replications; six are too few.
  RankCorrelator six(6);
  for (const auto& x : {kX1, kX2, kY}) six.add_input(std::vector<double>(x.begin(), x.begin() + 6));
  const auto c = six.correlate(std::vector<double>{3, 1, 2, 6, 5, 4});
  for (const auto& i : c.inputs) {
    CHECK(i.prcc_status == PrccStatus::too_few_replications);
    CHECK(std::isnan(i.prcc));
    CHECK(!std::isnan(i.spearman));
  }
  RankCorrelator seven(7);
  for (const auto& x : {kX1, kX2, kY}) seven.add_input(x);
  const auto d = seven.correlate(std::vector<double>{3, 1, 2, 6, 5, 4, 7});
  for (const auto& i : d.inputs) {
    CHECK(i.prcc_status == PrccStatus::computed);
    CHECK(!std::isnan(i.prcc));
    CHECK(!std::isnan(i.prcc_ci95.first));  // n - 3 - 2 = 2
  }
}

TEST_CASE("inputs or an output that the other inputs determine have no PRCC", "[analysis][drivers]") {
  // x2 is a monotone function of x1: their ranks are equal, so neither is left with a residual.
  std::vector<double> twice(kX1.size());
  for (std::size_t r = 0; r < kX1.size(); ++r) twice[r] = 2 * kX1[r] + 1;
  RankCorrelator collinear(7);
  collinear.add_input(kX1);
  collinear.add_input(twice);
  collinear.add_input(kX2);
  const auto c = collinear.correlate(kY);
  CHECK(of_input(c, 0).prcc_status == PrccStatus::input_determined);
  CHECK(of_input(c, 1).prcc_status == PrccStatus::input_determined);
  CHECK(std::isnan(of_input(c, 0).prcc));
  CHECK(of_input(c, 2).prcc_status == PrccStatus::computed);           // the projection is unique anyway
  CHECK(c.inputs.back().prcc_status == PrccStatus::input_determined);  // undefined ones sort last

  // The output's ranks are x1's: x1's PRCC is 1, and nothing is left for x2 to explain.
  RankCorrelator exact(7);
  exact.add_input(kX1);
  exact.add_input(kX2);
  const auto e = exact.correlate(kX1);
  CHECK_THAT(of_input(e, 0).prcc, WithinAbs(1.0, 1e-12));
  CHECK(of_input(e, 0).prcc_ci95.first > 0.999);
  CHECK(of_input(e, 1).prcc_status == PrccStatus::output_determined);
}

TEST_CASE("the correlator refuses columns of the wrong length and NaN", "[analysis][drivers]") {
  RankCorrelator correlator(3);
  CHECK_THROWS_AS(correlator.add_input(std::vector<double>{1, 2}), std::invalid_argument);
  CHECK_THROWS_AS(correlator.add_input(std::vector<double>{1, std::nan(""), 2}), std::invalid_argument);
  correlator.add_input(std::vector<double>{1, 2, 3});
  CHECK_THROWS_AS(correlator.correlate(std::vector<double>{1, 2}), std::invalid_argument);
}
