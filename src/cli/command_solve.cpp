// `smesim solve`: the smallest value of one parameter at which P(target met) reaches a level,
// by bisection (include/smesim/bisection.hpp) on common-random-number estimates. Each
// evaluation is one variant through the experiment runner and is recorded in the experiment
// folder as points/NNNNNN.json (point i = the i-th evaluation). The search path is a function
// of the recorded results alone, so a resumed solve replays the recorded evaluations and
// carries on exactly where the killed one stopped.
#include <unistd.h>

#include <cmath>
#include <iostream>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "io/csv_writer.hpp"
#include "io/experiment_store.hpp"
#include "io/outputs.hpp"
#include "io/provenance.hpp"
#include "io/report/report.hpp"
#include "smesim/experiment.hpp"
#include "smesim/solve.hpp"

namespace smesim::cli {
namespace {

using nlohmann::ordered_json;

// Whole values as JSON integers (1050000000, not 1050000000.0).
ordered_json json_number(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) return static_cast<long long>(v);
  return v;
}

ordered_json json_probability(double v) { return std::isfinite(v) ? ordered_json(v) : ordered_json(nullptr); }

struct Evaluation {
  std::size_t met = 0;
  std::size_t trials = 0;
  double developed_p50 = 0, expanded_p50 = 0, cost_p50 = 0;  // for the console table
};

std::string evaluation_json(std::size_t step, const SolveDef& def, double value,
                            const ForecastSummary& summary, Evaluation& e) {
  const TargetAttainment& a = summary.target(def.target);
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
                           {"value", solve_value_text(value)},
                           {"target", to_string(def.target)},
                           {"replications", e.trials},
                           {"replications_met", e.met},
                           {"p50",
                            {{"developed", json_probability(e.developed_p50)},
                             {"expanded", json_probability(e.expanded_p50)},
                             {"cost_reduction_thb", json_probability(e.cost_p50)}}},
                           {"targets", targets}};
  return point.dump(2) + "\n";
}

Evaluation read_evaluation(const detail::ExperimentStore& store, std::size_t step, double value) {
  const auto point = nlohmann::json::parse(store.read_point(step));
  // The path is determined by the results, so a recorded point at another value means the
  // folder was tampered with or written by another version: not something to resume from.
  if (point.at("value").get<std::string>() != solve_value_text(value))
    throw detail::ResumeError(fmt::format(
        "{}: evaluation {} is at {}, but the search now asks for {}; use --restart", store.folder().string(),
        step, point.at("value").get<std::string>(), solve_value_text(value)));
  auto number = [](const nlohmann::json& v) { return v.is_number() ? v.get<double>() : std::nan(""); };
  Evaluation e;
  e.met = point.at("replications_met").get<std::size_t>();
  e.trials = point.at("replications").get<std::size_t>();
  e.developed_p50 = number(point.at("p50").at("developed"));
  e.expanded_p50 = number(point.at("p50").at("expanded"));
  e.cost_p50 = number(point.at("p50").at("cost_reduction_thb"));
  return e;
}

std::string evaluations_csv(const Bisection& search) {
  std::ostringstream out;
  detail::CsvWriter csv(out);
  for (const char* h :
       {"step", "value", "p_met", "ci95_lo", "ci95_hi", "replications", "bracket_lo", "bracket_hi"})
    csv.cell(h);
  csv.end_row();
  for (const BisectionStep& s : search.steps()) {
    csv.cell(static_cast<long long>(s.step))
        .cell(solve_value_text(s.value))
        .cell(s.probability)
        .cell(s.ci95.first)
        .cell(s.ci95.second)
        .cell(static_cast<long long>(s.trials))
        .cell(solve_value_text(s.bracket_lo))
        .cell(solve_value_text(s.bracket_hi));
    csv.end_row();
  }
  return out.str();
}

constexpr const char* kIntervalDefinition =
    "the smallest value reaching the level lies in (lo, hi] if P is non-decreasing in the parameter: lo is "
    "the "
    "largest evaluated value whose Wilson 95% upper bound is below the level (the range's lo, inclusive, if "
    "there "
    "is none), hi the smallest evaluated value whose Wilson 95% lower bound reaches the level (null if none "
    "does); "
    "pointwise 95% intervals of Monte Carlo error at this seed, resolved only to the evaluated values";

std::string solution_json(const SolveDef& def, const Bisection& search) {
  ordered_json j{{"tool", "smesim"},
                 {"solve", def.name},
                 {"parameter", def.parameter},
                 {"target", to_string(def.target)},
                 {"level", def.probability},
                 {"range", {json_number(def.range.first), json_number(def.range.second)}},
                 {"tolerance", json_number(def.tolerance)},
                 {"whole", def.whole},
                 {"resolution", json_number(solve_settings(def).resolution)},
                 {"stopped_at_resolution", search.stopped_at_resolution()},
                 {"replications_per_value", def.base.replications},
                 {"seed", def.base.seed},
                 {"status", to_string(search.status())},
                 {"converged", search.status() == BisectionStatus::converged ||
                                   search.status() == BisectionStatus::already_met},
                 {"reachable", search.status() != BisectionStatus::not_reachable}};
  const std::optional<double> answer = search.answer();
  j["answer"] = answer ? json_number(*answer) : ordered_json(nullptr);
  if (const auto interval = search.answer_interval()) {
    j["answer_interval"] = {{"lo", json_number(interval->lo)},
                            {"lo_inclusive", interval->lo_inclusive},
                            {"hi", interval->hi ? json_number(*interval->hi) : ordered_json(nullptr)},
                            {"definition", kIntervalDefinition}};
  } else {
    j["answer_interval"] = nullptr;
  }
  if (const BisectionStep* s = search.answer_step()) {
    j[answer ? "p_met_at_answer" : "p_met_at_hi"] = {{"value", json_number(s->value)},
                                                     {"p_met", s->probability},
                                                     {"ci95", {s->ci95.first, s->ci95.second}},
                                                     {"replications_met", s->met},
                                                     {"replications", s->trials}};
  }
  ordered_json evaluations = ordered_json::array();
  for (const BisectionStep& s : search.steps())
    evaluations.push_back({{"step", s.step},
                           {"value", json_number(s.value)},
                           {"p_met", s.probability},
                           {"ci95", {s.ci95.first, s.ci95.second}},
                           {"replications_met", s.met},
                           {"replications", s.trials},
                           {"bracket", {json_number(s.bracket_lo), json_number(s.bracket_hi)}}});
  j["evaluations"] = evaluations;
  return j.dump(2) + "\n";
}

void print_summary(const SolveDef& def, const Bisection& search, const std::vector<Evaluation>& evaluations,
                   const std::string& folder) {
  const std::string target =
      def.target == Target::all ? "all targets" : std::string(to_string(def.target)) + " target";
  std::cout << fmt::format("smesim solve: {} - smallest {} with P({} met) >= {}\n", def.name, def.parameter,
                           target, solve_value_text(def.probability));
  std::cout << fmt::format(
      "range [{}, {}], tolerance {}, {} replications per value (seed {}, common random numbers)\n\n",
      solve_value_text(def.range.first), solve_value_text(def.range.second), solve_value_text(def.tolerance),
      def.base.replications, def.base.seed);
  std::cout << fmt::format("{:>5} {:>16} {:>7} {:>16} {:>35} {:>10} {:>9} {:>11}\n", "step", "value",
                           "P(met)", "95% CI", "bracket after", "developed", "expanded", "cost M THB");
  for (const BisectionStep& s : search.steps()) {
    const Evaluation& e = evaluations[s.step];
    std::cout << fmt::format(
        "{:>5} {:>16} {:>7.3f} {:>16} {:>35} {:>10.0f} {:>9.0f} {:>11.1f}\n", s.step,
        solve_value_text(s.value), s.probability,
        fmt::format("[{:.3f}, {:.3f}]", s.ci95.first, s.ci95.second),
        fmt::format("[{}, {}]", solve_value_text(s.bracket_lo), solve_value_text(s.bracket_hi)),
        e.developed_p50, e.expanded_p50, e.cost_p50 / 1e6);
  }
  std::cout << "\n(developed, expanded, cost: medians across replications)\n";
  const BisectionStep* s = search.answer_step();
  if (search.status() == BisectionStatus::not_reachable) {
    std::cout << fmt::format(
        "NOT REACHABLE within the range: at the upper end {} = {}, P({} met) = {:.3f} (95% CI [{:.3f}, "
        "{:.3f}]) < {}\n",
        def.parameter, solve_value_text(s->value), target, s->probability, s->ci95.first, s->ci95.second,
        solve_value_text(def.probability));
  } else {
    const auto interval = search.answer_interval();
    std::cout << fmt::format(
        "Answer: {} = {}{} (P({} met) = {:.3f}, 95% CI [{:.3f}, {:.3f}])\n", def.parameter,
        solve_value_text(*search.answer()),
        search.status() == BisectionStatus::already_met ? " (the lower end already meets it)" : "", target,
        s->probability, s->ci95.first, s->ci95.second);
    std::cout << fmt::format("Answer interval (95%, Wilson at the evaluated values): {}{}, {}]\n",
                             interval->lo_inclusive ? "[" : "(", solve_value_text(interval->lo),
                             interval->hi ? solve_value_text(*interval->hi) : "above the range's hi");
  }
  if (search.stopped_at_resolution())
    std::cout << fmt::format(
        "The tolerance {} is finer than the parameter's resolution ({}; money is resolved to the "
        "satang): the search stopped when the bracket was one resolution wide.\n",
        solve_value_text(def.tolerance), solve_value_text(Bisection::grid(solve_settings(def))));
  std::cout << fmt::format("Results: {}\n", folder);
}

int solve(const ExperimentArgs& args, const std::string& command_line) {
  const SolveDef def = load_solve_file(args.file);
  // Both ends validated as whole scenarios before anything is written; a midpoint lies
  // between them, so it is valid too for the (interval-ranged) numeric parameters.
  solve_variant(def, def.range.first);
  solve_variant(def, def.range.second);
  const BisectionSettings settings = solve_settings(def);

  check_experiment_memory(
      std::vector<ScenarioDef>{solve_variant(def, def.range.first), solve_variant(def, def.range.second)},
      memory_options(args));
  const InterruptGuard guard;
  const std::filesystem::path folder =
      args.out.empty() ? std::filesystem::path("results") / def.name : std::filesystem::path(args.out);
  const std::string identity = solve_identity(def);
  const detail::ExperimentStore store(
      folder, detail::ExperimentIdentity{"solve", def.name, identity, Bisection::max_evaluations(settings)},
      args.restart);
  const std::string started = detail::utc_now_iso8601();
  const bool progress = !args.quiet && ::isatty(STDERR_FILENO) != 0;

  Bisection search(settings);
  std::vector<Evaluation> evaluations;
  std::size_t resumed = 0;
  while (const std::optional<double> value = search.next_value()) {
    const std::size_t step = search.steps().size();
    if (store.has_point(step)) {
      evaluations.push_back(read_evaluation(store, step, *value));
      ++resumed;
    } else {
      if (resumed > 0 && step == resumed && !args.quiet)
        std::cerr << fmt::format("smesim: resuming {}: {} evaluations already done\n", folder.string(),
                                 resumed);
      if (progress)
        std::cerr << fmt::format("\revaluation {} ({} = {}) ", step + 1, def.parameter,
                                 solve_value_text(*value))
                  << std::flush;
      const std::vector<ScenarioDef> variant{solve_variant(def, *value)};
      ExperimentOptions options;
      options.threads = args.threads;
      options.max_memory_bytes = max_memory_bytes(args);
      options.cancel = interrupt_flag();
      Evaluation e;
      const bool complete =
          run_experiment(variant, options, [&](std::size_t, std::vector<ReplicationResult>&& results) {
            store.write_point(step,
                              evaluation_json(step, def, *value, summarise_forecast(variant[0], results), e));
          });
      if (!complete) {
        std::cerr << fmt::format(
            "\nsmesim: interrupted; {} finished evaluations are kept in {}; run the same "
            "command again to resume\n",
            step, folder.string());
        return InterruptGuard::exit_code();
      }
      evaluations.push_back(e);
    }
    search.record(evaluations.back().met, evaluations.back().trials);
  }
  if (progress) std::cerr << "\r" << std::string(60, ' ') << "\r";

  store.write_output("evaluations.csv", evaluations_csv(search));
  store.write_output("solution.json", solution_json(def, search));
  nlohmann::ordered_json manifest{{"tool", "smesim"},
                                  {"solve", def.name},
                                  {"solve_file", def.file},
                                  {"scenario_source", def.scenario_source},
                                  {"identity", detail::scenario_hash(identity)},
                                  {"evaluations", search.steps().size()},
                                  {"evaluations_resumed", resumed},
                                  {"replications_per_value", def.base.replications},
                                  {"seed", def.base.seed},
                                  {"threads", args.threads},
                                  {"command_line", command_line},
                                  {"finished_utc", detail::utc_now_iso8601()},
                                  {"started_utc", started}};
  detail::add_provenance(manifest, def.base);
  store.write_output("manifest.json", manifest.dump(2) + "\n");
  print_summary(def, search, evaluations, folder.string());
  if (args.report) std::cout << fmt::format("Report: {}\n", detail::report::write_report(folder).string());
  return kExitOk;
}

}  // namespace

Action add_solve_command(CLI::App& app, const std::string& command_line) {
  auto* cmd = app.add_subcommand(
      "solve",
      "Find the smallest parameter value at which P(target met) reaches a level (bisection, resumable)");
  auto args = std::make_shared<ExperimentArgs>();
  add_experiment_options(*cmd, *args,
                         {"SOLVE", "solve file (YAML)", "solve folder (default: results/<solve name>/)",
                          "--restart", "discard recorded evaluations in the folder and start over"});
  return [args, command_line] { return solve(*args, command_line); };
}

}  // namespace smesim::cli
