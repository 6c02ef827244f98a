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
#include "smesim/designs.hpp"
#include "smesim/parameter_paths.hpp"
#include "smesim/scenario.hpp"
#include "smesim/sweep.hpp"

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

// Checks that `path` names a parameter of `base` and that `value` (scenario-file text) is valid
// there, pointing at `at` otherwise.
// A path that names nothing is blamed on the key, a bad value on the value.
void check_value(const ScenarioDef& base, const std::string& path, const std::string& value,
                 const SourceLocation& key_at, const SourceLocation& value_at) {
  ScenarioDef copy = base;
  try {
    set_parameter(copy, path, value);
  } catch (const UnknownParameterError& e) {
    fail(key_at, path, e.message());
  } catch (const ScenarioError& e) {
    fail(value_at, path, e.message());
  }
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

SweepParameter parse_parameter(const std::string& path, const DocNode& spec, const SourceLocation& key_at,
                               const ScenarioDef& base) {
  SweepParameter p;
  p.path = path;
  p.where = key_at;
  const std::string key = "parameters." + path;
  if (spec.is_sequence()) {
    if (spec.items.empty()) fail(spec.where, key, "expected at least one value");
    for (const DocNode& item : spec.items) {
      if (!item.is_scalar()) fail(item.where, key, "expected a number or a name" + got(item));
      double v = 0;
      const std::string text = detail::parse_number(item, v) ? detail::format_number(v) : item.scalar;
      check_value(base, path, text, key_at, item.where);
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
    p.range = {number(range->items[0], key + ".range"), number(range->items[1], key + ".range")};
    if (p.range.first > p.range.second)
      fail(range->where, key + ".range",
           fmt::format("expected lo <= hi, got lo {} > hi {}", detail::format_number(p.range.first),
                       detail::format_number(p.range.second)));
    check_value(base, path, detail::format_number(p.range.first), key_at, range->items[0].where);
    check_value(base, path, detail::format_number(p.range.second), key_at, range->items[1].where);
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
  const double lo = number(*from, key + ".from");
  const double hi = number(*to, key + ".to");
  const auto n = whole_number(*steps, key + ".steps", 1, 100000);
  const std::vector<double> values = linspace(lo, hi, static_cast<int>(n));
  // Numeric ranges are intervals, so the values between two valid ends are valid: checking
  // only the ends keeps a grid of 100,000 steps from copying the scenario 100,000 times.
  for (std::size_t k = 0; k < values.size(); ++k) {
    const std::string text = detail::format_number(values[k]);
    if (k == 0 || k + 1 == values.size()) check_value(base, path, text, key_at, (k == 0 ? from : to)->where);
    p.values.push_back(text);
  }
  return p;
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
  for (std::size_t i = 0; i < params->entries.size(); ++i) {
    const auto& [path, spec] = params->entries[i];
    SweepParameter p = parse_parameter(path, spec, params->key_locations[i], sweep.base);
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

std::vector<std::vector<std::string>> grid_points(const SweepDef& sweep) {
  std::vector<std::vector<std::string>> points{{}};
  for (const SweepParameter& p : sweep.parameters) {
    std::vector<std::vector<std::string>> next;
    next.reserve(points.size() * p.values.size());
    for (const auto& prefix : points) {
      for (const std::string& v : p.values) {
        next.push_back(prefix);
        next.back().push_back(v);
      }
    }
    points = std::move(next);
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
    whole.push_back(is_whole_number_parameter(sweep.base, p.path));
  }
  std::vector<std::vector<std::string>> points;
  points.reserve(unit.size());
  for (const auto& u : unit) {
    const std::vector<double> x = scale_to_range(u, ranges);
    std::vector<std::string> text;
    for (std::size_t d = 0; d < dims; ++d)
      text.push_back(detail::format_number(whole[d] ? std::round(x[d]) : x[d]));
    points.push_back(std::move(text));
  }
  return points;
}

}  // namespace

std::vector<std::vector<std::string>> sweep_points(const SweepDef& sweep) {
  return sweep.design == SweepDesign::grid ? grid_points(sweep) : continuous_points(sweep);
}

ScenarioDef sweep_variant(const SweepDef& sweep, const std::vector<std::string>& values) {
  ScenarioDef variant = sweep.base;
  for (std::size_t i = 0; i < sweep.parameters.size(); ++i) {
    try {
      set_parameter(variant, sweep.parameters[i].path, values[i]);
    } catch (const ScenarioError& e) {
      fail(sweep.parameters[i].where, sweep.parameters[i].path, e.message());
    }
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
  identity["points"] = sweep_points(sweep);
  return identity.dump();
}

}  // namespace smesim
