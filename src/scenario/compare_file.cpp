// Compare files (`smesim compare`): YAML -> CompareDef, with the same strictness and error
// positions as scenario and sweep files.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "scenario/document.hpp"
#include "scenario/experiment_file.hpp"
#include "scenario/fields.hpp"
#include "scenario/text_match.hpp"
#include "smesim/scenario/compare_def.hpp"
#include "smesim/scenario/parameter_paths.hpp"
#include "smesim/scenario/scenario.hpp"

namespace smesim {
namespace {

using detail::fail;
using detail::got;
using detail::read_text;
using detail::whole_number;

namespace fs = std::filesystem;
using detail::DocNode;

const std::vector<std::string> kCompareKeys{"name",     "description", "scenario", "replications", "seed",
                                            "baseline", "precision",   "variants", "objective"};

std::vector<std::string> kpi_names() {
  std::vector<std::string> names;
  for (const FinalKpi kpi : kFinalKpis) names.emplace_back(to_string(kpi));
  return names;
}

// A variant's name becomes a folder (variants/<name>/), so it must be a plain file name.
bool is_safe_name(const std::string& name) {
  if (name.empty() || name.size() > 100 || name.front() == '.') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  });
}

CompareVariant parse_variant(const std::string& name, const DocNode& spec, const SourceLocation& name_at,
                             const ScenarioDef& base) {
  const std::string key = "variants." + name;
  if (!is_safe_name(name))
    fail(name_at, key,
         fmt::format("a variant's name is also its folder name: use letters, digits, `-`, `_` and `.` "
                     "(not first), got `{}`",
                     name));
  CompareVariant variant;
  variant.name = name;
  variant.where = name_at;
  if (spec.is_null()) return variant;  // `as-is:` with nothing: the base scenario
  if (!spec.is_map())
    fail(spec.where, key, "expected a map of parameter paths to values ({} for none)" + got(spec));
  for (std::size_t i = 0; i < spec.entries.size(); ++i) {
    const auto& [path, value] = spec.entries[i];
    const SourceLocation& path_at = spec.key_locations[i];
    // The seed and the replications are shared by every variant: that is what pairs them.
    if (path == "seed" || path == "replications")
      fail(path_at, key + "." + path,
           fmt::format("`{}` is set once at the top of the compare file: every variant shares it, which is "
                       "what makes the comparison paired (common random numbers)",
                       path));
    if (!value.is_scalar()) fail(value.where, key + "." + path, "expected a number or a name" + got(value));
    for (const auto& [earlier, earlier_text] : variant.assignments)
      if (const std::string field = detail::shared_field(base, earlier, path); !field.empty())
        fail(path_at, key + "." + path,
             fmt::format("sets {} as `{}` does in this variant; expected each parameter set by one path",
                         field, earlier));
    const std::string text = detail::study_value_text(base, path, value, key + "." + path);
    const bool relative =
        detail::relative_value_at(base, path, value, key + "." + path).op != RelativeOp::none;
    // Each value on its own (the variant as a whole is checked by make_variant): an absolute
    // value is set as it is (a plain `-5` is refused by the range), a relative one resolved.
    try {
      const ParameterSetting one{path, text, {}};
      ScenarioDef probe = base;
      if (relative)
        probe = apply_parameter_settings(base, {&one, 1});
      else
        set_parameter(probe, path, text);
    } catch (const UnknownParameterError& e) {
      fail(path_at, key + "." + path, e.message());
    } catch (const ScenarioError& e) {
      fail(value.where, key + "." + (e.key_path().empty() ? path : e.key_path()), e.message());
    }
    variant.assignments.emplace_back(path, text);
    variant.value_locations.push_back(value.where);
  }
  return variant;
}

ScenarioDef make_variant(const CompareDef& compare, const CompareVariant& variant) {
  std::vector<ParameterSetting> settings;
  for (std::size_t i = 0; i < variant.assignments.size(); ++i)
    settings.push_back({variant.assignments[i].first, variant.assignments[i].second,
                        i < variant.value_locations.size() ? variant.value_locations[i] : variant.where});
  ScenarioDef def;
  try {
    def = apply_parameter_settings(compare.base, settings);
  } catch (const ScenarioError& e) {
    fail(e.where().known() ? e.where() : variant.where, "variants." + variant.name + "." + e.key_path(),
         e.message());
  }
  try {
    validate(def);
  } catch (const ScenarioError& e) {
    fail(variant.where, "variants." + variant.name,
         fmt::format("the variant is not a valid scenario: {}: {}", e.key_path(), e.message()));
  }
  return def;
}

}  // namespace

CompareDef load_compare_file(const std::string& file) {
  const DocNode doc = detail::read_yaml(read_text(file), file);
  if (!doc.is_map())
    fail(doc.where, "", "expected a map of compare keys (name, scenario, variants, ...)" + got(doc));
  detail::check_known_keys(doc, kCompareKeys);
  CompareDef compare;
  compare.file = file;
  compare.precision.fill(std::numeric_limits<double>::quiet_NaN());
  const DocNode* name = doc.find("name");
  if (name == nullptr) fail(doc.where, "name", "required key missing (the comparison's name)");
  if (!name->is_scalar() || !is_safe_name(name->scalar))
    fail(name->where, "name",
         "expected a name of letters, digits, `-`, `_` and `.` (it names the results folder)" + got(*name));
  compare.name = name->scalar;

  detail::read_base_scenario(doc, file, compare.scenario_source, compare.base);

  if (const DocNode* objective = doc.find("objective")) {
    compare.objective = detail::parse_objective(*objective);
    compare.objective_given = true;
  }
  if (const DocNode* precision = doc.find("precision")) {
    if (!precision->is_map())
      fail(precision->where, "precision", "expected a map of KPI names to CI half-widths" + got(*precision));
    const std::vector<std::string> names = kpi_names();
    for (std::size_t i = 0; i < precision->entries.size(); ++i) {
      const auto& [kpi, value] = precision->entries[i];
      const auto it = std::find(names.begin(), names.end(), kpi);
      if (it == names.end())
        fail(precision->key_locations[i], "precision." + kpi,
             fmt::format("unknown KPI `{}`{}; expected one of: {}", kpi, detail::did_you_mean(kpi, names),
                         fmt::join(names, ", ")));
      double h = 0;
      if (!detail::parse_number(value, h) || h <= 0)
        fail(value.where, "precision." + kpi, "expected a CI half-width > 0" + got(value));
      compare.precision[static_cast<std::size_t>(it - names.begin())] = h;
    }
  }

  const DocNode* variants = doc.find("variants");
  if (variants == nullptr)
    fail(doc.where, "variants", "required key missing (the named variants to compare)");
  if (!variants->is_map())
    fail(variants->where, "variants",
         "expected a map of variant names to parameter settings" + got(*variants));
  if (variants->entries.size() < 2)
    fail(variants->where, "variants",
         fmt::format("expected at least 2 variants to compare, got {}", variants->entries.size()));
  std::vector<std::string> variant_names;
  for (std::size_t i = 0; i < variants->entries.size(); ++i) {
    const auto& [variant_name, spec] = variants->entries[i];
    if (std::find(variant_names.begin(), variant_names.end(), variant_name) != variant_names.end())
      fail(variants->key_locations[i], "variants." + variant_name, "a second variant of this name");
    compare.variants.push_back(parse_variant(variant_name, spec, variants->key_locations[i], compare.base));
    variant_names.push_back(variant_name);
  }

  if (const DocNode* baseline = doc.find("baseline")) {
    const auto it = baseline->is_scalar()
                        ? std::find(variant_names.begin(), variant_names.end(), baseline->scalar)
                        : variant_names.end();
    if (it == variant_names.end())
      fail(baseline->where, "baseline",
           fmt::format("expected the name of a variant{}{}; the variants are: {}", got(*baseline),
                       baseline->is_scalar() ? detail::did_you_mean(baseline->scalar, variant_names) : "",
                       fmt::join(variant_names, ", ")));
    compare.baseline = static_cast<std::size_t>(it - variant_names.begin());
  }
  validate(compare.base);
  // Every variant as a whole (e.g. shares that no longer sum to 1), before anything runs.
  for (const CompareVariant& v : compare.variants) (void)make_variant(compare, v);
  return compare;
}

std::vector<ScenarioDef> compare_variants(const CompareDef& compare) {
  std::vector<ScenarioDef> defs;
  defs.reserve(compare.variants.size());
  for (const CompareVariant& v : compare.variants) defs.push_back(make_variant(compare, v));
  return defs;
}

std::string compare_identity(const CompareDef& compare, const std::vector<ScenarioDef>& variants) {
  SMESIM_ASSERT(variants.size() == compare.variants.size());
  nlohmann::ordered_json precision = nlohmann::ordered_json::object();
  for (const FinalKpi kpi : kFinalKpis) {
    const double h = compare.precision[static_cast<std::size_t>(kpi)];
    if (!std::isnan(h)) precision[to_string(kpi)] = h;
  }
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (std::size_t v = 0; v < variants.size(); ++v)
    list.push_back({{"name", compare.variants[v].name},
                    {"scenario", nlohmann::ordered_json::parse(resolved_scenario_json(variants[v]))}});
  nlohmann::ordered_json identity{
      {"name", compare.name},      {"replications", compare.base.replications},
      {"seed", compare.base.seed}, {"baseline", compare.variants[compare.baseline].name},
      {"precision", precision},    {"variants", list}};
  if (compare.objective_given)  // only then, so that earlier comparisons keep their identity
    identity["objective"] = {{"sense", compare.objective.maximise ? "maximise" : "minimise"},
                             {"statistic", to_string(compare.objective.statistic)},
                             {"target", to_string(compare.objective.target)},
                             {"kpi", to_string(compare.objective.kpi)}};
  return identity.dump();
}

}  // namespace smesim
