// Optimisation files (`smesim optimise`): YAML -> OptimiseDef, with the same strictness and
// error positions as the other study files. Everything a candidate could trip on is refused
// here, before the search runs: a candidate is a point the file's ranges allow.
#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "scenario/document.hpp"
#include "scenario/experiment_file.hpp"
#include "scenario/fields.hpp"
#include "scenario/text_match.hpp"
#include "smesim/scenario/optimise_def.hpp"
#include "smesim/scenario/optimise_space.hpp"
#include "smesim/scenario/parameter_paths.hpp"
#include "smesim/scenario/scenario.hpp"

namespace smesim {
namespace {

using detail::DocNode;
using detail::fail;
using detail::got;

const std::vector<std::string> kOptimiseKeys{"name",         "description",   "scenario",
                                             "replications", "seed",          "objective",
                                             "constraints",  "variables",     "max_evaluations",
                                             "population",   "initial_sigma", "reevaluation_replications"};
const std::vector<std::string> kStatisticNames{"probability_met", "mean", "p50", "p5"};
const std::vector<std::string> kObjectiveTargetNames{"developed_smes", "expanded_smes", "cost_reduction_thb",
                                                     "all"};
const std::vector<std::string> kSplitTracks{"mentoring", "network", "technology"};
// Far above any useful search; keeps a typo from asking for weeks of computing.
constexpr double kMaxEvaluations = 1e7;

Target target_at(const DocNode& node, const std::string& key_path) {
  // kObjectiveTargetNames follows the Target enumeration.
  return static_cast<Target>(detail::choice_index(node, key_path, kObjectiveTargetNames));
}

}  // namespace

namespace detail {

OptimiseObjective parse_objective(const DocNode& node) {
  if (!node.is_map())
    fail(node.where, "objective",
         "expected a map such as {maximise: probability_met, target: all} or {maximise: mean, kpi: "
         "developed}" +
             got(node));
  OptimiseObjective objective;
  const DocNode* maximise = node.find("maximise");
  const DocNode* minimise = node.find("minimise");
  if ((maximise == nullptr) == (minimise == nullptr))
    fail(node.where, "objective", "expected exactly one of `maximise` and `minimise`");
  for (std::size_t i = 0; i < node.entries.size(); ++i) {
    const std::string& key = node.entries[i].first;
    if (key != "maximise" && key != "minimise" && key != "target" && key != "kpi")
      fail(node.key_locations[i], "objective." + key,
           "unknown key" + detail::did_you_mean(key, {"maximise", "minimise", "target", "kpi"}) +
               "; expected maximise or minimise, with target (probability_met) or kpi (mean, p50, p5)");
  }
  objective.maximise = maximise != nullptr;
  const DocNode& statistic = maximise != nullptr ? *maximise : *minimise;
  const std::string sense = objective.maximise ? "objective.maximise" : "objective.minimise";
  objective.statistic =
      static_cast<ObjectiveStatistic>(detail::choice_index(statistic, sense, kStatisticNames));
  const DocNode* target = node.find("target");
  const DocNode* kpi = node.find("kpi");
  if (objective.statistic == ObjectiveStatistic::probability_met) {
    if (kpi != nullptr)
      fail(kpi->where, "objective.kpi", "probability_met reads a target, not a KPI: write `target:` instead");
    if (target != nullptr) objective.target = target_at(*target, "objective.target");
    return objective;
  }
  if (target != nullptr)
    fail(target->where, "objective.target",
         fmt::format("`{}` reads a KPI, not a target: write `kpi:` instead",
                     kStatisticNames[static_cast<std::size_t>(objective.statistic)]));
  if (kpi == nullptr)
    fail(node.where, "objective.kpi",
         fmt::format("required key missing (the KPI whose {} to {})",
                     kStatisticNames[static_cast<std::size_t>(objective.statistic)],
                     objective.maximise ? "maximise" : "minimise"));
  std::vector<std::string> names;
  for (const FinalKpi k : kFinalKpis) names.emplace_back(to_string(k));
  objective.kpi = kFinalKpis[detail::choice_index(*kpi, "objective.kpi", names)];
  return objective;
}

}  // namespace detail

namespace {

std::vector<OptimiseConstraint> parse_constraints(const DocNode& node) {
  if (!node.is_sequence())
    fail(node.where, "constraints",
         "expected a list such as [{target: developed_smes, probability_met_at_least: 0.5}]" + got(node));
  std::vector<OptimiseConstraint> constraints;
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    const DocNode& item = node.items[i];
    const std::string at = fmt::format("constraints[{}]", i);
    if (!item.is_map()) fail(item.where, at, "expected {target: …, probability_met_at_least: …}" + got(item));
    for (std::size_t e = 0; e < item.entries.size(); ++e) {
      const std::string& key = item.entries[e].first;
      if (key != "target" && key != "probability_met_at_least")
        fail(item.key_locations[e], at + "." + key,
             "unknown key" + detail::did_you_mean(key, {"target", "probability_met_at_least"}) +
                 "; expected target and probability_met_at_least");
    }
    const DocNode* target = item.find("target");
    const DocNode* level = item.find("probability_met_at_least");
    if (target == nullptr) fail(item.where, at + ".target", "required key missing (the target)");
    if (level == nullptr)
      fail(item.where, at + ".probability_met_at_least", "required key missing (the least P(target met))");
    OptimiseConstraint c;
    c.target = target_at(*target, at + ".target");
    c.probability_met_at_least = detail::number(*level, at + ".probability_met_at_least");
    if (!(c.probability_met_at_least > 0 && c.probability_met_at_least <= 1))
      fail(level->where, at + ".probability_met_at_least", "expected a probability in (0, 1]" + got(*level));
    c.where = item.where;
    constraints.push_back(c);
  }
  return constraints;
}

OptimiseVariable parse_budget_shares(const DocNode& list, const std::string& at, const ScenarioDef& base) {
  OptimiseVariable v;
  v.kind = VariableKind::budget_shares;
  v.where = list.where;
  if (!list.is_sequence() || list.items.size() < 2)
    fail(list.where, at,
         "expected a list of at least two agency ids (a share of one is always 1)" + got(list));
  std::vector<std::string> ids;
  for (const AgencyDef& a : base.agencies) ids.push_back(a.id);
  for (const DocNode& item : list.items) {
    const auto it = item.is_scalar() ? std::find(ids.begin(), ids.end(), item.scalar) : ids.end();
    if (it == ids.end())
      fail(item.where, at,
           fmt::format("no agency {} in the scenario{}; its agencies are {}", detail::describe_node(item),
                       item.is_scalar() ? detail::did_you_mean(item.scalar, ids) : "", fmt::join(ids, ", ")));
    if (std::find(v.agencies.begin(), v.agencies.end(), item.scalar) != v.agencies.end())
      fail(item.where, at, fmt::format("agency {} is listed twice", item.scalar));
    v.agencies.push_back(item.scalar);
    v.agency_index.push_back(static_cast<std::size_t>(it - ids.begin()));
  }
  // Only the allocation is tried: a refusal raised inside the try would be caught and wrapped
  // in the message about budgets that are not fixed.
  BudgetAllocation alloc;
  try {
    alloc = resolve_budget_allocation(base);
  } catch (const ScenarioError& e) {
    fail(list.where, at,
         fmt::format("budget shares split the agencies' allocations in the base scenario, which needs fixed "
                     "budgets, but {}: {}",
                     e.key_path(), e.message()));
  }
  std::int64_t held = 0;
  for (const std::size_t a : v.agency_index) held += alloc.agency_satang[a];
  if (held <= 0)
    fail(list.where, at, "these agencies hold no money in the base scenario: there is nothing to split");
  return v;
}

// A value of a range variable that the parameter refuses is blamed on the range's end.
void check_range_end(const ScenarioDef& base, const OptimiseVariable& v, double value, const DocNode& end,
                     const std::string& at) {
  ScenarioDef probe = base;
  try {
    set_parameter(probe, v.path, detail::format_number(value));
  } catch (const UnknownParameterError& e) {
    fail(v.where, at + ".path", e.message());
  } catch (const ScenarioError& e) {
    fail(end.where, at + ".range", fmt::format("{}: {}", v.path, e.message()));
  }
}

OptimiseVariable parse_range_variable(const DocNode& item, const std::string& at, const ScenarioDef& base) {
  OptimiseVariable v;
  v.kind = VariableKind::range;
  const DocNode* path = item.find("path");
  const DocNode* range = item.find("range");
  if (path == nullptr || !path->is_scalar() || path->scalar.empty())
    fail(path != nullptr ? path->where : item.where, at + ".path",
         "expected a parameter path (e.g. agencies.DIP.strategy.split.mentoring)" +
             (path != nullptr ? got(*path) : std::string()));
  v.path = path->scalar;
  v.where = path->where;
  if (range == nullptr) fail(item.where, at + ".range", "required key missing (the range [lo, hi])");
  if (!range->is_sequence() || range->items.size() != 2)
    fail(range->where, at + ".range", "expected [lo, hi]" + got(*range));
  if (!detail::names_numeric_parameter(base, v.path)) {
    ScenarioDef probe = base;
    try {
      get_parameter(probe, v.path);
    } catch (const UnknownParameterError& e) {
      fail(v.where, at + ".path", e.message());
    }
    fail(v.where, at + ".path",
         fmt::format("{} is not a numeric parameter; an optimiser moves numbers", v.path));
  }
  v.range = {detail::number(range->items[0], at + ".range"), detail::number(range->items[1], at + ".range")};
  if (!(v.range.first < v.range.second))
    fail(range->where, at + ".range",
         fmt::format("expected lo < hi, got lo {} and hi {}", detail::format_number(v.range.first),
                     detail::format_number(v.range.second)));
  check_range_end(base, v, v.range.first, range->items[0], at);
  check_range_end(base, v, v.range.second, range->items[1], at);
  v.whole = detail::is_whole_number_parameter(base, v.path);
  if (v.whole && (v.range.first != std::floor(v.range.first) || v.range.second != std::floor(v.range.second)))
    fail(range->where, at + ".range", fmt::format("{} takes whole numbers: expected whole ends", v.path));
  return v;
}

bool is_budget_key(const std::string& field) {
  return field == "programme.budget_thb" || field == "programme.overhead_share" ||
         (field.starts_with("agencies.") &&
          (field.ends_with(".budget_thb") || field.ends_with(".budget_share")));
}

// A split share set by a variable moves its siblings in proportion (optimise_space.cpp), which
// needs the split fixed and siblings that hold something; and only one of its shares may move.
void check_split_shares(const ScenarioDef& base, const OptimiseVariable& v, const std::string& at,
                        std::set<std::string>& moved_splits) {
  for (const AgencyDef& agency : base.agencies) {
    for (const std::string& track : kSplitTracks) {
      const std::string field = "agencies." + agency.id + ".strategy.split." + track;
      if (!detail::path_matches(v.path, field)) continue;
      const auto& s = agency.strategy.split;
      if (!s.mentoring.is_fixed() || !s.network.is_fixed() || !s.technology.is_fixed())
        fail(v.where, at + ".path",
             fmt::format("agencies.{}.strategy.split has a prior; an optimised split share needs the split "
                         "fixed in the scenario",
                         agency.id));
      const double siblings = s.mentoring.value() + s.network.value() + s.technology.value() -
                              (track == "mentoring" ? s.mentoring.value()
                               : track == "network" ? s.network.value()
                                                    : s.technology.value());
      if (!(siblings > 0))
        fail(v.where, at + ".path",
             fmt::format("the other shares of agencies.{}.strategy.split are 0, so they cannot make room as "
                         "{} moves; give them a share in the scenario",
                         agency.id, track));
      if (!moved_splits.insert(agency.id).second)
        fail(
            v.where, at + ".path",
            fmt::format("another variable already moves a share of agencies.{}.strategy.split; one share per "
                        "split may move (the others follow it)",
                        agency.id));
    }
  }
}

void check_overlaps(const OptimiseDef& def, const std::vector<const DocNode*>& nodes) {
  const auto fields = parameter_fields(def.base);
  std::set<std::string> in_shares;
  bool any_shares = false;
  std::set<std::string> moved_splits;
  for (std::size_t i = 0; i < def.variables.size(); ++i) {
    const OptimiseVariable& v = def.variables[i];
    const std::string at = fmt::format("variables[{}]", i);
    if (v.kind == VariableKind::budget_shares) {
      any_shares = true;
      for (const std::string& id : v.agencies)
        if (!in_shares.insert(id).second)
          fail(nodes[i]->where, at + ".budget_shares",
               fmt::format("agency {} is in two budget_shares variables", id));
      continue;
    }
    for (std::size_t j = 0; j < i; ++j)
      if (def.variables[j].kind == VariableKind::range)
        if (const std::string f = detail::shared_field(def.base, def.variables[j].path, v.path); !f.empty())
          fail(v.where, at + ".path",
               fmt::format("{} is also set by variables[{}] ({}): each field may be moved by one variable", f,
                           j, def.variables[j].path));
    check_split_shares(def.base, v, at, moved_splits);
  }
  if (!any_shares) return;
  for (std::size_t i = 0; i < def.variables.size(); ++i) {
    const OptimiseVariable& v = def.variables[i];
    if (v.kind != VariableKind::range) continue;
    for (const FieldInfo& f : fields)
      if (detail::path_matches(v.path, f.path) && is_budget_key(f.path))
        fail(v.where, fmt::format("variables[{}].path", i),
             fmt::format("{} is a budget key, which budget_shares holds fixed while it splits the money",
                         f.path));
  }
}

std::vector<OptimiseVariable> parse_variables(const DocNode& node, const ScenarioDef& base,
                                              std::vector<const DocNode*>& nodes) {
  if (!node.is_sequence() || node.items.empty())
    fail(node.where, "variables",
         "expected a list of variables: {budget_shares: [agency ids]} or {path: …, range: [lo, hi]}" +
             got(node));
  std::vector<OptimiseVariable> variables;
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    const DocNode& item = node.items[i];
    const std::string at = fmt::format("variables[{}]", i);
    if (!item.is_map())
      fail(item.where, at,
           "expected {budget_shares: [agency ids]} or {path: …, range: [lo, hi]}" + got(item));
    for (std::size_t e = 0; e < item.entries.size(); ++e) {
      const std::string& key = item.entries[e].first;
      if (key != "budget_shares" && key != "path" && key != "range")
        fail(item.key_locations[e], at + "." + key,
             "unknown key" + detail::did_you_mean(key, {"budget_shares", "path", "range"}) +
                 "; expected budget_shares, or path and range");
    }
    if (const DocNode* shares = item.find("budget_shares")) {
      if (item.entries.size() != 1)
        fail(item.where, at, "budget_shares stands alone: remove path and range from this variable");
      variables.push_back(parse_budget_shares(*shares, at + ".budget_shares", base));
    } else {
      variables.push_back(parse_range_variable(item, at, base));
    }
    nodes.push_back(&item);
  }
  return variables;
}

// Both ends of every range, and all the money to each listed agency in turn, must make valid
// scenarios with the other variables at the start of the search.
void check_extremes(const OptimiseDef& def, const std::vector<const DocNode*>& nodes) {
  const std::vector<double> start = base_coordinates(def);
  std::size_t offset = 0;
  for (std::size_t i = 0; i < def.variables.size(); ++i) {
    const OptimiseVariable& v = def.variables[i];
    const std::size_t width = v.kind == VariableKind::range ? 1 : v.agencies.size() - 1;
    std::vector<std::vector<double>> probes;
    if (v.kind == VariableKind::range) {
      for (const double y : {0.0, 1.0}) {  // (1 − cos πy)/2 is 0 and 1
        probes.push_back(start);
        probes.back()[offset] = y;
      }
    } else {
      for (std::size_t k = 0; k < v.agencies.size(); ++k) {
        probes.push_back(start);
        for (std::size_t j = 0; j < width; ++j)
          probes.back()[offset + j] =
              (k == v.agencies.size() - 1 ? -12.0 : (j == k ? 12.0 : 0.0)) / kShareScale;
      }
    }
    for (const auto& y : probes) {
      try {
        validate(optimise_variant(def, y));
      } catch (const ScenarioError& e) {
        fail(nodes[i]->where, fmt::format("variables[{}]", i),
             fmt::format("a candidate at the edge of this variable is not a valid scenario: {}: {}",
                         e.key_path(), e.message()));
      }
    }
    offset += width;
  }
}

}  // namespace

const char* to_string(ObjectiveStatistic statistic) {
  return kStatisticNames[static_cast<std::size_t>(statistic)].c_str();
}

OptimiseDef load_optimise_file(const std::string& file) {
  const DocNode doc = detail::read_yaml(detail::read_text(file), file);
  if (!doc.is_map())
    fail(doc.where, "",
         "expected a map of optimisation keys (name, scenario, objective, variables, ...)" + got(doc));
  detail::check_known_keys(doc, kOptimiseKeys);
  OptimiseDef def;
  def.file = file;
  def.name = detail::required_name(doc, "the optimisation's name");
  detail::read_base_scenario(doc, file, def.scenario_source, def.base);
  validate(def.base);

  const DocNode* objective = doc.find("objective");
  if (objective == nullptr)
    fail(doc.where, "objective", "required key missing (e.g. {maximise: probability_met, target: all})");
  def.objective = detail::parse_objective(*objective);
  if (const DocNode* constraints = doc.find("constraints")) def.constraints = parse_constraints(*constraints);

  const DocNode* variables = doc.find("variables");
  if (variables == nullptr)
    fail(doc.where, "variables", "required key missing (what the optimiser may move)");
  std::vector<const DocNode*> nodes;
  def.variables = parse_variables(*variables, def.base, nodes);
  check_overlaps(def, nodes);

  if (const DocNode* population = doc.find("population"))
    def.population = static_cast<std::size_t>(detail::whole_number(*population, "population", 2, 10000));
  const std::size_t n = search_dimension(def);
  const std::size_t lambda =
      def.population > 0 ? def.population : 4 + static_cast<std::size_t>(std::floor(3 * std::log(double(n))));
  const DocNode* max_evaluations = doc.find("max_evaluations");
  if (max_evaluations == nullptr)
    fail(doc.where, "max_evaluations", "required key missing (how many candidates the search may evaluate)");
  def.max_evaluations = static_cast<std::size_t>(detail::whole_number(
      *max_evaluations, "max_evaluations", static_cast<double>(lambda), kMaxEvaluations));
  if (const DocNode* sigma = doc.find("initial_sigma")) {
    def.initial_sigma = detail::number(*sigma, "initial_sigma");
    if (!(def.initial_sigma > 0 && def.initial_sigma <= 10))
      fail(sigma->where, "initial_sigma", "expected a step size in (0, 10]" + got(*sigma));
  }
  if (const DocNode* reps = doc.find("reevaluation_replications"))
    def.reevaluation_replications =
        static_cast<std::size_t>(detail::whole_number(*reps, "reevaluation_replications", 2, 100'000'000));
  check_extremes(def, nodes);
  return def;
}

std::string optimise_identity(const OptimiseDef& def) {
  nlohmann::ordered_json variables = nlohmann::ordered_json::array();
  for (const OptimiseVariable& v : def.variables) {
    if (v.kind == VariableKind::budget_shares)
      variables.push_back({{"budget_shares", v.agencies}});
    else
      variables.push_back(
          {{"path", v.path},
           {"range", {detail::format_number(v.range.first), detail::format_number(v.range.second)}},
           {"whole", v.whole}});
  }
  nlohmann::ordered_json constraints = nlohmann::ordered_json::array();
  for (const OptimiseConstraint& c : def.constraints)
    constraints.push_back(
        {{"target", to_string(c.target)}, {"at_least", detail::format_number(c.probability_met_at_least)}});
  const nlohmann::ordered_json identity{
      {"name", def.name},
      {"objective",
       {{"sense", def.objective.maximise ? "maximise" : "minimise"},
        {"statistic", to_string(def.objective.statistic)},
        {"target", to_string(def.objective.target)},
        {"kpi", to_string(def.objective.kpi)}}},
      {"constraints", constraints},
      {"variables", variables},
      {"max_evaluations", def.max_evaluations},
      {"population", def.population},
      {"initial_sigma", detail::format_number(def.initial_sigma)},
      {"reevaluation_replications", def.reevaluation_reps()},
      {"replications", def.base.replications},
      {"seed", def.base.seed},
      {"scenario", nlohmann::ordered_json::parse(resolved_scenario_json(def.base))}};
  return identity.dump();
}

}  // namespace smesim
