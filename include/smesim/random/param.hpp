#pragma once
/// @file random/param.hpp
/// @brief A numeric parameter's value or prior (docs/model.md §8): what the samplers draw from,
/// and what a scenario holds for each numeric field.

#include <array>

namespace smesim {

/// @brief The prior families of docs/model.md §8.
enum class DistributionKind : unsigned char {
  unset,       ///< no value given: the model derives one (e.g. `budget_thb: auto`)
  fixed,       ///< a plain number, args[0]
  uniform,     ///< [lo, hi]
  normal,      ///< [mean, sd], truncated to the parameter's valid range
  lognormal,   ///< [mu, sigma] of log(x), truncated to the parameter's valid range
  beta,        ///< [a, b]
  triangular,  ///< [lo, mode, hi]
};

/// @brief Value or prior of one numeric parameter. Plain data.
struct Param {
  DistributionKind kind = DistributionKind::unset;
  std::array<double, 3> args{};

  constexpr Param() = default;
  constexpr Param(double value) : kind(DistributionKind::fixed), args{value, 0.0, 0.0} {}  // NOLINT
  constexpr Param(DistributionKind k, std::array<double, 3> a) : kind(k), args(a) {}

  [[nodiscard]] constexpr bool is_set() const { return kind != DistributionKind::unset; }
  [[nodiscard]] constexpr bool is_fixed() const { return kind == DistributionKind::fixed; }
  /// @brief The fixed value. @note Only meaningful when is_fixed(); a realised scenario
  /// (realise_priors) has every set parameter fixed.
  [[nodiscard]] constexpr double value() const { return args[0]; }

  friend constexpr bool operator==(const Param&, const Param&) = default;
};

}  // namespace smesim
