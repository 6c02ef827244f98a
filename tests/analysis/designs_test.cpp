// Sampling designs (src/analysis/designs.cpp): grid order, linspace, Latin hypercube
// stratification and determinism, and the Sobol' sequence against hand-derived first points,
// its net property and an integration accuracy no random design could reach.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <set>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "smesim/analysis/designs.hpp"
#include "smesim/error.hpp"

namespace {

using Catch::Matchers::WithinAbs;
using Points = std::vector<std::vector<double>>;

// Column j of a design.
std::vector<double> column(const Points& design, std::size_t j) {
  std::vector<double> values;
  for (const std::vector<double>& point : design) values.push_back(point.at(j));
  return values;
}

// How many of `values` fall in each of the `cells` intervals [c / cells, (c + 1) / cells).
// Values outside [0, 1) are counted in no cell, so a count total below values.size() fails.
std::vector<int> cell_counts(const std::vector<double>& values, std::size_t cells) {
  std::vector<int> counts(cells, 0);
  for (const double x : values) {
    if (!(x >= 0.0 && x < 1.0)) continue;
    ++counts[static_cast<std::size_t>(std::floor(x * static_cast<double>(cells)))];
  }
  return counts;
}

bool one_per_cell(const std::vector<double>& values) {
  const std::vector<int> counts = cell_counts(values, values.size());
  for (const int c : counts)
    if (c != 1) return false;
  return true;
}

// Sobol' g-function (Saltelli and Sobol' 1995): prod_j (|4 x_j - 2| + a_j) / (1 + a_j). Each
// factor integrates to 1 over [0, 1], so the integral over the cube is exactly 1.
double g_function(const std::vector<double>& x, const std::vector<double>& a) {
  double g = 1.0;
  for (std::size_t j = 0; j < x.size(); ++j) g *= (std::fabs(4.0 * x[j] - 2.0) + a[j]) / (1.0 + a[j]);
  return g;
}

}  // namespace

// --- grid and linspace -----------------------------------------------------------------------

TEST_CASE("grid_design: Cartesian product, last parameter fastest", "[analysis][designs]") {
  const Points grid = smesim::grid_design({{1, 2}, {10, 20, 30}, {-1, -2}});
  REQUIRE(grid.size() == 2 * 3 * 2);
  const Points expected{{1, 10, -1}, {1, 10, -2}, {1, 20, -1}, {1, 20, -2}, {1, 30, -1}, {1, 30, -2},
                        {2, 10, -1}, {2, 10, -2}, {2, 20, -1}, {2, 20, -2}, {2, 30, -1}, {2, 30, -2}};
  CHECK(grid == expected);
  // Every combination exactly once.
  CHECK(std::set<std::vector<double>>(grid.begin(), grid.end()).size() == grid.size());
}

TEST_CASE("grid_design: edge cases", "[analysis][designs]") {
  // One parameter: its values, in order, as 1-D points.
  CHECK(smesim::grid_design({{3, 1, 2}}) == Points{{3}, {1}, {2}});
  // No parameters: the one run that changes nothing. A parameter without values: no runs.
  CHECK(smesim::grid_design({}) == Points{{}});
  CHECK(smesim::grid_design({{1, 2}, {}}).empty());
}

TEST_CASE("linspace: both ends exact, even spacing", "[analysis][designs]") {
  const std::vector<double> v = smesim::linspace(0.1, 0.7, 7);
  REQUIRE(v.size() == 7);
  CHECK(v.front() == 0.1);
  CHECK(v.back() == 0.7);  // exactly, not 0.7000000000000001
  for (std::size_t i = 1; i < v.size(); ++i) CHECK_THAT(v[i] - v[i - 1], WithinAbs(0.1, 1e-15));

  CHECK(smesim::linspace(5, -5, 3) == std::vector<double>{5, 0, -5});  // descending ranges work
  CHECK(smesim::linspace(2.5, 9, 1) == std::vector<double>{2.5});
  CHECK(smesim::linspace(1, 2, 2) == std::vector<double>{1, 2});
  CHECK_THROWS_AS(smesim::linspace(0, 1, 0), smesim::Error);
}

TEST_CASE("scale_to_range: affine map per dimension", "[analysis][designs]") {
  const std::vector<double> x = smesim::scale_to_range({0.0, 0.5, 0.25}, {{2, 4}, {-1, 1}, {100, 500}});
  CHECK(x == std::vector<double>{2, 0, 200});
  CHECK_THROWS_AS(smesim::scale_to_range({0.5}, {{0, 1}, {0, 1}}), smesim::Error);
}

// --- Latin hypercube -------------------------------------------------------------------------

TEST_CASE("latin_hypercube: one point per stratum in every dimension", "[analysis][designs]") {
  for (const std::size_t n : {1u, 2u, 7u, 100u, 1000u}) {
    const Points design = smesim::latin_hypercube(n, 5, 42);
    REQUIRE(design.size() == n);
    for (const std::vector<double>& point : design) REQUIRE(point.size() == 5);
    for (std::size_t j = 0; j < 5; ++j) {
      INFO("n = " << n << ", dimension " << j);
      const std::vector<double> values = column(design, j);
      for (const double x : values) {
        CHECK(x >= 0.0);
        CHECK(x < 1.0);
      }
      CHECK(one_per_cell(values));
    }
  }
}

TEST_CASE("latin_hypercube: deterministic per seed, different across seeds", "[analysis][designs]") {
  const Points a = smesim::latin_hypercube(50, 4, 2024);
  CHECK(a == smesim::latin_hypercube(50, 4, 2024));
  const Points b = smesim::latin_hypercube(50, 4, 2025);
  REQUIRE(b.size() == a.size());
  for (std::size_t j = 0; j < 4; ++j) CHECK(column(a, j) != column(b, j));

  // A column depends only on its own dimension: asking for more dimensions leaves the first
  // ones unchanged (a study can add a parameter without reshuffling the others).
  const Points wider = smesim::latin_hypercube(50, 6, 2024);
  for (std::size_t j = 0; j < 4; ++j) CHECK(column(wider, j) == column(a, j));
}

TEST_CASE("latin_hypercube: dimensions are permuted independently", "[analysis][designs]") {
  // If all dimensions shared one permutation, the points would lie near the diagonal and the
  // strata of two dimensions would coincide for every point.
  const Points design = smesim::latin_hypercube(200, 2, 7);
  int same_stratum = 0;
  for (const std::vector<double>& p : design)
    if (std::floor(p[0] * 200) == std::floor(p[1] * 200)) ++same_stratum;
  // Independent permutations agree at a Poisson(1) number of places: P(>= 6) < 6e-4.
  CHECK(same_stratum < 6);
}

TEST_CASE("latin_hypercube: empty designs", "[analysis][designs]") {
  CHECK(smesim::latin_hypercube(0, 3, 1).empty());
  CHECK(smesim::latin_hypercube(4, 0, 1) == Points(4));
}

// --- Sobol' ----------------------------------------------------------------------------------

TEST_CASE("sobol_points: first points of the 3-D sequence", "[analysis][designs]") {
  // Derived by hand from the Joe-Kuo rows with Gray-code order (x_n = x_(n-1) ^ V_c, c the
  // lowest set bit of n); they agree with Joe and Kuo's reference output.
  //   dimension 1 (van der Corput): V = 1/2, 1/4, 1/8, 1/16, ...
  //   dimension 2 (s = 1, m = 1): V = 0.1, 0.11, 0.101, 0.1111 (binary)
  //   dimension 3 (s = 2, a = 1, m = 1, 3): V = 0.1, 0.11, 0.011, 0.1001
  const std::vector<double> d1{0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125, 0.1875, 0.6875};
  const std::vector<double> d2{0, 0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625, 0.3125, 0.8125};
  const std::vector<double> d3{0, 0.5, 0.25, 0.75, 0.625, 0.125, 0.875, 0.375, 0.9375, 0.4375};
  const Points p = smesim::sobol_points(10, 3);
  REQUIRE(p.size() == 10);
  CHECK(column(p, 0) == d1);  // exact: the points are dyadic rationals
  CHECK(column(p, 1) == d2);
  CHECK(column(p, 2) == d3);
  // The 2-D sequence is the first two dimensions of every higher one.
  const Points two = smesim::sobol_points(10, 2);
  CHECK(column(two, 0) == d1);
  CHECK(column(two, 1) == d2);
}

TEST_CASE("sobol_points: first 64 points of dimensions 4 to 10", "[analysis][designs]") {
  // Computed outside the code under test (a 20-line script of the Bratley-Fox recurrence with
  // Gray-code order) from Joe and Kuo's rows (new-joe-kuo-6.21201, d s a m_i):
  //   4 3 1 1 3 1 | 5 3 2 1 1 1 | 6 4 1 1 1 3 3 | 7 4 4 1 3 5 13 | 8 5 2 1 1 5 5 17 |
  //   9 5 4 1 1 5 5 5 | 10 5 7 1 1 7 11 19
  // The first 64 points are multiples of 1/64; 64 points tell dimensions 8 and 9 apart,
  // which agree on their first 16.
  const std::vector<std::vector<int>> times_64{
      {0, 32, 16, 48, 56, 24, 40, 8,  28, 60, 12, 44, 36, 4,  52, 20, 42, 10, 58, 26, 18, 50,
       2, 34, 54, 22, 38, 6,  14, 46, 30, 62, 35, 3,  51, 19, 27, 59, 11, 43, 63, 31, 47, 15,
       7, 39, 23, 55, 9,  41, 25, 57, 49, 17, 33, 1,  21, 53, 5,  37, 45, 13, 61, 29},
      {0,  32, 48, 16, 24, 56, 40, 8,  36, 4,  20, 52, 60, 28, 12, 44, 18, 50, 34, 2,  10, 42,
       58, 26, 54, 22, 6,  38, 46, 14, 30, 62, 9,  41, 57, 25, 17, 49, 33, 1,  45, 13, 29, 61,
       53, 21, 5,  37, 27, 59, 43, 11, 3,  35, 51, 19, 63, 31, 15, 47, 39, 7,  23, 55},
      {0,  32, 48, 16, 8,  40, 56, 24, 20, 52, 36, 4,  28, 60, 44, 12, 62, 30, 14, 46, 54, 22,
       6,  38, 42, 10, 26, 58, 34, 2,  18, 50, 59, 27, 11, 43, 51, 19, 3,  35, 47, 15, 31, 63,
       39, 7,  23, 55, 5,  37, 53, 21, 13, 45, 61, 29, 17, 49, 33, 1,  25, 57, 41, 9},
      {0,  32, 16, 48, 24, 56, 8,  40, 28, 60, 12, 44, 4,  36, 20, 52, 34, 2,  50, 18, 58, 26,
       42, 10, 62, 30, 46, 14, 38, 6,  54, 22, 51, 19, 35, 3,  43, 11, 59, 27, 47, 15, 63, 31,
       55, 23, 39, 7,  17, 49, 1,  33, 9,  41, 25, 57, 13, 45, 29, 61, 21, 53, 5,  37},
      {0,  32, 48, 16, 56, 24, 8,  40, 60, 28, 12, 44, 4,  36, 52, 20, 54, 22, 6,  38, 14, 46,
       62, 30, 10, 42, 58, 26, 50, 18, 2,  34, 43, 11, 27, 59, 19, 51, 35, 3,  23, 55, 39, 7,
       47, 15, 31, 63, 29, 61, 45, 13, 37, 5,  21, 53, 33, 1,  17, 49, 25, 57, 41, 9},
      {0,  32, 48, 16, 56, 24, 8,  40, 60, 28, 12, 44, 4,  36, 52, 20, 30, 62, 46, 14, 38, 6,
       22, 54, 34, 2,  18, 50, 26, 58, 42, 10, 63, 31, 15, 47, 7,  39, 55, 23, 3,  35, 51, 19,
       59, 27, 11, 43, 33, 1,  17, 49, 25, 57, 41, 9,  29, 61, 45, 13, 37, 5,  21, 53},
      {0,  32, 48, 16, 40, 8,  24, 56, 20, 52, 36, 4,  60, 28, 12, 44, 10, 42, 58, 26, 34, 2,
       18, 50, 30, 62, 46, 14, 54, 22, 6,  38, 3,  35, 51, 19, 43, 11, 27, 59, 23, 55, 39, 7,
       63, 31, 15, 47, 9,  41, 57, 25, 33, 1,  17, 49, 29, 61, 45, 13, 53, 21, 5,  37}};
  const Points p = smesim::sobol_points(64, 10);
  for (std::size_t d = 0; d < times_64.size(); ++d) {
    INFO("dimension " << d + 4);
    std::vector<double> expected;
    for (const int k : times_64[d]) expected.push_back(k / 64.0);
    CHECK(column(p, d + 3) == expected);  // exact: dyadic rationals
  }
}

TEST_CASE("sobol_points: skip drops leading points", "[analysis][designs]") {
  const Points all = smesim::sobol_points(100, 6);
  const Points tail = smesim::sobol_points(37, 6, 63);
  for (std::size_t i = 0; i < tail.size(); ++i) CHECK(tail[i] == all[63 + i]);
  CHECK(smesim::sobol_points(1, 4) == Points{{0, 0, 0, 0}});  // point 0 is the origin
}

TEST_CASE("sobol_points: every 2^k-prefix is a (0, k, 1)-net in each dimension", "[analysis][designs]") {
  const Points p = smesim::sobol_points(std::size_t{1} << 12, smesim::kSobolMaxDimensions);
  for (std::size_t k = 0; k <= 12; ++k) {
    const Points prefix(p.begin(), p.begin() + (std::ptrdiff_t{1} << k));
    for (std::size_t j = 0; j < smesim::kSobolMaxDimensions; ++j) {
      INFO("k = " << k << ", dimension " << j + 1);
      CHECK(one_per_cell(column(prefix, j)));
    }
  }
}

TEST_CASE("sobol_points: dimensions 1 and 2 form a (0, m, 2)-net", "[analysis][designs]") {
  // The first two Sobol' dimensions are a (0, 2)-sequence: the first 2^m points put exactly one
  // point in every dyadic box [i / 2^a, (i + 1) / 2^a) x [j / 2^b, (j + 1) / 2^b), a + b = m.
  // A transcription or recurrence error in dimension 2 breaks this for some shape.
  constexpr int m = 10;
  const Points p = smesim::sobol_points(std::size_t{1} << m, 2);
  for (int a = 0; a <= m; ++a) {
    const int b = m - a;
    std::vector<int> boxes(std::size_t{1} << m, 0);
    for (const std::vector<double>& x : p) {
      const auto i = static_cast<std::size_t>(std::ldexp(x[0], a));
      const auto j = static_cast<std::size_t>(std::ldexp(x[1], b));
      ++boxes[(i << b) | j];
    }
    INFO("box shape 2^-" << a << " x 2^-" << b);
    CHECK(std::count(boxes.begin(), boxes.end(), 1) == static_cast<std::ptrdiff_t>(boxes.size()));
  }
}

TEST_CASE("sobol_points: integrates the g-function far better than random points", "[analysis][designs]") {
  // f(x) = prod_j (|4 x_j - 2| + a_j) / (1 + a_j) on [0, 1]^8 has integral exactly 1.
  // Variance: E[(|4x - 2| + a)^2] = 4/3 + 2a + a^2 for x ~ U(0, 1), so each factor has second
  // moment 1 + 1 / (3 (1 + a)^2) and Var f = prod_j (1 + 1 / (3 (1 + a_j)^2)) - 1. With the
  // usual a = (0, 1, 4.5, 9, 99, 99, 99, 99):
  //   (4/3)(13/12)(1 + 1/90.75)(1 + 1/300)(1 + 1/30000)^4 - 1 = 0.4654,  sd = 0.6822.
  // N = 2^12 independent uniform points would give a mean with standard error
  // 0.6822 / 64 = 0.01066; by the central limit theorem their error is about N(0, SE^2), so
  // it falls below SE / 100 = 1.07e-4 with probability P(|Z| < 0.01) = 0.008 only. Sobol'
  // points get there (their error here is about 1e-5) because the integrand has bounded
  // variation, so the Koksma-Hlawka bound, error = O((log N)^8 / N), applies.
  const std::vector<double> a{0, 1, 4.5, 9, 99, 99, 99, 99};
  double variance = 1;
  for (const double aj : a) variance *= 1 + 1 / (3 * (1 + aj) * (1 + aj));
  variance -= 1;
  constexpr std::size_t kPoints = std::size_t{1} << 12;
  const double standard_error = std::sqrt(variance / kPoints);
  REQUIRE_THAT(standard_error, WithinAbs(0.01066, 1e-4));  // the derivation above

  const Points p = smesim::sobol_points(kPoints, a.size());
  double sum = 0;
  for (const std::vector<double>& x : p) sum += g_function(x, a);
  const double mean = sum / kPoints;
  INFO("Sobol' mean " << mean << ", error " << mean - 1 << ", MC standard error " << standard_error);
  CHECK(std::fabs(mean - 1) < 0.01);
  CHECK(std::fabs(mean - 1) < standard_error / 100);
}

TEST_CASE("sobol_points: limits", "[analysis][designs]") {
  CHECK_NOTHROW(smesim::sobol_points(4, smesim::kSobolMaxDimensions));
  CHECK(smesim::kSobolMaxDimensions >= 32);
  CHECK_THROWS_AS(smesim::sobol_points(4, smesim::kSobolMaxDimensions + 1), smesim::Error);
  CHECK_THROWS_AS(smesim::sobol_points(2, 1, (std::size_t{1} << 32) - 1), smesim::Error);
  CHECK(smesim::sobol_points(1, 1, (std::size_t{1} << 32) - 1).size() == 1);
  CHECK(smesim::sobol_points(0, 3).empty());
}
