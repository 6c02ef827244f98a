#include "scenario/experiment_file.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "scenario/fields.hpp"
#include "scenario/input_file.hpp"
#include "scenario/text_match.hpp"
#include "smesim/scenario/parameter_paths.hpp"
#include "smesim/scenario/scenario.hpp"

namespace smesim::detail {

void fail(const SourceLocation& at, const std::string& key_path, const std::string& what) {
  throw ScenarioError(at, key_path, what);
}

std::string got(const DocNode& node) { return ", got " + describe_node(node); }

std::string read_text(const std::string& path) { return read_input_file(path); }

void check_known_keys(const DocNode& doc, const std::vector<std::string>& known) {
  for (std::size_t i = 0; i < doc.entries.size(); ++i) {
    const std::string& key = doc.entries[i].first;
    if (std::find(known.begin(), known.end(), key) == known.end())
      fail(doc.key_locations[i], key,
           fmt::format("unknown key `{}`{}; expected one of: {}", key, did_you_mean(key, known),
                       fmt::join(known, ", ")));
  }
}

std::string required_name(const DocNode& doc, const std::string& what) {
  const DocNode* name = doc.find("name");
  if (name == nullptr) fail(doc.where, "name", fmt::format("required key missing ({})", what));
  if (!name->is_scalar() || name->scalar.empty())
    fail(name->where, "name", "expected a non-empty name" + got(*name));
  if (const std::string bad = folder_name_problem(name->scalar); !bad.empty())
    fail(name->where, "name",
         "expected a name that can be a folder name (it names the results folder): " + bad);
  return name->scalar;
}

std::size_t choice_index(const DocNode& node, const std::string& key_path,
                         const std::vector<std::string>& names) {
  const auto it = node.is_scalar() ? std::find(names.begin(), names.end(), node.scalar) : names.end();
  if (it == names.end())
    fail(node.where, key_path,
         fmt::format("expected one of {}{}{}", fmt::join(names, ", "), got(node),
                     node.is_scalar() ? did_you_mean(node.scalar, names) : ""));
  return static_cast<std::size_t>(it - names.begin());
}

long long whole_number(const DocNode& node, const std::string& key_path, double min, double max) {
  double v = 0;
  if (!parse_number(node, v) || v != std::floor(v) || v < min || v > max)
    fail(node.where, key_path,
         fmt::format("expected a whole number in [{}, {}]{}", format_number(min), format_number(max),
                     got(node)));
  return static_cast<long long>(v);
}

double number(const DocNode& node, const std::string& key_path) {
  double v = 0;
  if (!parse_number(node, v)) fail(node.where, key_path, "expected a number" + got(node));
  return v;
}

void read_base_scenario(const DocNode& doc, const std::string& file, std::string& scenario_source,
                        ScenarioDef& base) {
  scenario_source = "default";
  const DocNode* scenario = doc.find("scenario");
  if (scenario != nullptr) {
    if (!scenario->is_scalar() || scenario->scalar.empty())
      fail(scenario->where, "scenario", "expected `default` or the path of a scenario file" + got(*scenario));
    scenario_source = scenario->scalar;
  }
  if (scenario_source == "default") {
    base = load_builtin_scenario().def;
  } else {
    std::filesystem::path p(scenario_source);
    if (p.is_relative()) p = std::filesystem::path(file).parent_path() / p;
    std::error_code ec;
    if (!std::filesystem::exists(p, ec))
      fail(scenario->where, "scenario", fmt::format("no scenario file `{}`", p.string()));
    if (std::filesystem::equivalent(p, file, ec))
      fail(scenario->where, "scenario",
           "names this study file itself; expected `default` or the path of a scenario file");
    scenario_source = p.string();
    base = load_scenario_file(p.string()).def;
  }
  if (const DocNode* reps = doc.find("replications"))
    base.replications = static_cast<int>(whole_number(*reps, "replications", 1, 1e8));
  if (const DocNode* seed = doc.find("seed"))
    base.seed = static_cast<std::uint32_t>(whole_number(*seed, "seed", 0, 4294967295.0));
}

std::string shared_field(const ScenarioDef& base, const std::string& a, const std::string& b) {
  for (const FieldInfo& f : parameter_fields(base))
    if (path_matches(a, f.path) && path_matches(b, f.path)) return f.path;
  return "";
}

bool is_whole_number_parameter(const ScenarioDef& base, const std::string& path) {
  ScenarioDef probe = base;
  // A whole-number field rejects 0.5; a numeric one takes it (or rejects it for its range).
  try {
    set_parameter(probe, path, "0.5");
    return false;
  } catch (const ScenarioError& e) {
    return e.message().find("whole number") != std::string::npos;
  }
}

bool names_numeric_parameter(const ScenarioDef& base, const std::string& path) {
  const auto fields = parameter_fields(base);
  return std::any_of(fields.begin(), fields.end(), [&](const FieldInfo& f) {
    return (f.kind == FieldKind::number || f.kind == FieldKind::integer) && path_matches(path, f.path);
  });
}

RelativeValue relative_value_at(const ScenarioDef& base, const std::string& path, const DocNode& node,
                                const std::string& key_path) {
  if (!node.is_scalar() || !names_numeric_parameter(base, path)) return {};
  // A plain number is absolute, as YAML reads it: `-5` is the number -5 (refused by the range
  // check, as always). `+5e6` would be the number 5e6 too, which is surely not what was meant.
  if (double v = 0; parse_number(node, v)) {
    if (node.scalar.starts_with('+'))
      fail(node.where, key_path,
           fmt::format("`{0}` without quotes is the number {1} to YAML, which would set the value; write "
                       "\"{0}\" (quoted) to add to the base scenario's value, or {1} to set it",
                       node.scalar, format_number(v)));
    return {};
  }
  try {
    return parse_relative_value(node.scalar);
  } catch (const ScenarioError& e) {
    fail(node.where, key_path, e.message());
  }
}

std::string study_value_text(const ScenarioDef& base, const std::string& path, const DocNode& node,
                             const std::string& key_path) {
  if (const RelativeValue r = relative_value_at(base, path, node, key_path); r.op != RelativeOp::none)
    return relative_value_text(r);
  double v = 0;
  return parse_number(node, v) ? format_number(v) : node.scalar;
}

// The two ends of a {from, to} or {range: [lo, hi]}: both absolute numbers, or both relative
// the same way (factors `*F`, or amounts `+A`).
RelativeOp range_ends(const ScenarioDef& base, const std::string& path, const DocNode& lo_node,
                      const DocNode& hi_node, const std::string& lo_key, const std::string& hi_key,
                      double& lo, double& hi) {
  const RelativeValue lo_rel = relative_value_at(base, path, lo_node, lo_key);
  const RelativeValue hi_rel = relative_value_at(base, path, hi_node, hi_key);
  if (lo_rel.op != hi_rel.op) {
    const auto kind = [](RelativeOp op) {
      return op == RelativeOp::multiply ? "a factor (\"*F\")"
             : op == RelativeOp::add    ? "an amount to add (\"+A\" or \"-A\")"
                                        : "an absolute number";
    };
    fail(hi_node.where, hi_key,
         fmt::format("expected both ends written alike, both absolute or both relative the same way; the "
                     "first end is {}, the second {}",
                     kind(lo_rel.op), kind(hi_rel.op)));
  }
  lo = lo_rel.op != RelativeOp::none ? lo_rel.amount : number(lo_node, lo_key);
  hi = hi_rel.op != RelativeOp::none ? hi_rel.amount : number(hi_node, hi_key);
  return lo_rel.op;
}

void check_value(const ScenarioDef& base, const std::string& path, const std::string& value, bool relative,
                 const SourceLocation& key_at, const SourceLocation& value_at) {
  try {
    // An absolute value is set as it is (a plain `-5` is refused by the range, not read as
    // "subtract 5"); a relative one is resolved against the base scenario.
    const ParameterSetting one{path, value, {}};
    ScenarioDef copy = base;
    if (relative)
      copy = apply_parameter_settings(base, {&one, 1});
    else
      set_parameter(copy, path, value);
  } catch (const UnknownParameterError& e) {
    fail(key_at, path, e.message());
  } catch (const ScenarioError& e) {
    fail(value_at, path, e.message());
  }
}

}  // namespace smesim::detail
