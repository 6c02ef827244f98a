// The design rows of a sensitivity analysis: the quasi-random Saltelli construction from one
// Sobol' sequence of dimension 2k, and the scaling of unit rows to parameter values.
#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>

#include "smesim/analysis/designs.hpp"
#include "smesim/scenario/sensitivity_def.hpp"

using namespace smesim;

TEST_CASE("sobol_saltelli_design takes A and B from the two halves of one 2k-dimensional Sobol' sequence",
          "[analysis][sensitivity]") {
  constexpr std::size_t n = 8;
  constexpr std::size_t k = 3;
  const SaltelliDesign d = sobol_saltelli_design(n, k);
  REQUIRE(d.base_points == n);
  REQUIRE(d.dimensions == k);
  REQUIRE(d.rows.size() == n * (k + 2));
  // Points 8 .. 15: the skip is the power of two >= N.
  const auto sobol = sobol_points(n, 2 * k, 8);
  for (std::size_t j = 0; j < n; ++j) {
    for (std::size_t c = 0; c < k; ++c) {
      CHECK(d.rows[j][c] == sobol[j][c]);          // A: the first k columns
      CHECK(d.rows[n + j][c] == sobol[j][k + c]);  // B: the last k
      for (std::size_t i = 0; i < k; ++i)          // AB_i: A with column i from B
        CHECK(d.rows[(2 + i) * n + j][c] == (c == i ? sobol[j][k + c] : sobol[j][c]));
    }
    // The origin is skipped: no row of A equals its row of B (which would waste a base point).
    CHECK(d.rows[j] != d.rows[n + j]);
  }
  // The skip keeps the stratification: every column of A and of B has one value in each eighth.
  for (std::size_t c = 0; c < 2 * k; ++c) {
    std::vector<int> strata(n, 0);
    for (std::size_t j = 0; j < n; ++j) {
      const double u = c < k ? d.rows[j][c] : d.rows[n + j][c - k];
      ++strata[static_cast<std::size_t>(u * n)];
    }
    CHECK(std::all_of(strata.begin(), strata.end(), [](int s) { return s == 1; }));
  }
}

TEST_CASE("sobol_saltelli_design skips the next power of two for N that is not one",
          "[analysis][sensitivity]") {
  const SaltelliDesign d = sobol_saltelli_design(5, 2);
  const auto sobol = sobol_points(5, 4, 8);
  REQUIRE(d.rows.size() == 5 * 4);
  for (std::size_t j = 0; j < 5; ++j) {
    CHECK(d.rows[j] == std::vector<double>{sobol[j][0], sobol[j][1]});
    CHECK(d.rows[5 + j] == std::vector<double>{sobol[j][2], sobol[j][3]});
  }
}

TEST_CASE("sobol_saltelli_design rejects empty designs and too many dimensions", "[analysis][sensitivity]") {
  CHECK_THROWS_AS(sobol_saltelli_design(0, 3), std::invalid_argument);
  CHECK_THROWS_AS(sobol_saltelli_design(4, 0), std::invalid_argument);
  CHECK_NOTHROW(sobol_saltelli_design(4, kSobolMaxDimensions / 2));
  CHECK_THROWS_AS(sobol_saltelli_design(4, kSobolMaxDimensions / 2 + 1), Error);
}

TEST_CASE("sensitivity_values scales unit rows to the ranges, clamps at the ends and rounds whole numbers",
          "[analysis][sensitivity]") {
  SensitivityDef def;
  SensitivityParameter rate;
  rate.path = "dynamics.learning_rate";
  rate.range = {0.02, 0.10};
  SensitivityParameter months;
  months.path = "dynamics.developed.min_mentored_months";
  months.range = {1, 6};
  months.whole_number = true;
  def.parameters = {rate, months};
  CHECK(sensitivity_values(def, {0.0, 0.0}) == std::vector<std::string>{"0.02", "1"});
  // u = 1 (Morris' top level) gives exactly hi, never a rounding step past it.
  CHECK(sensitivity_values(def, {1.0, 1.0}) == std::vector<std::string>{"0.1", "6"});
  CHECK(sensitivity_values(def, {0.5, 0.5}) == std::vector<std::string>{"0.06", "4"});   // 3.5 rounds up
  CHECK(sensitivity_values(def, {0.25, 0.3}) == std::vector<std::string>{"0.04", "3"});  // 2.5 -> 3
}

TEST_CASE("sensitivity_unit_rows follows the method", "[analysis][sensitivity]") {
  SensitivityDef def;
  def.parameters.resize(3);
  def.base_points = 4;
  def.base.seed = 17;
  def.method = SensitivityMethod::sobol;
  CHECK(sensitivity_unit_rows(def) == sobol_saltelli_design(4, 3).rows);
  def.method = SensitivityMethod::morris;
  def.levels = 6;
  const auto rows = sensitivity_unit_rows(def);
  CHECK(rows == morris_design(4, 3, 6, 17).points);
  CHECK(rows.size() == 4 * (3 + 1));
}
