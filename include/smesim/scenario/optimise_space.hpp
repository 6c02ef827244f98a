#pragma once
/// @file scenario/optimise_space.hpp
/// @brief The map between the search's coordinates y ∈ ℝⁿ, where CMA-ES moves freely, and
/// the variables' values, which must hold their constraints exactly (docs/optimise.md,
/// "How the variables are searched"):
///  - budget shares of k agencies take k − 1 coordinates, the additive log-ratios of the
///    shares against the last agency scaled by 1/kShareScale: wᵢ ∝ exp(kShareScale·yᵢ), w_k ∝ 1.
///    The money the k agencies hold together (their allocations in the base scenario, in
///    satang) is then split by largest remainder, so every candidate's budgets add up to it
///    to the satang and no share is negative;
///  - a parameter in [lo, hi] takes one coordinate: x = lo + (hi − lo)(1 − cos πy)/2, which is
///    in [lo, hi] for every y, reaches both ends, and is smooth (a bound is an optimum CMA-ES
///    can converge to); whole-number parameters are rounded to a whole number within [lo, hi].
/// A split share set by a variable moves its two siblings in proportion so that the split
/// still sums to 1.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "smesim/scenario/optimise_def.hpp"

namespace smesim {

/// Log-ratio coordinates are scaled so that σ0 = 0.3 moves a share by a factor of about
/// e^0.9 ≈ 2.5 at one standard deviation, as σ0 = 0.3 spans about a third of a range.
inline constexpr double kShareScale = 3.0;

/// A variable's value by name: `budget_shares.<agency>` (its share of the listed agencies'
/// money) or the parameter path.
struct NamedValue {
  std::string name;
  double value = 0;
  /// What the base scenario gives when it is not the number `value` (base_values only):
  /// `auto` (value: what it resolves to) or a prior (value: its median), as the file writes it.
  std::string given;
};

/// @brief The number of coordinates the variables take.
std::size_t search_dimension(const OptimiseDef& def);

/// @brief The coordinates of the base scenario's values (a share of 0 is taken as 1e-6 of
/// the money, a value outside its range as the nearer end): where the search starts.
std::vector<double> base_coordinates(const OptimiseDef& def);

/// @brief The variables' values at coordinates `y` (search_dimension values), by name, in
/// the order of the variables (an agency's share in its variable's order).
std::vector<NamedValue> decode(const OptimiseDef& def, std::span<const double> y);

/// @brief The variables' values of the base scenario itself, as decode names them: a number as
/// it is, `auto` as it resolves (an agency's budget_thb: its allocation; another `auto`: the
/// middle of the variable's range, where nothing says more), a prior as its median (truncated
/// to the parameter's valid range, as drawn) — each such one with `given` saying so.
std::vector<NamedValue> base_values(const OptimiseDef& def);

/// @brief The scenario at coordinates `y`: the base with every variable set (budget shares as
/// each agency's budget_thb to the satang, every other agency pinned to its base allocation).
/// @throws ScenarioError if the combination makes the scenario invalid
ScenarioDef optimise_variant(const OptimiseDef& def, std::span<const double> y);

/// @brief Each listed agency's budget in satang at coordinates `y`, per budget_shares variable.
std::vector<std::vector<std::int64_t>> share_budgets_satang(const OptimiseDef& def,
                                                            std::span<const double> y);

}  // namespace smesim
