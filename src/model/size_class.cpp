#include "model/size_class.hpp"

#include <algorithm>

namespace smesim::detail {
bool uses_manufacturing_column(Sector s) {
  // Agriculture uses the manufacturing column: [A] of docs/model.md §6.
  return s == Sector::manufacturing || s == Sector::agriculture;
}

ClassBounds class_bounds(Sector sector, SizeClass size) {
  const bool mfg = uses_manufacturing_column(sector);
  switch (size) {
    case SizeClass::micro:
      return {1, 5, 0.0, 1.8e6};
    case SizeClass::small:
      return mfg ? ClassBounds{6, 50, 1.8e6, 100e6} : ClassBounds{6, 30, 1.8e6, 50e6};
    case SizeClass::medium:
      return mfg ? ClassBounds{51, 200, 100e6, 500e6} : ClassBounds{31, 100, 50e6, 300e6};
    case SizeClass::large:
      break;
  }
  return mfg ? ClassBounds{201, 1 << 30, 500e6, 1e18} : ClassBounds{101, 1 << 30, 300e6, 1e18};
}

SizeClass size_class_2019(Sector sector, int employees, double revenue_thb) {
  auto employee_class = SizeClass::large;
  auto revenue_class = SizeClass::large;
  for (auto c : {SizeClass::medium, SizeClass::small, SizeClass::micro}) {
    const ClassBounds b = class_bounds(sector, c);
    if (employees <= b.employees_max) employee_class = c;
    if (revenue_thb <= b.revenue_max_thb) revenue_class = c;
  }
  return std::max(employee_class, revenue_class);
}

}  // namespace smesim::detail
