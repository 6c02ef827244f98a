// Sweep files (`smesim sweep`): YAML -> SweepDef, with the same strictness and error positions
// as scenario files.
#include <algorithm>
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
#include "smesim/analysis/designs.hpp"
#include "smesim/scenario/parameter_paths.hpp"
#include "smesim/scenario/scenario.hpp"
#include "smesim/scenario/sweep_def.hpp"

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

const std::vector<std::string> kSweepKeys{"name", "description", "scenario", "replications",
                                          "seed", "design",      "points",   "parameters"};
const std::vector<std::string> kDesignNames{"grid", "latin_hypercube", "sobol"};
constexpr std::size_t kMaxGridPoints = 1'000'000;
// Under `parameters`, the key of the linked axes (no parameter path is one segment long).
constexpr const char* kLinkedKey = "linked";

std::string value_text(RelativeOp op, double v) {
  return op == RelativeOp::none ? detail::format_number(v) : relative_value_text({op, v});
}

// Two paths naming one field would set it twice, and points.csv would report a value that one
// of them overwrote: refused.
void check_no_overlap(const SweepDef& sweep, const SweepParameter& added) {
  for (const SweepParameter& earlier : sweep.parameters)
    if (const std::string field = detail::shared_field(sweep.base, earlier.path, added.path); !field.empty())
      fail(added.where, added.path,
           fmt::format("sets {} as `{}` does (line {}); expected each parameter to be varied by one path",
                       field, earlier.path, earlier.where.line));
}

SweepParameter parse_sweep_parameter(const std::string& path, const DocNode& spec,
                                     const SourceLocation& key_at, const ScenarioDef& base,
                                     const std::string& key_prefix = "parameters.") {
  SweepParameter p;
  p.path = path;
  p.where = key_at;
  const std::string key = key_prefix + path;
  if (spec.is_sequence()) {
    if (spec.items.empty()) fail(spec.where, key, "expected at least one value");
    for (const DocNode& item : spec.items) {
      if (!item.is_scalar()) fail(item.where, key, "expected a number or a name" + got(item));
      const std::string text = detail::study_value_text(base, path, item, key);
      const bool relative = detail::relative_value_at(base, path, item, key).op != RelativeOp::none;
      detail::check_value(base, path, text, relative, key_at, item.where);
      p.values.push_back(text);
    }
    return p;
  }
  if (!spec.is_map())
    fail(spec.where, key, "expected a list of values, {from, to, steps} or {range: [lo, hi]}" + got(spec));
  if (const DocNode* range = spec.find("range")) {
    if (spec.entries.size() != 1) fail(spec.where, key, "expected only `range: [lo, hi]`");
    if (!range->is_sequence() || range->items.size() != 2)
      fail(range->where, key + ".range", "expected [lo, hi]" + got(*range));
    p.relative = detail::range_ends(base, path, range->items[0], range->items[1], key + ".range",
                                    key + ".range", p.range.first, p.range.second);
    if (p.range.first > p.range.second)
      fail(range->where, key + ".range",
           fmt::format("expected lo <= hi, got lo {} > hi {}", detail::format_number(p.range.first),
                       detail::format_number(p.range.second)));
    const bool relative = p.relative != RelativeOp::none;
    detail::check_value(base, path, value_text(p.relative, p.range.first), relative, key_at,
                        range->items[0].where);
    detail::check_value(base, path, value_text(p.relative, p.range.second), relative, key_at,
                        range->items[1].where);
    return p;
  }
  for (std::size_t i = 0; i < spec.entries.size(); ++i) {
    const std::string& k = spec.entries[i].first;
    if (k != "from" && k != "to" && k != "steps")
      fail(spec.key_locations[i], key + "." + k,
           fmt::format("unknown key `{}`{}; expected from, to and steps, or range", k,
                       detail::did_you_mean(k, {"from", "to", "steps", "range"})));
  }
  const DocNode* from = spec.find("from");
  const DocNode* to = spec.find("to");
  const DocNode* steps = spec.find("steps");
  if (from == nullptr || to == nullptr || steps == nullptr)
    fail(spec.where, key, "expected {from, to, steps}");
  double lo = 0;
  double hi = 0;
  const RelativeOp op = detail::range_ends(base, path, *from, *to, key + ".from", key + ".to", lo, hi);
  const auto n = whole_number(*steps, key + ".steps", 1, 100000);
  const std::vector<double> values = linspace(lo, hi, static_cast<int>(n));
  // Numeric ranges are intervals, so the values between two valid ends are valid: checking
  // only the ends keeps a grid of 100,000 steps from copying the scenario 100,000 times.
  // (A factor or an amount moves a value, a prior's ends or an allocation monotonically, so
  // the same holds for relative ends.)
  for (std::size_t k = 0; k < values.size(); ++k) {
    const std::string text = value_text(op, values[k]);
    if (k == 0 || k + 1 == values.size())
      detail::check_value(base, path, text, op != RelativeOp::none, key_at, (k == 0 ? from : to)->where);
    p.values.push_back(text);
  }
  return p;
}

// `linked:` under `parameters`: a list of axes, each a map of two or more paths to as many
// values; the i-th values of one axis go together.
void parse_linked(SweepDef& sweep, const DocNode& spec, const SourceLocation& key_at, std::size_t& axes,
                  std::size_t& grid_size) {
  const std::string key = std::string("parameters.") + kLinkedKey;
  if (sweep.design != SweepDesign::grid)
    fail(key_at, key,
         fmt::format("linked axes are for a grid design (this sweep is {}); remove `linked`",
                     kDesignNames[static_cast<std::size_t>(sweep.design)]));
  if (!spec.is_sequence() || spec.items.empty())
    fail(spec.where, key,
         "expected a list of linked axes, each a map of two or more parameter paths to as many values, e.g. "
         "- {agencies.DIP.budget_thb: [50e6, 80e6], agencies.FTI.budget_thb: [30e6, 20e6]}" +
             got(spec));
  for (const DocNode& group : spec.items) {
    if (!group.is_map() || group.entries.size() < 2)
      fail(group.where, key,
           "expected a map of two or more parameter paths to as many values (a single path is an ordinary "
           "parameter: write it directly under `parameters`)" +
               got(group));
    const std::size_t first = sweep.parameters.size();
    for (std::size_t k = 0; k < group.entries.size(); ++k) {
      const auto& [path, values] = group.entries[k];
      const std::string item_key = key + "." + path;
      if (path == kLinkedKey) fail(group.key_locations[k], item_key, "linked axes do not nest");
      if (!values.is_sequence() && !(values.is_map() && values.find("range") == nullptr))
        fail(values.where, item_key, "expected a list of values or {from, to, steps}" + got(values));
      SweepParameter p = parse_sweep_parameter(path, values, group.key_locations[k], sweep.base, key + ".");
      if (k > 0 && p.values.size() != sweep.parameters[first].values.size()) {
        const SweepParameter& lead = sweep.parameters[first];
        fail(
            values.where, item_key,
            fmt::format("expected {} values, as many as {} (line {}) on this linked axis (the i-th values go "
                        "together), got {}",
                        lead.values.size(), lead.path, lead.where.line, p.values.size()));
      }
      p.linked = axes + 1;
      check_no_overlap(sweep, p);
      sweep.parameters.push_back(std::move(p));
    }
    ++axes;
    grid_size *= sweep.parameters[first].values.size();
    if (grid_size > kMaxGridPoints)
      fail(group.where, "parameters", fmt::format("the grid has more than {} points", kMaxGridPoints));
  }
}

}  // namespace

SweepDef load_sweep_file(const std::string& file) {
  const DocNode doc = detail::read_yaml(read_text(file), file);
  if (!doc.is_map())
    fail(doc.where, "", "expected a map of sweep keys (name, scenario, parameters, ...)" + got(doc));
  detail::check_known_keys(doc, kSweepKeys);
  SweepDef sweep;
  sweep.file = file;
  sweep.name = detail::required_name(doc, "the sweep's name");

  detail::read_base_scenario(doc, file, sweep.scenario_source, sweep.base);

  if (const DocNode* design = doc.find("design")) {
    sweep.design = static_cast<SweepDesign>(detail::choice_index(*design, "design", kDesignNames));
  }
  const DocNode* points = doc.find("points");
  if (sweep.design == SweepDesign::grid) {
    if (points != nullptr)
      fail(points->where, "points", "a grid has one point per combination of values; remove `points`");
  } else {
    if (points == nullptr) fail(doc.where, "points", "required for latin_hypercube and sobol designs");
    sweep.points = static_cast<std::size_t>(whole_number(*points, "points", 1, 1e6));
  }

  const DocNode* params = doc.find("parameters");
  if (params == nullptr)
    fail(doc.where, "parameters", "required key missing (the parameters to vary, by path)");
  if (!params->is_map())
    fail(params->where, "parameters", "expected a map of parameter paths to values or ranges" + got(*params));
  if (params->entries.empty())
    fail(params->where, "parameters", "expected at least one parameter path to vary, got an empty map");
  std::size_t grid_size = 1;
  std::size_t linked_axes = 0;
  for (std::size_t i = 0; i < params->entries.size(); ++i) {
    const auto& [path, spec] = params->entries[i];
    if (path == kLinkedKey) {
      parse_linked(sweep, spec, params->key_locations[i], linked_axes, grid_size);
      continue;
    }
    SweepParameter p = parse_sweep_parameter(path, spec, params->key_locations[i], sweep.base);
    const bool continuous = p.values.empty();
    if (sweep.design == SweepDesign::grid && continuous)
      fail(spec.where, "parameters." + path,
           "a grid needs values (a list or {from, to, steps}), not a range");
    if (sweep.design != SweepDesign::grid && !continuous)
      fail(spec.where, "parameters." + path,
           fmt::format("a {} design needs {{range: [lo, hi]}}",
                       kDesignNames[static_cast<std::size_t>(sweep.design)]));
    grid_size *= std::max<std::size_t>(1, p.values.size());
    if (grid_size > kMaxGridPoints)
      fail(spec.where, "parameters", fmt::format("the grid has more than {} points", kMaxGridPoints));
    check_no_overlap(sweep, p);
    sweep.parameters.push_back(std::move(p));
  }
  if (sweep.design == SweepDesign::sobol && sweep.parameters.size() > kSobolMaxDimensions)
    fail(params->where, "parameters",
         fmt::format("a sobol design supports at most {} parameters", kSobolMaxDimensions));
  validate(sweep.base);
  return sweep;
}

namespace {

// The end of the axis that starts at parameters[first]: one parameter, or a linked axis' run.
std::size_t axis_end(const SweepDef& sweep, std::size_t first) {
  const auto& params = sweep.parameters;
  std::size_t end = first + 1;
  if (params[first].linked == 0) return end;
  while (end < params.size() && params[end].linked == params[first].linked) ++end;
  return end;
}

// The Cartesian product of the axes, the last varying fastest; the parameters of a linked
// axis (consecutive) take their i-th values together.
std::vector<std::vector<std::string>> grid_points(const SweepDef& sweep) {
  std::vector<std::vector<std::string>> points{{}};
  const auto& params = sweep.parameters;
  for (std::size_t first = 0; first < params.size();) {
    const std::size_t end = axis_end(sweep, first);
    const std::size_t n = params[first].values.size();
    std::vector<std::vector<std::string>> next;
    next.reserve(points.size() * n);
    for (const auto& prefix : points) {
      for (std::size_t k = 0; k < n; ++k) {
        next.push_back(prefix);
        for (std::size_t i = first; i < end; ++i) next.back().push_back(params[i].values[k]);
      }
    }
    points = std::move(next);
    first = end;
  }
  return points;
}

// Latin hypercube / Sobol': unit points scaled to each parameter's [lo, hi]; whole-number
// parameters are rounded.
std::vector<std::vector<std::string>> continuous_points(const SweepDef& sweep) {
  const std::size_t dims = sweep.parameters.size();
  const auto unit = sweep.design == SweepDesign::latin_hypercube
                        ? latin_hypercube(sweep.points, dims, sweep.base.seed)
                        : sobol_points(sweep.points, dims);
  std::vector<std::pair<double, double>> ranges;
  std::vector<bool> whole;
  for (const auto& p : sweep.parameters) {
    ranges.push_back(p.range);
    // A factor or an amount is not rounded: the value it gives is (apply_parameter_settings).
    whole.push_back(p.relative == RelativeOp::none && is_whole_number_parameter(sweep.base, p.path));
  }
  std::vector<std::vector<std::string>> points;
  points.reserve(unit.size());
  for (const auto& u : unit) {
    const std::vector<double> x = scale_to_range(u, ranges);
    std::vector<std::string> text;
    for (std::size_t d = 0; d < dims; ++d)
      text.push_back(value_text(sweep.parameters[d].relative, whole[d] ? std::round(x[d]) : x[d]));
    points.push_back(std::move(text));
  }
  return points;
}

bool has_relative_values(const SweepDef& sweep) {
  for (const SweepParameter& p : sweep.parameters) {
    if (p.relative != RelativeOp::none) return true;
    if (!detail::names_numeric_parameter(sweep.base, p.path)) continue;
    for (const std::string& v : p.values)
      if (parse_relative_value(v).op != RelativeOp::none) return true;
  }
  return false;
}

}  // namespace

std::vector<std::vector<std::string>> sweep_points(const SweepDef& sweep) {
  return sweep.design == SweepDesign::grid ? grid_points(sweep) : continuous_points(sweep);
}

ScenarioDef sweep_variant(const SweepDef& sweep, const std::vector<std::string>& values) {
  std::vector<ParameterSetting> settings;
  settings.reserve(sweep.parameters.size());
  for (std::size_t i = 0; i < sweep.parameters.size(); ++i)
    settings.push_back({sweep.parameters[i].path, values[i], sweep.parameters[i].where});
  ScenarioDef variant;
  try {
    variant = apply_parameter_settings(sweep.base, settings);
  } catch (const ScenarioError& e) {
    std::vector<std::string> assignment;
    for (std::size_t i = 0; i < sweep.parameters.size(); ++i)
      assignment.push_back(sweep.parameters[i].path + " = " + values[i]);
    fail(e.where(), e.key_path(),
         fmt::format("{} (at the point {})", e.message(), fmt::join(assignment, ", ")));
  }
  try {
    validate(variant);
  } catch (const ScenarioError& e) {
    // Blamed on the parameter the failing check is about (its key or an ancestor), else the first.
    std::vector<std::string> assignment;
    SourceLocation at = sweep.parameters.front().where;
    for (std::size_t i = 0; i < sweep.parameters.size(); ++i) {
      assignment.push_back(sweep.parameters[i].path + " = " + values[i]);
      const std::string& path = sweep.parameters[i].path;
      if (!e.key_path().empty() && (path.starts_with(e.key_path()) || e.key_path().starts_with(path)))
        at = sweep.parameters[i].where;
    }
    fail(at, e.key_path(), fmt::format("{} (at the point {})", e.message(), fmt::join(assignment, ", ")));
  }
  return variant;
}

std::string sweep_identity(const SweepDef& sweep) {
  nlohmann::ordered_json identity{
      {"name", sweep.name},
      {"design", kDesignNames[static_cast<std::size_t>(sweep.design)]},
      {"replications", sweep.base.replications},
      {"seed", sweep.base.seed},
      {"scenario", nlohmann::ordered_json::parse(resolved_scenario_json(sweep.base))}};
  nlohmann::ordered_json params = nlohmann::ordered_json::array();
  for (const auto& p : sweep.parameters) params.push_back(p.path);
  identity["parameters"] = params;
  const auto points = sweep_points(sweep);
  identity["points"] = points;
  // Linked axes and relative values only add to the identity, so that a sweep without them
  // keeps the identity (and the results folder) it always had.
  nlohmann::ordered_json linked = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < sweep.parameters.size();) {
    const std::size_t end = axis_end(sweep, i);
    if (end - i > 1) {
      nlohmann::ordered_json axis = nlohmann::ordered_json::array();
      for (std::size_t k = i; k < end; ++k) axis.push_back(sweep.parameters[k].path);
      linked.push_back(axis);
    }
    i = end;
  }
  if (!linked.empty()) identity["linked"] = linked;
  // What relative values resolved to (e.g. an agency's `auto` allocation), point by point: the
  // values that differ from the base scenario.
  if (has_relative_values(sweep)) {
    nlohmann::ordered_json resolved = nlohmann::ordered_json::array();
    for (const auto& point : points) {
      nlohmann::ordered_json changed = nlohmann::ordered_json::object();
      for (const auto& [path, value] : changed_parameters(sweep.base, sweep_variant(sweep, point)))
        changed[path] = value;
      resolved.push_back(changed);
    }
    identity["resolved_points"] = resolved;
  }
  return identity.dump();
}

}  // namespace smesim
