#pragma once
// The 2019 Thai SME size rule (docs/model.md §6).

#include "smesim/scenario/scenario_def.hpp"

namespace smesim::detail {

/// Bounds of one class for one sector column: employees in [min, max], revenue in (min, max].
struct ClassBounds {
  int employees_min, employees_max;
  double revenue_min_thb, revenue_max_thb;
};

/// True for the sectors that use the manufacturing column of the rule: manufacturing and
/// agriculture [A] (docs/model.md §6); trade and services use the other.
bool uses_manufacturing_column(Sector sector);

/// Manufacturing column for manufacturing and agriculture [A], the other for trade and services.
ClassBounds class_bounds(Sector sector, SizeClass size);

/// The higher of the employee class and the revenue class; `large` beyond medium.
SizeClass size_class_2019(Sector sector, int employees, double revenue_thb);

}  // namespace smesim::detail
