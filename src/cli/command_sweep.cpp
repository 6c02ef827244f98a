#include <unistd.h>

#include <atomic>
#include <csignal>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "io/experiment_store.hpp"
#include "io/outputs.hpp"
#include "io/provenance.hpp"
#include "io/report/report.hpp"
#include "smesim/experiment.hpp"
#include "smesim/forecast_summary.hpp"
#include "smesim/sweep.hpp"

namespace smesim::cli {
namespace {

std::string point_json(std::size_t index, const SweepDef& sweep, const std::vector<std::string>& values,
                       const ScenarioDef& variant, const ForecastSummary& summary) {
  nlohmann::ordered_json assignment = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < sweep.parameters.size(); ++i) assignment[sweep.parameters[i].path] = values[i];
  nlohmann::ordered_json point{
      {"point", index},
      {"values", assignment},
      {"summary", nlohmann::ordered_json::parse(detail::forecast_summary_json(variant, summary))}};
  return point.dump(2) + "\n";
}

int sweep(const ExperimentArgs& args, const std::string& command_line) {
  const SweepDef def = load_sweep_file(args.file);
  const auto points = sweep_points(def);
  std::vector<ScenarioDef> variants;
  variants.reserve(points.size());
  for (const auto& values : points)
    variants.push_back(sweep_variant(def, values));  // validates every point first

  check_experiment_memory(variants, memory_options(args));
  const InterruptGuard guard;
  const std::filesystem::path folder =
      args.out.empty() ? std::filesystem::path("results") / def.name : std::filesystem::path(args.out);
  const detail::ExperimentStore store(folder, detail::sweep_experiment(def), args.restart);
  const std::size_t resumed = store.finished_points();
  const std::string started = detail::utc_now_iso8601();
  const bool progress = !args.quiet && ::isatty(STDERR_FILENO) != 0;
  if (resumed > 0 && !args.quiet)
    std::cerr << fmt::format("smesim: resuming {}: {} of {} points already done\n", folder.string(), resumed,
                             points.size());
  ExperimentOptions options;
  options.threads = args.threads;
  options.max_memory_bytes = max_memory_bytes(args);
  options.cancel = interrupt_flag();
  options.already_done = [&store, &points, progress](std::size_t i) {
    if (store.has_point(i)) return true;
    if (progress) std::cerr << fmt::format("\rpoint {}/{} ", i + 1, points.size()) << std::flush;
    return false;
  };
  const bool complete =
      run_experiment(variants, options, [&](std::size_t i, std::vector<ReplicationResult>&& results) {
        store.write_point(
            i, point_json(i, def, points[i], variants[i], summarise_forecast(variants[i], results)));
      });
  if (!complete) {
    std::cerr << fmt::format(
        "\nsmesim: interrupted; {} finished points are kept in {}; run the same command "
        "again to resume\n",
        store.finished_points(), folder.string());
    return InterruptGuard::exit_code();
  }
  if (progress) std::cerr << "\r" << std::string(40, ' ') << "\r";

  std::vector<std::string> finished;
  for (std::size_t i = 0; i < points.size(); ++i) finished.push_back(store.read_point(i));
  store.write_output("points.csv", detail::points_csv(def, finished));
  nlohmann::ordered_json manifest{{"tool", "smesim"},
                                  {"sweep", def.name},
                                  {"sweep_file", def.file},
                                  {"scenario_source", def.scenario_source},
                                  {"identity", detail::scenario_hash(sweep_identity(def))},
                                  {"points", points.size()},
                                  {"points_resumed", resumed},
                                  {"replications_per_point", def.base.replications},
                                  {"seed", def.base.seed},
                                  {"command_line", command_line},
                                  {"finished_utc", detail::utc_now_iso8601()},
                                  {"started_utc", started}};
  detail::add_provenance(manifest, def.base);
  store.write_output("manifest.json", manifest.dump(2) + "\n");

  std::cout << fmt::format("smesim sweep: {} - {} points x {} replications (seed {})\n\n", def.name,
                           points.size(), def.base.replications, def.base.seed);
  std::string header = fmt::format("{:>6}", "point");
  for (const auto& p : def.parameters)
    header +=
        fmt::format("  {:>24}", p.path.size() > 24 ? "..." + p.path.substr(p.path.size() - 21) : p.path);
  std::cout << header
            << fmt::format("  {:>10} {:>10} {:>12} {:>7}\n", "developed", "expanded", "cost M THB", "P(all)");
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto json = nlohmann::json::parse(finished[i]);
    const auto& summary = json.at("summary");
    std::string row = fmt::format("{:>6}", i);
    for (const auto& v : points[i]) row += fmt::format("  {:>24}", v);
    auto median = [&](const char* kpi) {
      const auto& v = summary.at("kpis").at(kpi).at("p50");
      return v.is_number() ? v.get<double>() : 0.0;
    };
    const auto& p_all = summary.at("targets").at("all").at("probability_met");
    std::cout << row
              << fmt::format("  {:>10.0f} {:>10.0f} {:>12.1f} {:>7.3f}\n", median("developed"),
                             median("expanded"), median("cost_reduction_thb") / 1e6,
                             p_all.is_number() ? p_all.get<double>() : 0.0);
  }
  std::cout << fmt::format("\n(medians across replications)\nResults: {}\n", folder.string());
  if (args.report) std::cout << fmt::format("Report: {}\n", detail::report::write_report(folder).string());
  return kExitOk;
}

}  // namespace

Action add_sweep_command(CLI::App& app, const std::string& command_line) {
  auto* cmd = app.add_subcommand("sweep", "Run a scenario at every point of a parameter sweep (resumable)");
  auto args = std::make_shared<ExperimentArgs>();
  add_experiment_options(*cmd, *args,
                         {"SWEEP", "sweep file (YAML)", "sweep folder (default: results/<sweep name>/)",
                          "--restart", "discard finished points in the folder and start over"});
  return [args, command_line] { return sweep(*args, command_line); };
}

}  // namespace smesim::cli
