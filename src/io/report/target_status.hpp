#pragma once
// How the report marks a target, in words that do not flip on Monte Carlo noise: by the Wilson
// 95% interval of P(met), not by the estimate alone. "Likely met" when the whole interval is
// at or above 0.8 (the level `smesim solve` looks for by default, a planner's "likely"),
// "likely missed" when it is wholly below 0.2, "at risk" otherwise: an estimate of 0.81 from
// 1,000 replications (interval 0.785-0.833) is at risk, as is the 0.79 another seed might
// give, while 0.95 is likely met at any seed. The words are reading aids; the probabilities
// and their intervals are shown beside them (docs/report.md "Reading aids").

#include <string_view>

namespace smesim::detail::report {

enum class TargetStatus { met, at_risk, missed };

inline constexpr double kLikelyMet = 0.8;
inline constexpr double kLikelyMissed = 0.2;

/// @param ci95_lo, ci95_hi  the Wilson 95% interval of P(met)
constexpr TargetStatus classify_target(double ci95_lo, double ci95_hi) {
  if (ci95_lo >= kLikelyMet) return TargetStatus::met;
  if (ci95_hi < kLikelyMissed) return TargetStatus::missed;
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
