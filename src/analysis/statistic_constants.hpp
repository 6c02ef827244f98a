#pragma once
// Two numbers the statistics of every layer above share.

#include <limits>

namespace smesim {

/// An undefined statistic: the mean of nothing, a correlation of a constant, an interval with
/// too few replications. Written `nan` in CSV and `null` in JSON (docs/outputs.md).
inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Φ⁻¹(0.975): the half-width of a two-sided 95% normal interval in standard errors.
inline constexpr double kZ95 = 1.959963984540054;

}  // namespace smesim
