// Solve files (`smesim solve`): YAML -> SolveDef, with the same strictness and error positions
// as scenario and sweep files.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "scenario/document.hpp"
#include "scenario/experiment_file.hpp"
#include "scenario/fields.hpp"
#include "scenario/text_match.hpp"
#include "smesim/scenario/parameter_paths.hpp"
#include "smesim/scenario/scenario.hpp"
#include "smesim/scenario/solve_def.hpp"

namespace smesim {
namespace {

using detail::fail;
using detail::got;
using detail::is_whole_number_parameter;
using detail::number;
using detail::read_text;
using detail::whole_number;

namespace fs = std::filesystem;
using detail::DocNode;

const std::vector<std::string> kSolveKeys{"name",        "description", "scenario", "replications",
                                          "seed",        "parameter",   "range",    "target",
                                          "probability", "tolerance",   "whole"};
const std::vector<std::string> kSolveTargetNames{"all", "developed_smes", "expanded_smes",
                                                 "cost_reduction_thb"};

const DocNode& required(const DocNode& doc, const std::string& key, const std::string& what) {
  const DocNode* node = doc.find(key);
  if (node == nullptr) fail(doc.where, key, fmt::format("required key missing ({})", what));
  return *node;
}

// Checks that `path` names a parameter and that `value` is valid there: a path that names
// nothing is blamed on the `parameter` value, a bad value on the range end.
void check_value(const ScenarioDef& base, const std::string& path, double value,
                 const SourceLocation& path_at, const SourceLocation& value_at) {
  ScenarioDef copy = base;
  try {
    set_parameter(copy, path, solve_value_text(value));
  } catch (const UnknownParameterError& e) {
    fail(path_at, "parameter", e.message());
  } catch (const ScenarioError& e) {
    fail(value_at, "range", fmt::format("{}: {}", path, e.message()));
  }
}

double number_text(const std::string& text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  return ec == std::errc() && end == text.data() + text.size() ? v : std::nan("");
}

// A relative range over several parameters: the solve searches the factor or amount itself,
// and every end must give a valid scenario.
void resolve_scaling_range(SolveDef& solve, RelativeOp op, const DocNode& range) {
  const double* ends[] = {&solve.range.first, &solve.range.second};
  for (std::size_t k = 0; k < 2; ++k) {
    const ParameterSetting one{solve.parameter, relative_value_text({op, *ends[k]}), range.items[k].where};
    try {
      validate(apply_parameter_settings(solve.base, {&one, 1}));
    } catch (const ScenarioError& e) {
      fail(range.items[k].where, "range", fmt::format("{}: {}", e.key_path(), e.message()));
    }
  }
  solve.scaling = op;
  solve.base_value = op == RelativeOp::multiply ? 1.0 : 0.0;
  solve.relative = true;
}

// A relative range: the parameter must be one number of the base scenario (or an agency's
// budget, `auto` included); each end resolves to the value it gives there.
void resolve_relative_range(SolveDef& solve, RelativeOp op, const DocNode& range) {
  const auto fields = parameter_fields(solve.base);
  std::vector<std::string> named;
  for (const FieldInfo& f : fields)
    if (detail::path_matches(solve.parameter, f.path)) named.push_back(f.path);
  if (named.empty())
    fail(range.where, "range", fmt::format("{} names no numeric parameter", solve.parameter));
  if (named.size() > 1) {
    resolve_scaling_range(solve, op, range);
    return;
  }
  const std::string& path = named.front();
  solve.new_money = path.starts_with("agencies.") && path.ends_with(".budget_thb");
  if (solve.new_money) {
    try {
      const BudgetAllocation alloc = resolve_budget_allocation(solve.base);
      for (std::size_t a = 0; a < solve.base.agencies.size(); ++a)
        if (path == "agencies." + solve.base.agencies[a].id + ".budget_thb")
          solve.base_value = static_cast<double>(alloc.agency_satang[a]) / 100.0;
    } catch (const ScenarioError& e) {
      fail(
          range.where, "range",
          fmt::format("a relative agency budget changes the agency's resolved allocation, but {} in the base "
                      "scenario {}",
                      e.key_path(), e.message()));
    }
  } else {
    const std::string base_text = get_parameter(solve.base, path);
    solve.base_value = number_text(base_text);
    if (std::isnan(solve.base_value))
      fail(range.where, "range",
           fmt::format(
               "a relative range needs a parameter that is one number in the base scenario; {} is {} "
               "(a relative value would change the prior, while a solve sets one value): write absolute "
               "ends",
               path, base_text));
  }
  double* ends[] = {&solve.range.first, &solve.range.second};
  for (std::size_t k = 0; k < 2; ++k) {
    const ParameterSetting one{solve.parameter, relative_value_text({op, *ends[k]}), {}};
    ScenarioDef variant;
    try {
      variant = apply_parameter_settings(solve.base, {&one, 1});
    } catch (const ScenarioError& e) {
      fail(range.items[k].where, "range", fmt::format("{}: {}", e.key_path(), e.message()));
    }
    *ends[k] = number_text(get_parameter(variant, path));
  }
  solve.relative = true;
}

}  // namespace

std::string solve_value_text(double value) { return detail::format_number(value); }

SolveDef load_solve_file(const std::string& file) {
  const DocNode doc = detail::read_yaml(read_text(file), file);
  if (!doc.is_map())
    fail(doc.where, "", "expected a map of solve keys (name, scenario, parameter, range, ...)" + got(doc));
  detail::check_known_keys(doc, kSolveKeys);
  SolveDef solve;
  solve.file = file;
  solve.name = detail::required_name(doc, "the solve's name");

  detail::read_base_scenario(doc, file, solve.scenario_source, solve.base);

  const DocNode& parameter = required(doc, "parameter", "the parameter path to solve for");
  if (!parameter.is_scalar() || parameter.scalar.empty())
    fail(parameter.where, "parameter",
         "expected a parameter path (e.g. programme.budget_thb)" + got(parameter));
  solve.parameter = parameter.scalar;
  solve.parameter_where = parameter.where;

  const DocNode& range = required(doc, "range", "the search bracket [lo, hi]");
  if (!range.is_sequence() || range.items.size() != 2)
    fail(range.where, "range", "expected [lo, hi]" + got(range));
  const RelativeOp op = detail::range_ends(solve.base, solve.parameter, range.items[0], range.items[1],
                                           "range", "range", solve.range.first, solve.range.second);
  if (op != RelativeOp::none) resolve_relative_range(solve, op, range);
  if (!(solve.range.first < solve.range.second))
    fail(range.where, "range",
         fmt::format("expected lo < hi, got lo {} and hi {}", detail::format_number(solve.range.first),
                     detail::format_number(solve.range.second)));
  if (solve.scaling == RelativeOp::none) {
    check_value(solve.base, solve.parameter, solve.range.first, parameter.where, range.items[0].where);
    check_value(solve.base, solve.parameter, solve.range.second, parameter.where, range.items[1].where);
  }

  if (const DocNode* target = doc.find("target")) {
    const std::string& name = kSolveTargetNames[detail::choice_index(*target, "target", kSolveTargetNames)];
    solve.target = name == "all"              ? Target::all
                   : name == "developed_smes" ? Target::developed_smes
                   : name == "expanded_smes"  ? Target::expanded_smes
                                              : Target::cost_reduction_thb;
  }

  const DocNode& probability = required(doc, "probability", "the level P(target met) must reach, in (0, 1)");
  solve.probability = number(probability, "probability");
  if (!(solve.probability > 0 && solve.probability < 1))
    fail(probability.where, "probability", "expected a probability in (0, 1)" + got(probability));

  const DocNode& tolerance =
      required(doc, "tolerance", "stop when the bracket is narrower, in the parameter's unit");
  solve.tolerance = number(tolerance, "tolerance");
  if (!(solve.tolerance > 0)) fail(tolerance.where, "tolerance", "expected a number > 0" + got(tolerance));
  if (solve.scaling != RelativeOp::none && !(solve.tolerance < solve.range.second - solve.range.first))
    fail(tolerance.where, "tolerance",
         fmt::format("the range is {} applied to every parameter {} names, so the tolerance is in its unit "
                     "too; expected a number below the range's width {} (e.g. {})",
                     solve.scaling == RelativeOp::multiply ? "a factor" : "an amount", solve.parameter,
                     detail::format_number(solve.range.second - solve.range.first),
                     detail::format_number((solve.range.second - solve.range.first) / 100)));

  // A factor on whole-number parameters is not itself whole: apply_parameter_settings rounds
  // each parameter's value.
  const bool whole_parameter =
      solve.scaling != RelativeOp::multiply && is_whole_number_parameter(solve.base, solve.parameter);
  solve.whole = whole_parameter;
  if (const DocNode* whole = doc.find("whole")) {
    if (!whole->is_scalar() || (whole->scalar != "true" && whole->scalar != "false"))
      fail(whole->where, "whole", "expected true or false" + got(*whole));
    if (whole->scalar == "false" && whole_parameter)
      fail(whole->where, "whole",
           fmt::format("{} takes whole numbers only; remove `whole: false`", solve.parameter));
    solve.whole = whole->scalar == "true";
  }
  if (solve.whole)
    for (std::size_t end = 0; end < 2; ++end) {
      const double v = end == 0 ? solve.range.first : solve.range.second;
      if (v != std::floor(v))
        fail(range.items[end].where, "range",
             fmt::format("expected whole numbers at both ends (`whole: true` rounds every value), got {}",
                         detail::format_number(v)));
    }
  validate(solve.base);
  return solve;
}

BisectionSettings solve_settings(const SolveDef& solve) {
  // Money is resolved to the satang (docs/model.md keeps budgets in integer satang).
  const bool money = solve.parameter.ends_with("_thb") && solve.scaling != RelativeOp::multiply;
  return {solve.range.first, solve.range.second, solve.probability,
          solve.tolerance,   solve.whole,        money ? 0.01 : 0.0};
}

ScenarioDef solve_variant(const SolveDef& solve, double value) {
  ScenarioDef variant = solve.base;
  const std::string text = solve_value_text(value);
  try {
    if (solve.scaling != RelativeOp::none) {
      const ParameterSetting every{solve.parameter, relative_value_text({solve.scaling, value}), {}};
      variant = apply_parameter_settings(solve.base, {&every, 1});
    } else if (solve.new_money) {
      // The agency's allocation becomes `value`: its resolved one plus the difference.
      const ParameterSetting one{
          solve.parameter, relative_value_text({RelativeOp::add, value - solve.base_value}), {}};
      variant = apply_parameter_settings(solve.base, {&one, 1});
    } else {
      set_parameter(variant, solve.parameter, text);
    }
    validate(variant);
  } catch (const ScenarioError& e) {
    fail(solve.parameter_where, e.key_path().empty() ? solve.parameter : e.key_path(),
         fmt::format("{} (at {} = {})", e.message(), solve.parameter, text));
  }
  return variant;
}

std::string solve_identity(const SolveDef& solve) {
  nlohmann::ordered_json identity{
      {"name", solve.name},
      {"parameter", solve.parameter},
      {"range", {solve_value_text(solve.range.first), solve_value_text(solve.range.second)}},
      {"target", to_string(solve.target)},
      {"probability", solve_value_text(solve.probability)},
      {"tolerance", solve_value_text(solve.tolerance)},
      {"whole", solve.whole},
      {"replications", solve.base.replications},
      {"seed", solve.base.seed},
      {"scenario", nlohmann::ordered_json::parse(resolved_scenario_json(solve.base))}};
  // Only with a relative range, so that other solves keep their identity.
  if (solve.relative)
    identity["relative"] = {{"base_value", solve_value_text(solve.base_value)},
                            {"new_money", solve.new_money}};
  if (solve.scaling != RelativeOp::none)
    identity["relative"]["scaling"] = solve.scaling == RelativeOp::multiply ? "multiply" : "add";
  return identity.dump();
}

}  // namespace smesim
