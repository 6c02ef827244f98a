#pragma once
/// @file analysis/targets.hpp
/// @brief The programme's targets (docs/model.md §7): the amounts a scenario sets, and which
/// final KPI each is met on.

#include <array>
#include <cstdint>

#include "smesim/analysis/kpi.hpp"

namespace smesim {

/// The amounts a scenario's `targets` ask for (ScenarioDef::targets). Plain data.
struct TargetsDef {
  double developed_smes = 10'000;
  double expanded_smes = 1'000;
  double cost_reduction_thb = 150'000'000;
  int window_months = 0;  ///< months credited; 0 means "= time.programme_months"
};

/// The programme's targets (TargetsDef) and `all` of them together.
enum class Target : std::uint8_t { developed_smes, expanded_smes, cost_reduction_thb, all };
inline constexpr std::array kTargets{Target::developed_smes, Target::expanded_smes,
                                     Target::cost_reduction_thb, Target::all};
/// @brief Names used in output files (`developed_smes`, `all`, ...).
const char* to_string(Target target);

/// @brief The final KPI a target is set on. @pre target != Target::all (which has none).
FinalKpi target_kpi(Target target);

/// @brief The amount a target asks for (TargetsDef); NaN for Target::all, which has none.
double target_value(const TargetsDef& targets, Target target);

}  // namespace smesim
