#include <limits>

#include "smesim/trajectory.hpp"

namespace smesim {

double Kpis::thb_per_developed() const {
  return developed > 0 ? spent_thb / developed : std::numeric_limits<double>::quiet_NaN();
}

double Kpis::cost_reduction_per_thb_spent() const {
  return spent_thb > 0 ? cost_reduction_thb / spent_thb : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace smesim
