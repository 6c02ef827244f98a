#pragma once
// Money in whole satang (1/100 THB), so that budgets split and spent add up exactly, with no
// floating-point slack (docs/model.md §4).

#include <cstdint>

namespace smesim::detail {

using Satang = std::int64_t;

inline Satang to_satang(double thb) { return static_cast<Satang>(thb * 100.0 + 0.5); }
inline double to_thb(Satang s) { return static_cast<double>(s) / 100.0; }

}  // namespace smesim::detail
