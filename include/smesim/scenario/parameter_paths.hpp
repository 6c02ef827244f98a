#pragma once
/// @file scenario/parameter_paths.hpp
/// @brief Get and set any scenario parameter by its dotted path (docs/scenario.md "Parameter
/// paths"), e.g. `dynamics.market.q_per_year`, `agencies.DIP.strategy.mentoring.targeting`,
/// `agencies.*.strategy.split.mentoring` (`*` matches one path segment); and the values a
/// study gives them, absolute (`1.5e8`) or relative to the base scenario (`"*1.2"`, `+5e7`).

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "smesim/error.hpp"
#include "smesim/scenario/distribution.hpp"
#include "smesim/scenario/scenario_def.hpp"

namespace smesim {

enum class FieldKind : unsigned char { number, integer, text, choice, sector_list };

/// @brief What a path names: its kind, valid range, unit and meaning.
struct FieldInfo {
  std::string path;
  FieldKind kind = FieldKind::number;
  double min = 0;
  double max = 0;
  bool distributable = false;  ///< may be a prior (docs/model.md §8)
  bool optional = false;       ///< may be unset (`auto`)
  std::vector<std::string> choices;
  std::string unit;
  std::string doc;
};

/// @brief Every parameter path of this scenario, in document order.
std::vector<FieldInfo> parameter_fields(const ScenarioDef& def);

/// @brief The value at `path` as text (`0.5`, `uniform[0.1, 0.2]`, `laggards`).
/// @throws UnknownParameterError listing the nearest valid paths.
std::string get_parameter(const ScenarioDef& def, std::string_view path);

/// @brief Sets a numeric parameter at `path` (wildcards allowed); checks its range.
/// @return the number of fields set. @throws UnknownParameterError, ScenarioError
int set_parameter(ScenarioDef& def, std::string_view path, const Param& value);

/// @brief Sets any parameter from its YAML scalar text (number, choice name, text).
/// @return the number of fields set. @throws UnknownParameterError, ScenarioError
int set_parameter(ScenarioDef& def, std::string_view path, std::string_view text);

/// @brief The valid paths closest to `path` (edit distance), best first.
std::vector<std::string> nearest_parameter_paths(const ScenarioDef& def, std::string_view path,
                                                 std::size_t count = 3);

/// @brief How a study value relates to the base scenario's value (docs/experiments.md,
/// "Relative values"): `none` sets it, `multiply` (`"*1.2"`, `×1.2`) and `add` (`+5e7`,
/// `-5e7`) change the base scenario's resolved value.
enum class RelativeOp : unsigned char { none, multiply, add };

struct RelativeValue {
  RelativeOp op = RelativeOp::none;
  double amount = 0;  ///< the factor (>= 0) or the amount added (may be negative)
};

/// @brief Reads a study value's text: `*F` or `×F` multiplies by F (>= 0), `+A` or `-A` adds
/// A; anything else is `none` (an absolute value). `%` is refused: `+20%` could mean 20 percent
/// more or 20 percentage points more.
/// @throws ScenarioError (without a position) for a malformed relative value (`*`, `*x`, `+20%`)
RelativeValue parse_relative_value(std::string_view text);

/// @brief The canonical text of a relative value: `*1.2`, `+50000000`, `-0.1`, `+0`.
std::string relative_value_text(const RelativeValue& value);

/// @brief The programme's budget split as the model resolves it (docs/model.md §4), in satang:
/// budget = overhead + unallocated + the agencies' allocations, exactly.
struct BudgetAllocation {
  std::int64_t budget_satang = 0;
  std::int64_t overhead_satang = 0;
  std::int64_t unallocated_satang = 0;
  /// The explicit budgets (budget_thb, budget_share) as given, before the model scales them
  /// down to the money after overhead when they exceed it (validation refuses that).
  std::int64_t explicit_satang = 0;
  std::vector<std::int64_t> agency_satang;  ///< per agency, in ScenarioDef::agencies order
};

/// @brief The allocation of a scenario whose budgets are fixed numbers (programme budget,
/// overhead share, every agency's budget_thb / budget_share: no priors): explicit budgets
/// first, `auto` agencies share the rest by networks, by largest remainder.
/// @throws ScenarioError naming the first budget key that is a prior
BudgetAllocation resolve_budget_allocation(const ScenarioDef& def);

/// @brief One parameter setting of a study: a path and its value as scenario-file text,
/// absolute or relative (parse_relative_value: on a numeric path a leading `*`, `×`, `+` or `-`
/// always makes it relative; no numeric parameter takes a negative number, and the study-file
/// readers refuse a plain `-5` as such before); `where` is blamed for errors.
struct ParameterSetting {
  std::string path;
  std::string text;
  SourceLocation where;
};

/// @brief The base scenario with `settings` applied. Absolute values are set as
/// set_parameter does, in order. A relative value applies to every field the path names,
/// relative to that field's value in `base` (never to another setting's result):
/// - a number: base × F or base + A (whole-number keys rounded to the nearest whole number);
/// - a prior: the prior of F·X or X + A (uniform, triangular: every end; normal: mean and sd
///   × F, mean + A; lognormal: × F only, as log-mean + ln F; beta: refused), F > 0;
/// - `agencies.<id>.budget_thb`: the agency's resolved allocation (also when `auto` or a
///   budget_share) becomes F × it or it + A, as new money: every agency is pinned to its
///   allocation (budget_thb in THB, budget_share cleared), and programme.budget_thb grows so
///   that the money after overhead grows by exactly the sum of the changes Δ (by Δ / (1 −
///   overhead share), to the nearest satang that does so); the overhead share is kept. No other setting may
///   then change programme.budget_thb, programme.overhead_share, a budget_share or (absolutely) a budget_thb;
///   the base's budgets must be fixed numbers;
/// - any other `auto` key: refused (there is no number to change).
/// Every result is checked against the key's range. The scenario is not validated as a whole.
/// @throws UnknownParameterError, ScenarioError at the offending setting's `where`
ScenarioDef apply_parameter_settings(const ScenarioDef& base, std::span<const ParameterSetting> settings);

/// @brief The parameters whose values differ between `base` and `variant` (same agencies and
/// listed networks), as (path, value text), in document order: what a study's relative values
/// resolved to, for its identity.
std::vector<std::pair<std::string, std::string>> changed_parameters(const ScenarioDef& base,
                                                                    const ScenarioDef& variant);

}  // namespace smesim
