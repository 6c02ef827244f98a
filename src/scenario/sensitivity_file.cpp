// Sensitivity files (`smesim sensitivity`): YAML -> SensitivityDef, with the same strictness and
// error positions as scenario and sweep files, and the design rows they expand to.
#include <algorithm>
#include <bit>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "random/sampling.hpp"
#include "scenario/document.hpp"
#include "scenario/experiment_file.hpp"
#include "scenario/fields.hpp"
#include "scenario/text_match.hpp"
#include "smesim/analysis/designs.hpp"
#include "smesim/scenario/parameter_paths.hpp"
#include "smesim/scenario/scenario.hpp"
#include "smesim/scenario/sensitivity_def.hpp"

namespace smesim {
namespace {

using detail::fail;
using detail::got;
using detail::is_whole_number_parameter;
using detail::read_text;
using detail::whole_number;

namespace fs = std::filesystem;
using detail::DocNode;

const std::vector<std::string> kSensitivityKeys{"name",      "description", "scenario",    "replications",
                                                "seed",      "method",      "base_points", "levels",
                                                "bootstrap", "kpis",        "parameters"};
const std::vector<std::string> kMethodNames{"sobol", "morris"};
// Bounds that keep a typo from asking for days of computing; far above any useful analysis.
constexpr double kMaxBasePoints = 1e5;
constexpr double kMaxBootstrap = 1e5;

// The value of a field as a scenario file writes it, for messages.
std::string field_text(const detail::Field& f) {
  if (f.info.kind == FieldKind::number) return describe(f.get_number());
  if (f.info.kind == FieldKind::integer) return fmt::format("{}", f.get_integer());
  return f.get_text();
}

bool is_prior(const detail::Field& f) {
  if (f.info.kind != FieldKind::number) return false;
  const Param p = f.get_number();
  return p.is_set() && !p.is_fixed();
}

// Central 95% of an unbounded prior: what a range from a normal or lognormal prior spans.
constexpr double kPriorQuantileLo = 0.025;
constexpr double kPriorQuantileHi = 0.975;

// A parameter the file gives no range takes it from the base scenario's prior on it
// (docs/experiments.md "Sensitivity" (ranges from priors)): a bounded prior's support, an unbounded one's
// 2.5% and 97.5% quantiles as the model draws it (truncated to the parameter's valid range,
// docs/model.md §8). Every field a `*` path names must carry the same prior.
void range_from_prior(const ScenarioDef& base, SensitivityParameter& p, const std::string& key) {
  ScenarioDef copy = base;
  const auto fields = detail::list_fields(copy);
  std::vector<const detail::Field*> matched;
  for (const auto& f : fields)
    if (detail::path_matches(p.path, f.info.path)) matched.push_back(&f);
  if (matched.empty()) {
    std::vector<std::string> paths;
    for (const auto& f : fields) paths.push_back(f.info.path);
    fail(p.where, key,
         fmt::format("names no parameter; nearest valid paths: {}",
                     fmt::join(detail::closest(p.path, paths, 3), ", ")));
  }
  for (const detail::Field* f : matched)
    if (!is_prior(*f))
      fail(p.where, key,
           fmt::format(
               "no range given, and the scenario gives {} no prior to take one from (it is {}); give a "
               "range [lo, hi]",
               f->info.path, field_text(*f)));
  const detail::Field& first = *matched.front();
  const Param prior = first.get_number();
  for (const detail::Field* f : matched)
    if (f->get_number() != prior)
      fail(p.where, key,
           fmt::format(
               "no range given, and the parameters it names have different priors ({}: {}, {}: {}); give "
               "a range [lo, hi], or name each parameter",
               first.info.path, describe(prior), f->info.path, describe(f->get_number())));
  const double min = first.info.min;
  const double max = first.info.max;
  p.prior = describe(prior);
  p.range_source = RangeSource::prior_support;
  if (prior.kind == DistributionKind::normal || prior.kind == DistributionKind::lognormal) {
    p.range_source = RangeSource::prior_quantiles;
    p.range = {detail::param_quantile(kPriorQuantileLo, prior, min, max),
               detail::param_quantile(kPriorQuantileHi, prior, min, max)};
  } else {
    SMESIM_ASSERT(prior.is_set() && !prior.is_fixed());  // is_prior above
    p.range = detail::param_support(prior);
    if (prior.kind == DistributionKind::beta)  // on [0, 1], within the parameter's valid range
      p.range = {std::max(p.range.first, min), std::min(p.range.second, max)};
  }
}

// A parameter without a range: nothing after its key (`path:` or `path: ~`), or `prior`.
bool takes_prior_range(const DocNode& spec) {
  return spec.is_null() || (spec.is_scalar() && !spec.quoted && spec.scalar == "prior");
}

SensitivityParameter parse_sensitivity_parameter(const std::string& path, const DocNode& spec,
                                                 const SourceLocation& key_at, const ScenarioDef& base) {
  SensitivityParameter p;
  p.path = path;
  p.where = key_at;
  const std::string key = "parameters." + path;
  if (takes_prior_range(spec)) {
    range_from_prior(base, p, key);
  } else {
    if (!spec.is_sequence() || spec.items.size() != 2)
      fail(spec.where, key,
           "expected a range [lo, hi], or nothing (or `prior`) to take the range from the scenario's prior" +
               got(spec));
    p.relative =
        detail::range_ends(base, path, spec.items[0], spec.items[1], key, key, p.range.first, p.range.second);
  }
  const auto text = [&](double v) {
    return p.relative == RelativeOp::none ? detail::format_number(v) : relative_value_text({p.relative, v});
  };
  // A parameter that cannot move has no effect to measure; its indices would be 0/0.
  const SourceLocation& range_at = p.range_source == RangeSource::given ? spec.where : key_at;
  if (p.range.first == p.range.second)
    fail(range_at, key,
         fmt::format(
             "expected lo < hi: the range [{0}, {0}] does not vary the parameter (leave it out, or set it in "
             "the scenario)",
             detail::format_number(p.range.first)));
  if (p.range.first > p.range.second)
    fail(range_at, key,
         fmt::format("expected lo <= hi, got lo {} > hi {}", detail::format_number(p.range.first),
                     detail::format_number(p.range.second)));
  const bool relative = p.relative != RelativeOp::none;
  const SourceLocation& lo_at = p.range_source == RangeSource::given ? spec.items[0].where : key_at;
  const SourceLocation& hi_at = p.range_source == RangeSource::given ? spec.items[1].where : key_at;
  detail::check_value(base, path, text(p.range.first), relative, key_at, lo_at);
  detail::check_value(base, path, text(p.range.second), relative, key_at, hi_at);
  // A factor or an amount is not rounded: the value it gives is (apply_parameter_settings).
  p.whole_number = p.relative == RelativeOp::none && is_whole_number_parameter(base, path);
  return p;
}

std::vector<SensitivityOutput> parse_kpis(const DocNode& node) {
  const std::vector<SensitivityOutput> outputs = sensitivity_outputs();
  std::vector<std::string> names;
  for (const SensitivityOutput& o : outputs) names.push_back(o.name());
  if (!node.is_sequence() || node.items.empty())
    fail(node.where, "kpis",
         fmt::format("expected a list of KPI names ({}){}", fmt::join(names, ", "), got(node)));
  std::vector<SensitivityOutput> kpis;
  for (const DocNode& item : node.items) {
    const auto it = item.is_scalar() ? std::find(names.begin(), names.end(), item.scalar) : names.end();
    if (it == names.end())
      fail(item.where, "kpis",
           fmt::format("unknown KPI {}{}; expected one of: {}", detail::describe_node(item),
                       item.is_scalar() ? detail::did_you_mean(item.scalar, names) : "",
                       fmt::join(names, ", ")));
    const SensitivityOutput output = outputs[static_cast<std::size_t>(it - names.begin())];
    if (std::find(kpis.begin(), kpis.end(), output) != kpis.end())
      fail(item.where, "kpis", fmt::format("`{}` is listed twice", item.scalar));
    kpis.push_back(output);
  }
  return kpis;
}

}  // namespace

std::string SensitivityOutput::name() const {
  if (kind == Kind::kpi_mean) return to_string(kpi);
  switch (target) {
    case Target::developed_smes:
      return "p_met_developed";
    case Target::expanded_smes:
      return "p_met_expanded";
    case Target::cost_reduction_thb:
      return "p_met_cost_reduction";
    case Target::all:
      break;
  }
  return "p_met_all";
}

std::string SensitivityOutput::design_column() const {
  if (kind == Kind::p_met) return name();
  std::string column = to_string(kpi);
  column += "_mean";
  return column;
}

std::vector<SensitivityOutput> sensitivity_outputs() {
  std::vector<SensitivityOutput> outputs;
  for (const FinalKpi k : kFinalKpis) outputs.push_back({SensitivityOutput::Kind::kpi_mean, k, Target::all});
  for (const Target t :
       {Target::all, Target::developed_smes, Target::expanded_smes, Target::cost_reduction_thb})
    outputs.push_back({SensitivityOutput::Kind::p_met, FinalKpi::developed, t});
  return outputs;
}

const char* to_string(SensitivityMethod method) {
  return method == SensitivityMethod::sobol ? "sobol" : "morris";
}

SensitivityDef load_sensitivity_file(const std::string& file) {
  const DocNode doc = detail::read_yaml(read_text(file), file);
  if (!doc.is_map())
    fail(doc.where, "",
         "expected a map of sensitivity keys (name, scenario, method, parameters, ...)" + got(doc));
  detail::check_known_keys(doc, kSensitivityKeys);
  SensitivityDef def;
  def.file = file;
  def.name = detail::required_name(doc, "the analysis' name");

  detail::read_base_scenario(doc, file, def.scenario_source, def.base);

  if (const DocNode* method = doc.find("method")) {
    def.method = static_cast<SensitivityMethod>(detail::choice_index(*method, "method", kMethodNames));
  }
  const bool sobol = def.method == SensitivityMethod::sobol;
  const DocNode* base_points = doc.find("base_points");
  if (base_points == nullptr)
    fail(doc.where, "base_points",
         "required key missing (sobol: base points N, N (k + 2) rows; morris: trajectories r, r (k + 1) "
         "rows)");
  // The Sobol' estimators need N >= 2 (sobol_indices); Morris' sigma needs r >= 2.
  def.base_points = static_cast<std::size_t>(whole_number(*base_points, "base_points", 2, kMaxBasePoints));
  if (const DocNode* levels = doc.find("levels")) {
    if (sobol) fail(levels->where, "levels", "`levels` is for the morris method only; remove it");
    def.levels = static_cast<int>(whole_number(*levels, "levels", 2, 1000));
    // For odd p the step p / (2 (p - 1)) is not a multiple of the grid spacing (morris_design).
    if (def.levels % 2 != 0)
      fail(levels->where, "levels", fmt::format("expected an even number of levels, got {}", def.levels));
  }
  if (const DocNode* bootstrap = doc.find("bootstrap")) {
    if (!sobol) fail(bootstrap->where, "bootstrap", "`bootstrap` is for the sobol method only; remove it");
    def.bootstrap = static_cast<std::size_t>(whole_number(*bootstrap, "bootstrap", 0, kMaxBootstrap));
  }
  if (const DocNode* kpis = doc.find("kpis")) {
    def.kpis = parse_kpis(*kpis);
  } else {
    using Kind = SensitivityOutput::Kind;
    def.kpis = {{Kind::kpi_mean, FinalKpi::developed, Target::all},
                {Kind::kpi_mean, FinalKpi::expanded, Target::all},
                {Kind::kpi_mean, FinalKpi::cost_reduction_thb, Target::all}};
  }

  const DocNode* params = doc.find("parameters");
  if (params == nullptr)
    fail(doc.where, "parameters", "required key missing (the parameters to vary, by path)");
  if (!params->is_map() || params->entries.empty())
    fail(params->where, "parameters", "expected a map of parameter paths to ranges [lo, hi]" + got(*params));
  for (std::size_t i = 0; i < params->entries.size(); ++i) {
    const auto& [path, spec] = params->entries[i];
    def.parameters.push_back(parse_sensitivity_parameter(path, spec, params->key_locations[i], def.base));
  }
  // One parameter has nothing to be compared with: its index is 1 by construction.
  if (def.parameters.size() < 2)
    fail(params->where, "parameters", "expected at least 2 parameters (one has nothing to be compared with)");
  if (sobol && 2 * def.parameters.size() > kSobolMaxDimensions)
    fail(
        params->where, "parameters",
        fmt::format("the sobol method supports at most {} parameters (its Sobol' sequence has 2k dimensions)",
                    kSobolMaxDimensions / 2));
  validate(def.base);
  return def;
}

SaltelliDesign sobol_saltelli_design(std::size_t base_points, std::size_t dimensions) {
  if (base_points == 0 || dimensions == 0)
    throw std::invalid_argument("sobol_saltelli_design: needs N >= 1 and k >= 1");
  // Skipping a power of two >= N drops the origin (which would make row 0 of A and B equal)
  // while points [2^m, 2^m + N) keep the stratification of the first N points.
  const std::size_t skip = std::bit_ceil(base_points);
  const auto points = sobol_points(base_points, 2 * dimensions, skip);
  std::vector<std::vector<double>> a;
  std::vector<std::vector<double>> b;
  a.reserve(base_points);
  b.reserve(base_points);
  const auto k = static_cast<std::ptrdiff_t>(dimensions);
  for (const auto& p : points) {
    a.emplace_back(p.begin(), p.begin() + k);
    b.emplace_back(p.begin() + k, p.end());
  }
  return saltelli_design(a, b);
}

std::vector<std::vector<double>> sensitivity_unit_rows(const SensitivityDef& def) {
  const std::size_t k = def.parameters.size();
  if (def.method == SensitivityMethod::sobol) return sobol_saltelli_design(def.base_points, k).rows;
  return morris_design(def.base_points, k, def.levels, def.base.seed).points;
}

std::vector<std::string> sensitivity_values(const SensitivityDef& def, const std::vector<double>& unit_row) {
  std::vector<std::pair<double, double>> ranges;
  ranges.reserve(def.parameters.size());
  for (const auto& p : def.parameters) ranges.push_back(p.range);
  const std::vector<double> x = scale_to_range(unit_row, ranges);
  std::vector<std::string> values;
  values.reserve(x.size());
  for (std::size_t d = 0; d < x.size(); ++d) {
    const auto& p = def.parameters[d];
    // Morris' grid reaches u = 1 exactly, where lo + (hi - lo) may round past hi (and past the
    // parameter's maximum): clamp.
    double v = std::clamp(x[d], p.range.first, p.range.second);
    if (p.whole_number) v = std::round(v);
    values.push_back(p.relative == RelativeOp::none ? detail::format_number(v)
                                                    : relative_value_text({p.relative, v}));
  }
  return values;
}

ScenarioDef sensitivity_variant(const SensitivityDef& def, const std::vector<std::string>& values) {
  std::vector<ParameterSetting> settings;
  settings.reserve(def.parameters.size());
  for (std::size_t i = 0; i < def.parameters.size(); ++i)
    settings.push_back({def.parameters[i].path, values[i], def.parameters[i].where});
  ScenarioDef variant;
  try {
    variant = apply_parameter_settings(def.base, settings);
  } catch (const ScenarioError& e) {
    fail(e.where(), e.key_path(), e.message());
  }
  try {
    validate(variant);
  } catch (const ScenarioError& e) {
    std::vector<std::string> assignment;
    for (std::size_t i = 0; i < def.parameters.size(); ++i) {
      std::string a = def.parameters[i].path;
      a += " = ";
      a += values[i];
      assignment.push_back(std::move(a));
    }
    fail({def.file, 1, 1}, e.key_path(),
         fmt::format("{} (at the row {})", e.message(), fmt::join(assignment, ", ")));
  }
  return variant;
}

std::string sensitivity_identity(const SensitivityDef& def) {
  nlohmann::ordered_json identity{
      {"name", def.name},
      {"method", to_string(def.method)},
      {"base_points", def.base_points},
      {"replications", def.base.replications},
      {"seed", def.base.seed},
      {"scenario", nlohmann::ordered_json::parse(resolved_scenario_json(def.base))}};
  if (def.method == SensitivityMethod::morris) identity["levels"] = def.levels;
  nlohmann::ordered_json params = nlohmann::ordered_json::array();
  for (const auto& p : def.parameters) params.push_back(p.path);
  identity["parameters"] = params;
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  const auto unit_rows = sensitivity_unit_rows(def);
  for (const auto& u : unit_rows) rows.push_back(sensitivity_values(def, u));
  identity["rows"] = rows;
  // With relative ranges, what every row resolved to (only then, so that other analyses keep
  // their identity): the values that differ from the base scenario.
  const bool relative =
      std::any_of(def.parameters.begin(), def.parameters.end(),
                  [](const SensitivityParameter& p) { return p.relative != RelativeOp::none; });
  if (relative) {
    nlohmann::ordered_json resolved = nlohmann::ordered_json::array();
    for (const auto& u : unit_rows) {
      nlohmann::ordered_json changed = nlohmann::ordered_json::object();
      for (const auto& [path, value] :
           changed_parameters(def.base, sensitivity_variant(def, sensitivity_values(def, u))))
        changed[path] = value;
      resolved.push_back(changed);
    }
    identity["resolved_rows"] = resolved;
  }
  return identity.dump();
}

}  // namespace smesim
