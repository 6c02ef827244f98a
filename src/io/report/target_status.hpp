#pragma once
// How the report marks a target: by the forecast probability of meeting it. "Met" needs
// P(met) of at least 0.8, the level `smesim solve` looks for by default (a planner's
// "likely"); below 0.2 the target is more likely missed than not by a wide margin; between
// the two it is at risk. These are reading aids; the probabilities themselves are shown
// beside them.

#include <string_view>

namespace smesim::detail::report {

enum class TargetStatus { met, at_risk, missed };

inline constexpr double kLikelyMet = 0.8;
inline constexpr double kLikelyMissed = 0.2;

constexpr TargetStatus classify_target(double probability_met) {
  if (probability_met >= kLikelyMet) return TargetStatus::met;
  if (probability_met < kLikelyMissed) return TargetStatus::missed;
  return TargetStatus::at_risk;
}

/// CSS class (`met`, `at-risk`, `missed`).
constexpr std::string_view status_class(TargetStatus s) {
  return s == TargetStatus::met ? "met" : s == TargetStatus::missed ? "missed" : "at-risk";
}

/// Words shown with the colour, so the marking does not rely on colour alone.
constexpr std::string_view status_words(TargetStatus s) {
  return s == TargetStatus::met      ? "\u2713 likely met"
         : s == TargetStatus::missed ? "\u2717 likely missed"
                                     : "! at risk";
}

}  // namespace smesim::detail::report
