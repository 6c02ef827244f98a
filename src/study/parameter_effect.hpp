#pragma once
// A study must vary something the model reads: a sweep, solve, comparison or sensitivity
// analysis over a parameter that leaves every model input as it was would report the same
// result at every value as if it were an answer (docs/experiments.md "Refused studies").

#include <string>
#include <vector>

#include "smesim/error.hpp"
#include "smesim/scenario/parameter_paths.hpp"
#include "smesim/scenario/scenario_def.hpp"

namespace smesim::detail {

/// @brief Refuses a varied parameter whose two ends give the model the same inputs
/// (same_model_inputs).
/// @param at_lo, at_hi  the base scenario with only `path` set to each end
/// @throws ScenarioError at `where` (key `path`) saying why nothing changes and what to vary
void require_parameter_effect(const ScenarioDef& at_lo, const ScenarioDef& at_hi, const std::string& path,
                              const std::string& lo_text, const std::string& hi_text,
                              const SourceLocation& where);

/// @brief require_parameter_effect for `path` set alone in `base` to `lo_text` and to
/// `hi_text` (scenario-file text, absolute or relative). A value that is invalid on its own
/// (shares that only sum to 1 with another parameter's value) is not judged here: the study
/// validates its points as a whole.
void require_setting_effect(const ScenarioDef& base, const std::string& path, const std::string& lo_text,
                            const std::string& hi_text, const SourceLocation& where);

/// The scenario-file text of an end of a numeric range: the number, or the relative value
/// (`*1.2`, `+5e6`) it was written as.
std::string range_end_text(double value, RelativeOp relative);

/// @brief Refuses a comparison variant that gives the model the same inputs as the baseline.
/// @throws ScenarioError at `where` (the variant's name)
void require_variant_effect(const ScenarioDef& baseline, const ScenarioDef& variant,
                            const std::string& variant_name, const std::string& baseline_name,
                            const std::vector<std::string>& paths, const SourceLocation& where);

}  // namespace smesim::detail
