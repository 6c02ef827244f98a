#pragma once
// What every YAML input file reader shares (scenario, sweep, compare, sensitivity and solve
// files): reading the file, typed scalars, and errors at file:line:col with the key path.

#include <string>
#include <vector>

#include "scenario/document.hpp"
#include "smesim/scenario/optimise_def.hpp"
#include "smesim/scenario/parameter_paths.hpp"
#include "smesim/scenario/scenario_def.hpp"

namespace smesim::detail {

[[noreturn]] void fail(const SourceLocation& at, const std::string& key_path, const std::string& what);

/// ", got <what the node is>" for messages.
std::string got(const DocNode& node);

/// The whole file. @throws ScenarioError naming the file when it is missing, unreadable or a folder.
std::string read_text(const std::string& path);

/// A whole number in [min, max] at `node`. @throws ScenarioError
long long whole_number(const DocNode& node, const std::string& key_path, double min, double max);

/// A finite number at `node`. @throws ScenarioError
double number(const DocNode& node, const std::string& key_path);

/// The base scenario of an experiment file: its `scenario` (`default`, the default, or a path
/// relative to `file`), then its `replications` and `seed` applied over the scenario's.
/// @throws ScenarioError
void read_base_scenario(const DocNode& doc, const std::string& file, std::string& scenario_source,
                        ScenarioDef& base);

/// Refuses a top-level key of `doc` not in `known`, naming the nearest known key.
/// @throws ScenarioError
void check_known_keys(const DocNode& doc, const std::vector<std::string>& known);

/// The required, non-empty `name` of an experiment file (`what` says what it names, for the
/// message when it is missing). @throws ScenarioError
std::string required_name(const DocNode& doc, const std::string& what);

/// The position in `names` of the scalar at `node` (key `key_path`). @throws ScenarioError
/// listing the names and the nearest one
std::size_t choice_index(const DocNode& node, const std::string& key_path,
                         const std::vector<std::string>& names);

/// The first field of `base` that both paths name (`agencies.*.x` and `agencies.DIP.x` both
/// name `agencies.DIP.x`), or "" when they name none in common. A study that set it through
/// both would report one value while the other ran.
/// `objective: {maximise|minimise: probability_met|mean|p50|p5, target: ... | kpi: ...}` of
/// optimise and compare files.
/// @throws ScenarioError at the offending key
OptimiseObjective parse_objective(const DocNode& node);

std::string shared_field(const ScenarioDef& base, const std::string& a, const std::string& b);

/// True when the parameter(s) at `path` take whole numbers only (values must be rounded).
bool is_whole_number_parameter(const ScenarioDef& base, const std::string& path);

/// True when `path` names at least one numeric parameter of `base` (a number or a whole number).
bool names_numeric_parameter(const ScenarioDef& base, const std::string& path);

/// The relative value written at `node` (`"*1.2"`, `×1.2`, `"+5e7"`, `"-5e7"`) when `path`
/// names a numeric parameter; `none` otherwise (a plain number such as `-5`, a name, a path that
/// names nothing). An amount to add must be quoted: YAML reads a plain `-5e7` as a number.
/// @throws ScenarioError at the node (`key_path`) for a malformed relative value (`*x`, `+20%`)
/// and for a plain number written with `+` (`+5e7`: an absolute 5e7 to YAML, refused as
/// ambiguous)
RelativeValue relative_value_at(const ScenarioDef& base, const std::string& path, const DocNode& node,
                                const std::string& key_path);

/// A study's value for `path` as scenario-file text: a relative value in canonical form
/// (`*1.2`, `+50000000`), a number in shortest round-trip form, else the scalar as written.
/// @pre node is a scalar. @throws ScenarioError as relative_value_at
std::string study_value_text(const ScenarioDef& base, const std::string& path, const DocNode& node,
                             const std::string& key_path);

/// The two ends of a range (`{from, to}`, `[lo, hi]`): both absolute numbers, or both relative
/// to the base scenario's value the same way (both factors `"*F"`, or both amounts `"+A"`).
/// @param lo, hi  set to the numbers, or to the factors or amounts
/// @return how the ends are written. @throws ScenarioError at the odd end
RelativeOp range_ends(const ScenarioDef& base, const std::string& path, const DocNode& lo_node,
                      const DocNode& hi_node, const std::string& lo_key, const std::string& hi_key,
                      double& lo, double& hi);

/// Checks that `path` names a parameter of `base` and that `value` (scenario-file text,
/// relative to the base scenario's value when `relative`) is valid there.
/// @throws ScenarioError: a path that names nothing at `key_at`, a bad value at `value_at`
void check_value(const ScenarioDef& base, const std::string& path, const std::string& value, bool relative,
                 const SourceLocation& key_at, const SourceLocation& value_at);

}  // namespace smesim::detail
