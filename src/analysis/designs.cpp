#include "smesim/analysis/designs.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "smesim/error.hpp"
#include "smesim/random/philox.hpp"

namespace smesim {
namespace {

// ---------------------------------------------------------------------------------------------
// Sobol' direction numbers
// ---------------------------------------------------------------------------------------------

/// One row of Joe and Kuo's table: a primitive polynomial over GF(2) of degree `degree`,
/// x^s + c_1 x^(s-1) + ... + c_(s-1) x + 1, whose inner coefficients c_1 .. c_(s-1) are the
/// bits of `coefficients` (c_1 the most significant), and the initial direction integers
/// m_1 .. m_s (m_k odd, m_k < 2^k).
struct JoeKuoRow {
  int degree;
  std::uint32_t coefficients;
  std::array<std::uint32_t, 8> initial;
};

/// Rows d = 2 .. 40 (columns s, a, m_i) of new-joe-kuo-6.21201, the direction numbers of
/// S. Joe and F. Y. Kuo, "Constructing Sobol sequences with better two-dimensional
/// projections", SIAM J. Sci. Comput. 30 (2008) 2635-2654, published with that paper at
/// https://web.maths.unsw.edu.au/~fkuo/sobol/. Transcribed from public copies of the file and
/// checked row by row against a second, independent transcription. Dimension 1 has no row: it
/// is van der Corput's (all m_k = 1, no recurrence).
constexpr std::array<JoeKuoRow, kSobolMaxDimensions - 1> kJoeKuo{{
    {1, 0, {1}},                              // d = 2
    {2, 1, {1, 3}},                           // d = 3
    {3, 1, {1, 3, 1}},                        // d = 4
    {3, 2, {1, 1, 1}},                        // d = 5
    {4, 1, {1, 1, 3, 3}},                     // d = 6
    {4, 4, {1, 3, 5, 13}},                    // d = 7
    {5, 2, {1, 1, 5, 5, 17}},                 // d = 8
    {5, 4, {1, 1, 5, 5, 5}},                  // d = 9
    {5, 7, {1, 1, 7, 11, 19}},                // d = 10
    {5, 11, {1, 1, 5, 1, 1}},                 // d = 11
    {5, 13, {1, 1, 1, 3, 11}},                // d = 12
    {5, 14, {1, 3, 5, 5, 31}},                // d = 13
    {6, 1, {1, 3, 3, 9, 7, 49}},              // d = 14
    {6, 13, {1, 1, 1, 15, 21, 21}},           // d = 15
    {6, 16, {1, 3, 1, 13, 27, 49}},           // d = 16
    {6, 19, {1, 1, 1, 15, 7, 5}},             // d = 17
    {6, 22, {1, 3, 1, 15, 13, 25}},           // d = 18
    {6, 25, {1, 1, 5, 5, 19, 61}},            // d = 19
    {7, 1, {1, 3, 7, 11, 23, 15, 103}},       // d = 20
    {7, 4, {1, 3, 7, 13, 13, 15, 69}},        // d = 21
    {7, 7, {1, 1, 3, 13, 7, 35, 63}},         // d = 22
    {7, 8, {1, 3, 5, 9, 1, 25, 53}},          // d = 23
    {7, 14, {1, 3, 1, 13, 9, 35, 107}},       // d = 24
    {7, 19, {1, 3, 1, 5, 27, 61, 31}},        // d = 25
    {7, 21, {1, 1, 5, 11, 19, 41, 61}},       // d = 26
    {7, 28, {1, 3, 5, 3, 3, 13, 69}},         // d = 27
    {7, 31, {1, 1, 7, 13, 1, 19, 1}},         // d = 28
    {7, 32, {1, 3, 7, 5, 13, 19, 59}},        // d = 29
    {7, 37, {1, 1, 3, 9, 25, 29, 41}},        // d = 30
    {7, 41, {1, 3, 5, 13, 23, 1, 55}},        // d = 31
    {7, 42, {1, 3, 7, 3, 13, 59, 17}},        // d = 32
    {7, 50, {1, 3, 1, 3, 5, 53, 69}},         // d = 33
    {7, 55, {1, 1, 5, 5, 23, 33, 13}},        // d = 34
    {7, 56, {1, 1, 7, 7, 1, 61, 123}},        // d = 35
    {7, 59, {1, 1, 7, 9, 13, 61, 49}},        // d = 36
    {7, 62, {1, 3, 3, 5, 3, 55, 33}},         // d = 37
    {8, 14, {1, 3, 1, 15, 31, 13, 49, 245}},  // d = 38
    {8, 21, {1, 3, 5, 15, 31, 59, 63, 97}},   // d = 39
    {8, 22, {1, 3, 1, 11, 11, 11, 77, 249}},  // d = 40
}};

constexpr int kSobolBits = 32;
using DirectionNumbers = std::array<std::uint32_t, kSobolBits>;

/// The 32 direction numbers V_1 .. V_32 of one dimension (0-based `dimension`), scaled so
/// that V_k = m_k 2^(32-k): the k-th bit of the point index contributes m_k / 2^k.
/// Beyond the initial m_k, the recurrence of Bratley and Fox (1988) as Joe and Kuo state it:
/// V_k = c_1 V_(k-1) ^ ... ^ c_(s-1) V_(k-s+1) ^ V_(k-s) ^ (V_(k-s) >> s).
constexpr DirectionNumbers direction_numbers(std::size_t dimension) {
  DirectionNumbers v{};
  if (dimension == 0) {
    for (int k = 0; k < kSobolBits; ++k) v[static_cast<std::size_t>(k)] = 1u << (kSobolBits - 1 - k);
    return v;
  }
  const JoeKuoRow& row = kJoeKuo[dimension - 1];
  const auto s = static_cast<std::size_t>(row.degree);
  for (std::size_t k = 0; k < kSobolBits; ++k) {
    if (k < s) {
      v[k] = row.initial[k] << (kSobolBits - 1 - k);
      continue;
    }
    std::uint32_t next = v[k - s] ^ (v[k - s] >> s);
    for (std::size_t j = 1; j < s; ++j)
      if ((row.coefficients >> (s - 1 - j)) & 1u) next ^= v[k - j];
    v[k] = next;
  }
  return v;
}

/// A cheap compile-time check of the table: every m_k must be odd and below 2^k, or the
/// generator matrix is singular and the sequence loses its balance. Catches a slipped digit.
constexpr bool table_is_well_formed() {
  for (const JoeKuoRow& row : kJoeKuo) {
    if (row.degree < 1 || row.degree > 8) return false;
    if (row.coefficients >= (1u << (row.degree - 1))) return false;
    for (int k = 0; k < 8; ++k) {
      const std::uint32_t m = row.initial[static_cast<std::size_t>(k)];
      if (k < row.degree && (m % 2 == 0 || m >= (2u << k))) return false;
      if (k >= row.degree && m != 0) return false;
    }
  }
  return true;
}
static_assert(table_is_well_formed(), "a row of the Joe-Kuo table is mistyped");

constexpr double kTwoToMinus32 = 0x1p-32;

}  // namespace

// ---------------------------------------------------------------------------------------------
// Grids
// ---------------------------------------------------------------------------------------------

std::vector<std::vector<double>> grid_design(const std::vector<std::vector<double>>& values) {
  std::size_t count = 1;
  for (const std::vector<double>& axis : values) count *= axis.size();
  std::vector<std::vector<double>> points;
  points.reserve(count);
  // An odometer over the parameters' value indices, the last wheel turning fastest.
  std::vector<std::size_t> wheel(values.size(), 0);
  for (std::size_t n = 0; n < count; ++n) {
    std::vector<double>& point = points.emplace_back(values.size());
    for (std::size_t j = 0; j < values.size(); ++j) point[j] = values[j][wheel[j]];
    for (std::size_t j = values.size(); j-- > 0;) {
      if (++wheel[j] < values[j].size()) break;
      wheel[j] = 0;
    }
  }
  return points;
}

std::vector<double> linspace(double from, double to, int steps) {
  if (steps < 1) throw Error("linspace: steps must be at least 1, got " + std::to_string(steps));
  std::vector<double> values(static_cast<std::size_t>(steps));
  if (steps == 1) {
    values[0] = from;
    return values;
  }
  // from + i (to - from) / (steps - 1) rather than repeated addition: no accumulated rounding,
  // and the last value is set to `to` so that the range's end is hit exactly.
  const double width = to - from;
  for (int i = 0; i < steps; ++i)
    values[static_cast<std::size_t>(i)] = from + width * static_cast<double>(i) / (steps - 1);
  values.back() = to;
  return values;
}

// ---------------------------------------------------------------------------------------------
// Latin hypercube
// ---------------------------------------------------------------------------------------------

std::vector<std::vector<double>> latin_hypercube(std::size_t points, std::size_t dimensions,
                                                 std::uint32_t seed) {
  std::vector<std::vector<double>> design(points, std::vector<double>(dimensions));
  if (points == 0) return design;
  const PhiloxKey key = make_key(seed, 0);
  const auto strata = static_cast<double>(points);
  // The largest double below 1: (k + u) / n can round up to exactly 1 when u is within an ulp
  // of 1, and the design promises [0, 1).
  const double below_one = std::nextafter(1.0, 0.0);
  std::vector<std::size_t> stratum_of(points);
  for (std::size_t j = 0; j < dimensions; ++j) {
    // Separate streams for the permutation and the positions, so that neither depends on how
    // many draws the other took.
    PhiloxStream shuffle(key, Purpose::design, j, 0);
    PhiloxStream position(key, Purpose::design, j, 1);
    std::iota(stratum_of.begin(), stratum_of.end(), std::size_t{0});
    for (std::size_t i = points - 1; i > 0; --i) std::swap(stratum_of[i], stratum_of[shuffle.below(i + 1)]);
    for (std::size_t i = 0; i < points; ++i) {
      const double x = (static_cast<double>(stratum_of[i]) + position.uniform()) / strata;
      design[i][j] = std::min(x, below_one);
    }
  }
  return design;
}

// ---------------------------------------------------------------------------------------------
// Sobol' points
// ---------------------------------------------------------------------------------------------

std::vector<std::vector<double>> sobol_points(std::size_t points, std::size_t dimensions, std::size_t skip) {
  if (dimensions > kSobolMaxDimensions)
    throw Error("sobol_points: " + std::to_string(dimensions) + " dimensions asked for, at most " +
                std::to_string(kSobolMaxDimensions) + " are supported");
  // 32-bit direction numbers index 2^32 points; beyond that the sequence would repeat.
  constexpr std::uint64_t kSequenceLength = std::uint64_t{1} << kSobolBits;
  if (skip > kSequenceLength || points > kSequenceLength - skip)
    throw Error("sobol_points: points " + std::to_string(skip) + " + " + std::to_string(points) +
                " exceed the 2^32 points of a 32-bit Sobol' sequence");

  std::vector<std::vector<double>> result(points, std::vector<double>(dimensions));
  if (points == 0 || dimensions == 0) return result;

  std::vector<DirectionNumbers> v(dimensions);
  for (std::size_t j = 0; j < dimensions; ++j) v[j] = direction_numbers(j);

  // Gray-code order (Antonov and Saleev, 1979): point n is the XOR of the V_k for the bits k
  // of gray(n) = n ^ (n >> 1). Consecutive Gray codes differ in one bit, the lowest set bit
  // of n, so each point costs one XOR per dimension. Start directly at point `skip`.
  std::vector<std::uint32_t> x(dimensions, 0);
  const std::uint64_t first = skip;
  const std::uint64_t first_gray = first ^ (first >> 1);
  for (int k = 0; k < kSobolBits; ++k)
    if ((first_gray >> k) & 1u)
      for (std::size_t j = 0; j < dimensions; ++j) x[j] ^= v[j][static_cast<std::size_t>(k)];

  for (std::size_t i = 0; i < points; ++i) {
    if (i > 0) {
      const std::uint64_t n = first + i;
      const auto bit = static_cast<std::size_t>(std::countr_zero(n));
      for (std::size_t j = 0; j < dimensions; ++j) x[j] ^= v[j][bit];
    }
    for (std::size_t j = 0; j < dimensions; ++j) result[i][j] = static_cast<double>(x[j]) * kTwoToMinus32;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Scaling
// ---------------------------------------------------------------------------------------------

std::vector<double> scale_to_range(const std::vector<double>& unit_point,
                                   const std::vector<std::pair<double, double>>& ranges) {
  if (unit_point.size() != ranges.size())
    throw Error("scale_to_range: a point of " + std::to_string(unit_point.size()) + " coordinates and " +
                std::to_string(ranges.size()) + " ranges");
  std::vector<double> scaled(unit_point.size());
  for (std::size_t j = 0; j < unit_point.size(); ++j) {
    const auto [lo, hi] = ranges[j];
    scaled[j] = lo + unit_point[j] * (hi - lo);
  }
  return scaled;
}

}  // namespace smesim
