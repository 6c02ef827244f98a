#include "study/optimise_outputs.hpp"

#include <cmath>
#include <sstream>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analysis/money.hpp"
#include "io/console_writer.hpp"
#include "io/report/number_text.hpp"
#include "smesim/error.hpp"
#include "smesim/scenario/parameter_paths.hpp"
#include "study/record_values.hpp"
#include "study/study_tables.hpp"

namespace smesim::detail {
namespace {

using nlohmann::ordered_json;

ordered_json estimate_json(const Estimate& e) {
  return {{"value", study_json_number(e.value)},
          {"ci95", {study_json_number(e.ci95.first), study_json_number(e.ci95.second)}}};
}

ordered_json variables_json(const std::vector<NamedValue>& values) {
  ordered_json j = ordered_json::object();
  for (const NamedValue& v : values) j[v.name] = study_json_number(v.value);
  return j;
}

// What the base scenario gives for the variables it does not give as a number (`auto`, a
// prior), by name; the base's `variables` hold where the search started from them.
ordered_json given_json(const OptimiseDef& def) {
  ordered_json j = ordered_json::object();
  for (const NamedValue& v : base_values(def))
    if (!v.given.empty()) j[v.name] = v.given;
  return j;
}

ordered_json budgets_json(const std::vector<AgencyBudget>& budgets) {
  ordered_json j = ordered_json::object();
  for (const AgencyBudget& b : budgets)
    j[b.agency] = {{"total", study_json_number(b.total_thb)},
                   {"mentoring", study_json_number(b.mentoring_thb)},
                   {"network", study_json_number(b.network_thb)},
                   {"technology", study_json_number(b.technology_thb)}};
  return j;
}

ordered_json attainment_json(const TargetAttainment& a) {
  return {{"probability_met", study_json_number(a.probability_met)},
          {"ci95", {study_json_number(a.ci95.first), study_json_number(a.ci95.second)}}};
}

// The best candidate the search itself evaluated (on its own generation's replications).
const CandidateOutcome* best_evaluated(const OptimiseDef& def, std::span<const CandidateOutcome> candidates) {
  const CandidateOutcome* best = nullptr;
  for (const CandidateOutcome& c : candidates) {
    if (!c.feasible || !std::isfinite(c.objective.value)) continue;
    if (best == nullptr || (def.objective.maximise ? c.objective.value > best->objective.value
                                                   : c.objective.value < best->objective.value))
      best = &c;
  }
  return best;
}

// A difference as a reader reads it: exactly 0 when it is below the last digit shown (a paired
// difference of identical replications is 1e-19 of rounding, not a gain).
std::string gain_text(const OptimiseObjective& objective, double v) {
  if (std::isnan(v)) return "n/a";
  if (objective.statistic == ObjectiveStatistic::probability_met)
    return fmt::format("{:+.1f} points", std::fabs(v) < 5e-4 ? 0.0 : 100 * v);
  if (std::fabs(v) < 1e-6) return "0";
  const bool money = std::string_view(to_string(objective.kpi)).ends_with("_thb");
  return fmt::format("{}{}", v > 0 ? "+" : "",
                     money ? report::money_text(v) : report::grouped(v, std::fabs(v) >= 100 ? 0 : 2));
}

}  // namespace

bool improves_on_base(const OptimiseDef& def, const OptimiseOutcome& o) {
  // Better than the base only when the paired 95% interval of the gain excludes 0 on the side
  // the objective wants: otherwise the "best" split is the base as far as the data can tell.
  const auto& ci = o.difference.ci95;
  return def.objective.maximise ? ci.first > 0 : ci.second < 0;
}

std::string objective_label(const OptimiseObjective& objective) {
  if (objective.statistic == ObjectiveStatistic::probability_met)
    return fmt::format("P({} met)",
                       objective.target == Target::all ? "all targets" : to_string(objective.target));
  return fmt::format("{} {}", to_string(objective.statistic), to_string(objective.kpi));
}

std::vector<AgencyBudget> agency_budgets(const ScenarioDef& variant) {
  std::vector<AgencyBudget> budgets;
  try {
    const BudgetAllocation alloc = resolve_budget_allocation(variant);
    for (std::size_t a = 0; a < variant.agencies.size(); ++a) {
      const SplitDef& s = variant.agencies[a].strategy.split;
      if (!s.mentoring.is_fixed() || !s.network.is_fixed() || !s.technology.is_fixed()) return {};
      // The tracks as the model splits them (docs/model.md §4): mentoring and network rounded
      // to the satang, technology the rest, so the amounts add up to the allocation exactly.
      const std::int64_t total = alloc.agency_satang[a];
      const std::int64_t mentoring = std::llround(static_cast<double>(total) * s.mentoring.value());
      const std::int64_t network = std::llround(static_cast<double>(total) * s.network.value());
      budgets.push_back({variant.agencies[a].id, to_thb(total), to_thb(mentoring), to_thb(network),
                         to_thb(total - mentoring - network)});
    }
  } catch (const ScenarioError&) {
    return {};  // a budget is a prior: no fixed amounts to show
  }
  return budgets;
}

ResultTable trace_table(const OptimiseDef& def, std::span<const OptimiseTraceRow> trace) {
  ResultTable table("trace",
                    "The search generation by generation: evaluations so far, the best and mean objective of "
                    "the generation, the step size sigma, and how many candidates were feasible.");
  const Quantity objective = objective_quantity(def.objective);
  table.column("generation", Quantity::integer).column("evaluations", Quantity::integer);
  table.column("best", objective).column("mean", objective).column("sigma", Quantity::number);
  table.column("feasible", Quantity::integer);
  for (const OptimiseTraceRow& r : trace) {
    table.cell(static_cast<long long>(r.generation))
        .cell(static_cast<long long>(r.evaluations))
        .cell(r.best)
        .cell(r.mean)
        .cell(r.sigma)
        .cell(static_cast<long long>(r.feasible));
    table.end_row();
  }
  return table;
}

ResultTable candidates_table(const OptimiseDef& def, std::span<const CandidateOutcome> candidates) {
  ResultTable table("candidates",
                    "Every candidate evaluated: its generation, seed and variables, its objective with the "
                    "95% interval, whether it met the constraints, and P(each target met).");
  const Quantity objective = objective_quantity(def.objective);
  table.column("generation", Quantity::integer).column("candidate", Quantity::integer);
  table.column("seed", Quantity::integer);
  if (!candidates.empty())
    for (const NamedValue& v : candidates.front().variables) table.column(v.name, Quantity::number);
  table.column("objective", objective)
      .column("objective_ci95_lo", objective, IntervalEnd::lo)
      .column("objective_ci95_hi", objective, IntervalEnd::hi);
  table.column("feasible", Quantity::text);
  for (const Target t : kTargets) table.column(fmt::format("p_met_{}", to_string(t)), Quantity::probability);
  for (const CandidateOutcome& c : candidates) {
    table.cell(static_cast<long long>(c.tag.generation))
        .cell(static_cast<long long>(c.tag.candidate))
        .cell(static_cast<long long>(c.tag.seed));
    for (const NamedValue& v : c.variables) table.cell(v.value);
    table.cell(c.objective.value).cell(c.objective.ci95.first).cell(c.objective.ci95.second);
    table.cell(c.feasible ? "true" : "false");
    for (const Target t : kTargets) table.cell(c.targets[static_cast<std::size_t>(t)].probability_met);
    table.end_row();
  }
  return table;
}

std::string recommendation_text(const OptimiseDef& def, const OptimiseOutcome& o) {
  const std::string gain = fmt::format(
      "{} (95% CI {} to {}, paired over {} fresh replications)", gain_text(def.objective, o.difference.value),
      gain_text(def.objective, o.difference.ci95.first), gain_text(def.objective, o.difference.ci95.second),
      o.best.replications);
  if (improves_on_base(def, o))
    return fmt::format("The best split found does better than the base: {} {}.",
                       objective_label(def.objective), gain);
  return fmt::format(
      "No split found that does better than the base: the gain in {} is {}, which includes no gain at all. "
      "Keep the base split.",
      objective_label(def.objective), gain);
}

nlohmann::ordered_json best_json(const OptimiseDef& def, const OptimiseOutcome& o) {
  const OptimiseObjective& obj = def.objective;
  ordered_json objective = estimate_json(o.best.objective);
  objective["sense"] = obj.maximise ? "maximise" : "minimise";
  objective["statistic"] = to_string(obj.statistic);
  if (obj.statistic == ObjectiveStatistic::probability_met)
    objective["target"] = to_string(obj.target);
  else
    objective["kpi"] = to_string(obj.kpi);
  ordered_json difference = estimate_json(o.difference);
  difference["method"] =
      obj.statistic == ObjectiveStatistic::p50 || obj.statistic == ObjectiveStatistic::p5
          ? "paired bootstrap of the replications (2000 resamples), 95% percentile interval"
          : "mean of the paired differences per replication, 95% normal interval";
  ordered_json targets = ordered_json::object();
  for (const Target t : kTargets) {
    const auto i = static_cast<std::size_t>(t);
    targets[to_string(t)] = {{"best", attainment_json(o.best.targets[i])},
                             {"base", attainment_json(o.base.targets[i])},
                             {"paired_difference", estimate_json(o.target_differences[i])}};
  }
  ordered_json constraints = ordered_json::array();
  for (const OptimiseConstraint& c : def.constraints) {
    const double p = o.best.targets[static_cast<std::size_t>(c.target)].probability_met;
    constraints.push_back({{"target", to_string(c.target)},
                           {"probability_met_at_least", study_json_number(c.probability_met_at_least)},
                           {"best_probability_met", study_json_number(p)},
                           {"met", p >= c.probability_met_at_least}});
  }
  ordered_json search{{"candidates", o.candidates.size()},
                      {"generations", o.trace.size()},
                      {"population", o.population},
                      {"dimension", o.dimension},
                      {"stopped", o.stopped},
                      {"replications_per_candidate", def.base.replications},
                      {"seed", def.base.seed},
                      {"best_evaluated", nullptr}};
  if (const CandidateOutcome* b = best_evaluated(def, o.candidates))
    search["best_evaluated"] = {{"generation", b->tag.generation},
                                {"candidate", b->tag.candidate},
                                {"objective", estimate_json(b->objective)},
                                {"variables", variables_json(b->variables)}};
  ordered_json base{{"variables", variables_json(o.base.variables)},
                    {"objective", estimate_json(o.base.objective)}};
  // Only when some variable is not a number in the base scenario: other files keep their bytes.
  if (const ordered_json given = given_json(def); !given.empty()) base["given"] = given;
  const ordered_json j{
      {"tool", "smesim"},
      {"optimise", def.name},
      {"variables", variables_json(o.best.variables)},
      {"objective", objective},
      {"base", base},
      {"paired_difference", difference},
      {"targets", targets},
      {"constraints", constraints},
      {"budgets_thb", {{"best", budgets_json(o.best_budgets)}, {"base", budgets_json(o.base_budgets)}}},
      {"recommendation", improves_on_base(def, o) ? "best" : "base"},
      {"recommendation_text", recommendation_text(def, o)},
      {"reevaluation", {{"seed", o.best.tag.seed}, {"replications", o.best.replications}}},
      {"search", search}};
  return j;
}

std::vector<ConsoleBlock> optimise_console(const OptimiseDef& def, const OptimiseOutcome& o) {
  std::vector<ConsoleBlock> blocks;
  blocks.emplace_back(
      fmt::format("smesim optimise: {} - {} {}\nCMA-ES over {} coordinates, population {}: {} candidates in "
                  "{} generations of "
                  "{} replications each (stopped: {})\nRe-evaluated on {} fresh replications (seed {}), best "
                  "and base on the "
                  "same ones:",
                  def.name, def.objective.maximise ? "maximise" : "minimise", objective_label(def.objective),
                  o.dimension, o.population, o.candidates.size(), o.trace.size(), def.base.replications,
                  o.stopped, o.best.replications, o.best.tag.seed));
  ResultTable variables("variables", "");
  variables.column("variable", Quantity::text)
      .column("base", Quantity::per_row)
      .column("best", Quantity::per_row);
  const std::vector<NamedValue> given = base_values(def);
  for (std::size_t i = 0; i < o.best.variables.size(); ++i) {
    const std::string& name = o.best.variables[i].name;
    const Quantity quantity = report::is_thb_path(name) ? Quantity::money_thb : Quantity::number;
    variables.cell(name);
    // `auto` with what it resolves to, a prior as the file gives it: the base is not one number.
    if (i < given.size() && given[i].given == "auto")
      variables.cell(fmt::format("auto ({})", quantity == Quantity::money_thb
                                                  ? report::money_text(given[i].value)
                                                  : report::significant_text(given[i].value, 4)));
    else if (i < given.size() && !given[i].given.empty())
      variables.cell(given[i].given);
    else
      variables.cell(o.base.variables[i].value);
    variables.cell(o.best.variables[i].value).end_row(quantity);
  }
  blocks.emplace_back(std::move(variables));
  ResultTable estimates("estimates", "");
  estimates.column("estimate", Quantity::text)
      .column("base", Quantity::per_row)
      .column("95% CI", Quantity::per_row, IntervalEnd::lo)
      .column("base_hi", Quantity::per_row, IntervalEnd::hi)
      .column("best", Quantity::per_row)
      .column("95% CI", Quantity::per_row, IntervalEnd::lo)
      .column("best_hi", Quantity::per_row, IntervalEnd::hi);
  const auto row = [&estimates](const std::string& what, const Estimate& base, const Estimate& best,
                                Quantity quantity) {
    estimates.cell(what).cell(base.value).cell(base.ci95.first).cell(base.ci95.second);
    estimates.cell(best.value).cell(best.ci95.first).cell(best.ci95.second).end_row(quantity);
  };
  row(objective_label(def.objective), o.base.objective, o.best.objective, objective_quantity(def.objective));
  for (const Target t : kTargets) {
    if (def.objective.statistic == ObjectiveStatistic::probability_met && t == def.objective.target) continue;
    const auto i = static_cast<std::size_t>(t);
    const TargetAttainment& a = o.base.targets[i];
    const TargetAttainment& b = o.best.targets[i];
    row(fmt::format("P({} met)", to_string(t)), {a.probability_met, a.ci95}, {b.probability_met, b.ci95},
        Quantity::probability);
  }
  blocks.emplace_back(std::move(estimates));
  if (!o.best_budgets.empty() && o.best_budgets.size() == o.base_budgets.size()) {
    ResultTable budgets("budgets", "");
    budgets.column("agency budget", Quantity::text)
        .column("base", Quantity::money_thb)
        .column("best", Quantity::money_thb);
    for (std::size_t a = 0; a < o.best_budgets.size(); ++a)
      budgets.cell(o.best_budgets[a].agency)
          .cell(o.base_budgets[a].total_thb)
          .cell(o.best_budgets[a].total_thb)
          .end_row();
    blocks.emplace_back(std::move(budgets));
  }
  std::string closing = wrapped(recommendation_text(def, o));
  for (const OptimiseConstraint& c : def.constraints) {
    const double p = o.best.targets[static_cast<std::size_t>(c.target)].probability_met;
    closing += fmt::format("Constraint P({} met) >= {}: {} at the best ({})\n", to_string(c.target),
                           report::probability_text(c.probability_met_at_least), report::probability_text(p),
                           p >= c.probability_met_at_least ? "met" : "NOT met on the fresh replications");
  }
  blocks.emplace_back(std::move(closing));
  return blocks;
}

}  // namespace smesim::detail
