#pragma once
/// @file analysis/designs.hpp
/// @brief Sampling designs for parameter sweeps and sensitivity analysis: full grids, Latin
/// hypercubes and Sobol' low-discrepancy points. Pure functions: no I/O, no scenario types.
///
/// Every design except the grid is produced in the unit cube [0, 1)^d; scale_to_range() maps
/// a unit point onto the parameters' ranges.

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace smesim {

/// @brief The Cartesian product of each parameter's list of values: one point per
/// combination, `values.size()` coordinates each. Points are in odometer order, the LAST
/// parameter varying fastest, so point k of {{a0, a1}, {b0, b1, b2}} is (a[k / 3], b[k % 3]).
/// An empty list of parameters gives one empty point (the single run that changes nothing);
/// a parameter with no values gives no points.
std::vector<std::vector<double>> grid_design(const std::vector<std::vector<double>>& values);

/// @brief `steps` evenly spaced values from `from` to `to`, both ends included exactly
/// (`steps` == 1 gives {from}). Throws smesim::Error for `steps` < 1.
std::vector<double> linspace(double from, double to, int steps);

/// @brief A Latin hypercube of `points` points in [0, 1)^`dimensions`: each dimension is cut
/// into `points` equal strata [k / points, (k + 1) / points) holding exactly one point each,
/// at a uniform random position within its stratum; the strata are matched across dimensions
/// by an independent random permutation per dimension.
///
/// Randomness comes from Philox streams keyed by (seed, 0) with Purpose::design, entity =
/// the dimension's index: index 0 draws the permutation, index 1 the positions. The result is
/// a pure function of (points, dimensions, seed), and dimension j does not depend on how many
/// other dimensions are asked for (adding a parameter to a study leaves the others' columns
/// as they were).
std::vector<std::vector<double>> latin_hypercube(std::size_t points, std::size_t dimensions,
                                                 std::uint32_t seed);

/// Dimensions sobol_points() supports: the van der Corput dimension plus the first 39 rows of
/// Joe and Kuo's table.
inline constexpr std::size_t kSobolMaxDimensions = 40;

/// @brief Points `skip`, `skip` + 1, ..., `skip` + `points` - 1 of the (unscrambled) Sobol'
/// sequence in [0, 1)^`dimensions`, with the direction numbers of Joe and Kuo (2008), file
/// new-joe-kuo-6.21201, and 32-bit Gray-code generation, as in their reference code.
///
/// Point 0 of the sequence is the origin and dimension 1 is the base-2 van der Corput
/// sequence. `skip` drops that many leading points (skip = 0 keeps the origin): for the
/// balance properties of the sequence keep skip = 0, or a multiple of a power of two at least
/// as large as `points`, and take a power of two of points. Coordinates are multiples of
/// 2^-32. Throws smesim::Error for more than kSobolMaxDimensions dimensions or for points
/// beyond index 2^32 - 1.
std::vector<std::vector<double>> sobol_points(std::size_t points, std::size_t dimensions,
                                              std::size_t skip = 0);

/// @brief Maps a point of the unit cube onto parameter ranges: coordinate j becomes
/// lo_j + u_j (hi_j - lo_j), so [0, 1) goes to [lo_j, hi_j) (hi_j only by rounding). Throws
/// smesim::Error if the point and the ranges differ in length.
std::vector<double> scale_to_range(const std::vector<double>& unit_point,
                                   const std::vector<std::pair<double, double>>& ranges);

}  // namespace smesim
