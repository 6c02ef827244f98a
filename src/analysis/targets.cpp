#include "smesim/analysis/targets.hpp"

#include <limits>

#include "smesim/error.hpp"

namespace smesim {

const char* to_string(Target target) {
  switch (target) {
    case Target::developed_smes:
      return "developed_smes";
    case Target::expanded_smes:
      return "expanded_smes";
    case Target::cost_reduction_thb:
      return "cost_reduction_thb";
    case Target::all:
      return "all";
  }
  return "?";
}

double target_value(const TargetsDef& targets, Target t) {
  switch (t) {
    case Target::developed_smes:
      return targets.developed_smes;
    case Target::expanded_smes:
      return targets.expanded_smes;
    case Target::cost_reduction_thb:
      return targets.cost_reduction_thb;
    case Target::all:
      break;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

FinalKpi target_kpi(Target target) {
  switch (target) {
    case Target::developed_smes:
      return FinalKpi::developed;
    case Target::expanded_smes:
      return FinalKpi::expanded;
    case Target::cost_reduction_thb:
      return FinalKpi::cost_reduction_thb;
    case Target::all:
      break;
  }
  SMESIM_ASSERT(target != Target::all);  // `all` is not set on one KPI
  return FinalKpi::developed;
}

}  // namespace smesim
