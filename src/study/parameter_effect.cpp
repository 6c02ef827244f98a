#include "study/parameter_effect.hpp"

#include <algorithm>
#include <charconv>
#include <numeric>
#include <optional>

#include <fmt/format.h>

#include "io/report/number_text.hpp"
#include "model/model_params.hpp"
#include "scenario/fields.hpp"
#include "smesim/scenario/parameter_paths.hpp"
#include "smesim/scenario/scenario.hpp"

namespace smesim::detail {
namespace {

bool names_programme_money(const std::string& path) {
  return detail::path_matches(path, "programme.budget_thb") ||
         detail::path_matches(path, "programme.overhead_share");
}

bool every_agency_fixed(const ScenarioDef& def) {
  return std::all_of(def.agencies.begin(), def.agencies.end(),
                     [](const AgencyDef& a) { return a.budget_thb.is_set() && !a.budget_share.is_set(); });
}

// Why the model reads nothing of the change, and what to vary instead.
std::string why_nothing_changes(const ScenarioDef& def, const std::vector<std::string>& paths) {
  const bool money = std::any_of(paths.begin(), paths.end(), names_programme_money);
  if (money && every_agency_fixed(def)) {
    // docs/model.md §4: explicit budgets are taken first; with no `auto` agency the rest of
    // the programme budget is reported as unallocated and nobody spends it.
    const double agencies_thb =
        std::accumulate(def.agencies.begin(), def.agencies.end(), 0.0,
                        [](double sum, const AgencyDef& a) { return sum + a.budget_thb.value(); });
    return fmt::format(
        "every agency has a fixed budget_thb ({} in all), so programme money above that goes to no agency "
        "(it is reported as unallocated); vary the agencies' budgets instead: `agencies.*.budget_thb` from "
        "\"*1\" to \"*3\" scales every agency and the programme budget with them, or make an agency's "
        "budget `auto` so that it takes what the others leave",
        report::money_text(agencies_thb));
  }
  return "every agency allocation, network, prior draw and target is the same, so every result would "
         "be the same; vary a parameter the model reads (docs/scenario.md \"Parameter paths\")";
}

}  // namespace

void require_parameter_effect(const ScenarioDef& at_lo, const ScenarioDef& at_hi, const std::string& path,
                              const std::string& lo_text, const std::string& hi_text,
                              const SourceLocation& where) {
  if (!same_model_inputs(at_lo, at_hi)) return;
  const auto readable = [&](const std::string& text) {
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    const bool number = ec == std::errc() && end == text.data() + text.size();
    return number ? report::parameter_value_text(path, v) : text;
  };
  throw ScenarioError(where, path,
                      fmt::format("does not change the model between {} and {}: {}", readable(lo_text),
                                  readable(hi_text), why_nothing_changes(at_lo, {path})));
}

void require_setting_effect(const ScenarioDef& base, const std::string& path, const std::string& lo_text,
                            const std::string& hi_text, const SourceLocation& where) {
  const auto alone = [&](const std::string& text) -> std::optional<ScenarioDef> {
    const ParameterSetting setting{path, text, where};
    try {
      ScenarioDef variant = apply_parameter_settings(base, {&setting, 1});
      validate(variant);
      return variant;
    } catch (const ScenarioError&) {
      return std::nullopt;
    }
  };
  const std::optional<ScenarioDef> at_lo = alone(lo_text);
  const std::optional<ScenarioDef> at_hi = alone(hi_text);
  if (at_lo && at_hi) require_parameter_effect(*at_lo, *at_hi, path, lo_text, hi_text, where);
}

std::string range_end_text(double value, RelativeOp relative) {
  return relative == RelativeOp::none ? format_number(value) : relative_value_text({relative, value});
}

void require_variant_effect(const ScenarioDef& baseline, const ScenarioDef& variant,
                            const std::string& variant_name, const std::string& baseline_name,
                            const std::vector<std::string>& paths, const SourceLocation& where) {
  if (!same_model_inputs(baseline, variant)) return;
  throw ScenarioError(where, variant_name,
                      fmt::format("gives the model the same inputs as the baseline `{}`: {}", baseline_name,
                                  why_nothing_changes(variant, paths)));
}

}  // namespace smesim::detail
