#include "smesim/study/solve_study.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/console_writer.hpp"
#include "io/drivers_outputs.hpp"
#include "io/manifest.hpp"
#include "io/outputs.hpp"
#include "io/report/drivers_section.hpp"
#include "io/report/number_text.hpp"
#include "smesim/analysis/forecast_summary.hpp"
#include "smesim/error.hpp"
#include "study/agency_records.hpp"
#include "study/held_drivers.hpp"
#include "study/parameter_effect.hpp"
#include "study/record_values.hpp"
#include "study/solve_answer.hpp"
#include "study/study_tables.hpp"

namespace smesim {
namespace {

using detail::answers_in_programme_budget;
using detail::programme_budget_thb_at;
using detail::solve_value_label;
using detail::target_phrase;
using nlohmann::ordered_json;

ordered_json json_probability(double v) { return std::isfinite(v) ? ordered_json(v) : ordered_json(nullptr); }

struct Evaluation {
  double value = 0;
  std::size_t met = 0;
  std::size_t trials = 0;
  double developed_p50 = 0, expanded_p50 = 0, cost_p50 = 0;  // for the console table
  /// P(met) of each target (kTargets order), to name the binding one.
  detail::TargetProbabilities p_met_by_target{};
  /// The record's `drivers` (summary.json's form), null in a record of an earlier version; and
  /// what the drivers' words need beside them (`targets`, `kpis` with their medians).
  nlohmann::json drivers;
  nlohmann::json drivers_context;
};

std::string evaluation_json(std::size_t step, const SolveDef& def, double value,
                            const ForecastSummary& summary, ordered_json agencies, ordered_json drivers) {
  const TargetAttainment& a = summary.target(def.target);
  Evaluation e;
  e.met = a.replications_met;
  e.trials = summary.replications;
  e.developed_p50 = summary.kpis[FinalKpi::developed].p50;
  e.expanded_p50 = summary.kpis[FinalKpi::expanded].p50;
  e.cost_p50 = summary.kpis[FinalKpi::cost_reduction_thb].p50;
  ordered_json targets = ordered_json::object();
  for (const Target t : kTargets) {
    const TargetAttainment& ta = summary.target(t);
    targets[to_string(t)] = {{"replications_met", ta.replications_met},
                             {"probability_met", json_probability(ta.probability_met)},
                             {"ci95", {json_probability(ta.ci95.first), json_probability(ta.ci95.second)}}};
  }
  const ordered_json point{{"step", step},
                           {"parameter", def.parameter},
                           {"value", detail::study_json_number(value)},
                           {"target", to_string(def.target)},
                           {"replications", e.trials},
                           {"replications_met", e.met},
                           {"p50",
                            {{"developed", json_probability(e.developed_p50)},
                             {"expanded", json_probability(e.expanded_p50)},
                             {"cost_reduction_thb", json_probability(e.cost_p50)}}},
                           {"targets", targets},
                           {"agencies", std::move(agencies)},
                           {"drivers", std::move(drivers)}};
  return point.dump(2) + "\n";
}

// The value a stored evaluation was made at, as recorded: not a number in a record of an
// earlier version (which wrote it as text) or one changed by hand.
nlohmann::json recorded_value(const Record& record) {
  const nlohmann::json point = nlohmann::json::parse(record, nullptr, false);
  return point.is_object() && point.contains("value") ? point["value"] : nlohmann::json();
}

Evaluation read_evaluation(const Record& record) {
  const auto point = nlohmann::json::parse(record);
  auto number = [](const nlohmann::json& v) { return v.is_number() ? v.get<double>() : std::nan(""); };
  Evaluation e;
  e.value = number(point.at("value"));
  e.met = point.at("replications_met").get<std::size_t>();
  e.trials = point.at("replications").get<std::size_t>();
  e.developed_p50 = number(point.at("p50").at("developed"));
  e.expanded_p50 = number(point.at("p50").at("expanded"));
  e.cost_p50 = number(point.at("p50").at("cost_reduction_thb"));
  for (std::size_t t = 0; t < kTargets.size(); ++t)
    e.p_met_by_target[t] = number(point.at("targets").at(to_string(kTargets[t])).at("probability_met"));
  e.drivers = point.value("drivers", nlohmann::json());
  nlohmann::json kpis = nlohmann::json::object();
  for (const auto& [kpi, median] : point.at("p50").items()) kpis[kpi] = {{"p50", median}};
  e.drivers_context = {{"targets", point.at("targets")}, {"kpis", kpis}};
  return e;
}

ResultTable evaluations_table(const SolveDef& def, const Bisection& search) {
  ResultTable table("evaluations",
                    "One row per evaluation of the search, in the order made: the value, P(target met) with "
                    "its Wilson 95% interval, the replications, and the bracket after it.");
  const Quantity value = def.scaling == RelativeOp::none && detail::report::is_thb_path(def.parameter)
                             ? Quantity::money_thb
                             : Quantity::number;
  table.column("step", Quantity::integer).column("value", value).column("p_met", Quantity::probability);
  table.column("ci95_lo", Quantity::probability, IntervalEnd::lo)
      .column("ci95_hi", Quantity::probability, IntervalEnd::hi);
  table.column("replications", Quantity::integer);
  table.column("bracket_lo", value).column("bracket_hi", value);
  for (const BisectionStep& s : search.steps()) {
    table.cell(static_cast<long long>(s.step))
        .cell_as_written(solve_value_text(s.value))
        .cell(s.probability)
        .cell(s.ci95.first)
        .cell(s.ci95.second)
        .cell(static_cast<long long>(s.trials))
        .cell_as_written(solve_value_text(s.bracket_lo))
        .cell_as_written(solve_value_text(s.bracket_hi));
    table.end_row();
  }
  return table;
}

constexpr const char* kIntervalDefinition =
    "the smallest value reaching the level lies in (lo, hi] if P is non-decreasing in the parameter: lo is "
    "the "
    "largest evaluated value whose Wilson 95% upper bound is below the level (the range's lo, inclusive, if "
    "there "
    "is none), hi the smallest evaluated value whose Wilson 95% lower bound reaches the level (null if none "
    "does); "
    "pointwise 95% intervals of Monte Carlo error at this seed, resolved only to the evaluated values";

// What decides whether the solve's target is met at one evaluation, in words (the run report's
// rule, io/report/drivers_section.hpp) and as numbers: null for a record of an earlier version.
ordered_json drivers_at(const SolveDef& def, std::size_t step, const Evaluation& e) {
  if (!e.drivers.is_object()) return nullptr;
  const std::string output = fmt::format("met_{}", to_string(def.target));
  const nlohmann::json& outputs = e.drivers.at("outputs");
  std::string text;
  if (e.drivers.at("parameters").empty())
    text = "No parameter is uncertain in this scenario, so none decides whether the target is met.";
  else if (outputs.contains(output))
    text = detail::report::drivers_sentence(output, e.drivers, e.drivers_context);
  // As the record has them (a json, converted to the document's ordered_json through its text).
  ordered_json parameters = outputs.contains(output)
                                ? ordered_json::parse(outputs.at(output).at("parameters").dump())
                                : ordered_json::array();
  return {{"step", step},
          {"value", detail::study_json_number(e.value)},
          {"output", output},
          {"text", text},
          {"parameters", std::move(parameters)}};
}

// What a reader quotes: the answer as a sentence, the programme budget it means, and the single
// target that limits P(all targets met) there (or at the range's top when it is not reached).
void add_reader_fields(ordered_json& j, const SolveDef& def, const Bisection& search,
                       const std::vector<Evaluation>& evaluations) {
  if (search.answer()) j["answer_text"] = detail::answer_sentence(def, search);
  if (answers_in_programme_budget(def)) {
    ordered_json budget = ordered_json::object();
    if (const auto answer = search.answer())
      budget["answer"] = detail::study_json_number(programme_budget_thb_at(def, *answer));
    if (const auto interval = search.answer_interval()) {
      budget["interval_lo"] = detail::study_json_number(programme_budget_thb_at(def, interval->lo));
      budget["interval_hi"] = interval->hi
                                  ? detail::study_json_number(programme_budget_thb_at(def, *interval->hi))
                                  : ordered_json(nullptr);
    }
    j["programme_budget_thb"] = budget;
  }
  const BisectionStep* at = search.answer_step();
  if (at != nullptr)
    if (auto drivers = drivers_at(def, at->step, evaluations.at(at->step)); !drivers.is_null())
      j[search.answer() ? "drivers_at_answer" : "drivers_at_hi"] = std::move(drivers);
  if (def.target == Target::all && at != nullptr) {
    const Evaluation& e = evaluations.at(at->step);
    const Target binding = detail::binding_target(e.p_met_by_target);
    const auto index =
        static_cast<std::size_t>(std::find(kTargets.begin(), kTargets.end(), binding) - kTargets.begin());
    j["binding_target"] = {{"target", to_string(binding)},
                           {"title", detail::target_title(binding)},
                           {"p_met", json_probability(e.p_met_by_target[index])}};
  }
}

ordered_json solution_json(const SolveDef& def, const Bisection& search,
                           const std::vector<Evaluation>& evaluations) {
  ordered_json j{
      {"tool", "smesim"},
      {"solve", def.name},
      {"parameter", def.parameter},
      {"target", to_string(def.target)},
      {"level", def.probability},
      {"range", {detail::study_json_number(def.range.first), detail::study_json_number(def.range.second)}},
      {"tolerance", detail::study_json_number(def.tolerance)},
      {"whole", def.whole},
      {"resolution", detail::study_json_number(solve_settings(def).resolution)},
      {"stopped_at_resolution", search.stopped_at_resolution()},
      {"replications_per_value", def.base.replications},
      {"seed", def.base.seed},
      {"status", to_string(search.status())},
      {"converged",
       search.status() == BisectionStatus::converged || search.status() == BisectionStatus::already_met},
      {"reachable", search.status() != BisectionStatus::not_reachable}};
  const std::optional<double> answer = search.answer();
  j["answer"] = answer ? detail::study_json_number(*answer) : ordered_json(nullptr);
  if (const auto interval = search.answer_interval()) {
    j["answer_interval"] = {
        {"lo", detail::study_json_number(interval->lo)},
        {"lo_inclusive", interval->lo_inclusive},
        {"hi", interval->hi ? detail::study_json_number(*interval->hi) : ordered_json(nullptr)},
        {"definition", kIntervalDefinition}};
  } else {
    j["answer_interval"] = nullptr;
  }
  if (const BisectionStep* s = search.answer_step()) {
    j[answer ? "p_met_at_answer" : "p_met_at_hi"] = {{"value", detail::study_json_number(s->value)},
                                                     {"p_met", s->probability},
                                                     {"ci95", {s->ci95.first, s->ci95.second}},
                                                     {"replications_met", s->met},
                                                     {"replications", s->trials}};
  }
  ordered_json evaluations_json = ordered_json::array();
  for (const BisectionStep& s : search.steps())
    evaluations_json.push_back(
        {{"step", s.step},
         {"value", detail::study_json_number(s.value)},
         {"p_met", s.probability},
         {"ci95", {s.ci95.first, s.ci95.second}},
         {"replications_met", s.met},
         {"replications", s.trials},
         {"bracket", {detail::study_json_number(s.bracket_lo), detail::study_json_number(s.bracket_hi)}}});
  j["evaluations"] = evaluations_json;
  if (def.scaling != RelativeOp::none)
    j["scaling"] = def.scaling == RelativeOp::multiply ? "multiply" : "add";
  add_reader_fields(j, def, search, evaluations);
  return j;
}

// The search, step by step, as the console's table.
ResultTable steps_table(const SolveDef& def, const Bisection& search,
                        const std::vector<Evaluation>& evaluations) {
  const bool budget = answers_in_programme_budget(def);
  ResultTable table("steps", "");
  table.column("step", Quantity::integer).column("value", Quantity::text);
  if (budget) table.column("programme budget", Quantity::money_thb);
  table.column("P(met)", Quantity::probability)
      .column("95% CI", Quantity::probability, IntervalEnd::lo)
      .column("ci95_hi", Quantity::probability, IntervalEnd::hi)
      .column("bracket after", Quantity::text)
      .column("developed", Quantity::count)
      .column("expanded", Quantity::count)
      .column("cost reduction", Quantity::money_thb);
  for (const BisectionStep& st : search.steps()) {
    const Evaluation& e = evaluations[st.step];
    table.cell(st.step).cell(solve_value_label(def, st.value));
    if (budget) table.cell(programme_budget_thb_at(def, st.value));
    table.cell(st.probability).cell(st.ci95.first).cell(st.ci95.second);
    table.cell(fmt::format("{} to {}", solve_value_label(def, st.bracket_lo),
                           solve_value_label(def, st.bracket_hi)));
    table.cell(e.developed_p50).cell(e.expanded_p50).cell(e.cost_p50).end_row();
  }
  return table;
}

// P(met) with its interval, as the sentences say it.
std::string probability_with_ci(const BisectionStep& step) {
  return fmt::format("{} (95% CI {} to {})", detail::report::probability_text(step.probability),
                     detail::report::probability_text(step.ci95.first),
                     detail::report::probability_text(step.ci95.second));
}

std::vector<ConsoleBlock> console_blocks(const SolveDef& def, const Bisection& search,
                                         const std::vector<Evaluation>& evaluations) {
  std::vector<ConsoleBlock> blocks;
  const std::string target = target_phrase(def);
  const bool budget = answers_in_programme_budget(def);
  const std::string searched =
      def.scaling == RelativeOp::multiply ? fmt::format("factor on every {}", def.parameter)
      : def.scaling == RelativeOp::add    ? fmt::format("amount added to every {}", def.parameter)
                                          : def.parameter;
  blocks.emplace_back(
      fmt::format("smesim solve: {} - smallest {} with P({} met) >= {}\nrange {} to {}, tolerance {}, {} "
                  "replications per "
                  "value (seed {}, common random numbers)",
                  def.name, searched, target, solve_value_text(def.probability),
                  solve_value_label(def, def.range.first), solve_value_label(def, def.range.second),
                  def.scaling == RelativeOp::multiply ? solve_value_text(def.tolerance)
                                                      : solve_value_label(def, def.tolerance),
                  def.base.replications, def.base.seed));
  blocks.emplace_back(steps_table(def, search, evaluations));
  std::string text = "(developed, expanded, cost reduction: medians across replications)\n";
  const BisectionStep* s = search.answer_step();
  if (search.status() == BisectionStatus::not_reachable) {
    text +=
        fmt::format("NOT REACHABLE within the range: at the upper end {} = {}{}, P({} met) = {} < {}\n",
                    def.parameter, solve_value_label(def, s->value),
                    budget ? fmt::format(" (programme budget {})",
                                         detail::report::money_text(programme_budget_thb_at(def, s->value)))
                           : "",
                    target, probability_with_ci(*s), solve_value_text(def.probability));
  } else {
    text += fmt::format(
        "Answer: {}{}\n", detail::answer_sentence(def, search),
        search.status() == BisectionStatus::already_met ? " (the lower end already meets it)" : "");
    text += detail::wrapped(fmt::format(
        "At the answer P({} met) = {}. The range in brackets is where the smallest such value lies given the "
        "Monte Carlo error (Wilson 95% at the evaluated values).",
        target, probability_with_ci(*s)));
  }
  if (s != nullptr) {
    if (const std::string binding = detail::binding_sentence(def, evaluations[s->step].p_met_by_target);
        !binding.empty())
      text += detail::wrapped(binding);
    const ordered_json drivers = drivers_at(def, s->step, evaluations[s->step]);
    if (drivers.is_object() && !drivers.at("text").get<std::string>().empty())
      text += detail::wrapped(fmt::format("What decides it at {}: {}", solve_value_label(def, s->value),
                                          drivers.at("text").get<std::string>()));
  }
  if (search.stopped_at_resolution())
    text += detail::wrapped(
        fmt::format("The tolerance {} is finer than the parameter's resolution ({}; money is resolved to the "
                    "satang): the "
                    "search stopped when the bracket was one resolution wide.",
                    solve_value_text(def.tolerance), solve_value_text(Bisection::grid(solve_settings(def)))));
  blocks.emplace_back(std::move(text));
  return blocks;
}

// The search as the records so far have taken it.
Bisection replay(const SolveDef& def, std::span<const Record> records) {
  Bisection search(solve_settings(def));
  for (const Record& record : records) {
    const Evaluation e = read_evaluation(record);
    search.record(e.met, e.trials);
  }
  return search;
}

}  // namespace

SolveStudy::SolveStudy(SolveDef def) : def_(std::move(def)) {
  // Both ends validated as whole scenarios before anything is written; a midpoint lies
  // between them, so it is valid too for the (interval-ranged) numeric parameters.
  bounds_ = {solve_variant(def_, def_.range.first), solve_variant(def_, def_.range.second)};
  detail::require_parameter_effect(bounds_[0], bounds_[1], def_.parameter, solve_value_text(def_.range.first),
                                   solve_value_text(def_.range.second), def_.parameter_where);
}

StudyIdentity SolveStudy::identity() const {
  return {"solve", def_.name, solve_identity(def_), Bisection::max_evaluations(solve_settings(def_))};
}

std::vector<ScenarioDef> SolveStudy::next_variants(std::span<const Record> records) {
  const std::optional<double> value = replay(def_, records).next_value();
  if (!value) return {};
  values_.resize(records.size());
  values_.push_back(*value);
  return {solve_variant(def_, *value)};
}

void SolveStudy::check_stored(std::size_t index, const Record& record) const {
  detail::require_agency_rows(index, record);
  // The path is determined by the results, so a recorded point at another value means the
  // folder was tampered with or written by another version: not something to resume from.
  const nlohmann::json recorded = recorded_value(record);
  const double asked = values_.at(index);
  if (!recorded.is_number() || recorded.get<double>() != asked)
    throw ResumeError(fmt::format("evaluation {} is at {}, but the search now asks for {}; use --restart",
                                  index, recorded.dump(), solve_value_text(asked)));
}

Record SolveStudy::reduce(std::size_t index, const ScenarioDef& variant,
                          std::span<const ReplicationResult> results) const {
  return evaluation_json(index, def_, values_.at(index),
                         summarise_forecast(variant.targets, variant.agencies.size(), results),
                         detail::agency_rows_json(variant, results),
                         detail::drivers_json(detail::held_forecast_drivers(variant, results)));
}

StudyResults SolveStudy::finish(std::span<const Record> records, const StudyRun& run) {
  const Bisection search = replay(def_, records);
  std::vector<Evaluation> evaluations;
  for (const Record& record : records) evaluations.push_back(read_evaluation(record));
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < records.size(); ++i) labels.push_back(std::to_string(i));
  StudyResults results = detail::study_results(identity(), def_.base);
  results.tables.push_back(evaluations_table(def_, search));
  results.tables.push_back(detail::agencies_long_table(records, labels, {&def_.base, 1}));
  const nlohmann::ordered_json fields{{"solve", def_.name},
                                      {"solve_file", def_.file},
                                      {"scenario_source", def_.scenario_source},
                                      {"identity", detail::scenario_hash(solve_identity(def_))},
                                      {"evaluations", search.steps().size()},
                                      {"evaluations_resumed", run.records_resumed},
                                      {"replications_per_value", def_.base.replications},
                                      {"seed", def_.base.seed},
                                      {"threads", run.threads}};
  results.documents.push_back(
      {"manifest.json", detail::manifest_json(fields, detail::manifest_run(run), def_.base)});
  // A folder without solution.json is unfinished.
  results.documents.push_back({"solution.json", solution_json(def_, search, evaluations)});
  results.finished_file = "solution.json";
  results.console = console_blocks(def_, search, evaluations);
  return results;
}

}  // namespace smesim
