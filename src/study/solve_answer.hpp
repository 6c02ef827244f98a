#pragma once
// A solve's answer in words a director quotes (docs/experiments.md "Solve"): the programme
// budget it means, values as a reader writes them, and the target that binds.

#include <array>
#include <string>

#include "smesim/analysis/bisection.hpp"
#include "smesim/analysis/forecast_summary.hpp"
#include "smesim/scenario/solve_def.hpp"

namespace smesim::detail {

/// P(met) of each target at one evaluation, indexed like kTargets (`all` last).
using TargetProbabilities = std::array<double, kTargets.size()>;

/// Whether the solve changes the programme budget, so that its answer is an amount of money a
/// director can quote: the programme budget itself, an agency's budget as new money, or every
/// agency's.
bool answers_in_programme_budget(const SolveDef& def);

/// The resolved programme budget when the searched parameter is `value`.
double programme_budget_thb_at(const SolveDef& def, double value);

/// A searched value as a reader writes it: "×1.36", "+20.0 M THB", "272 M THB", "0.35".
std::string solve_value_label(const SolveDef& def, double value);

/// "all targets" or "developed_smes target".
std::string target_phrase(const SolveDef& def);

/// "SMEs developed", "SMEs expanded into new markets", "cost reduction".
const char* target_title(Target target);

/// The single target least likely to be met: what limits P(all targets met).
Target binding_target(const TargetProbabilities& p_met);

/// "The binding target is ... (P(met) 0.85; ...)." for `target: all`, else "".
std::string binding_sentence(const SolveDef& def, const TargetProbabilities& p_met);

/// The answer in one sentence, for a search that has one: "a programme budget of about 372 M
/// THB (between 300 and 400 M THB) gives P(all targets met) ≥ 0.8: every agency's budget ×1.86
/// (×1.50 to ×2.00)."
std::string answer_sentence(const SolveDef& def, const Bisection& search);

}  // namespace smesim::detail
