#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "io/csv_writer.hpp"
#include "io/outputs.hpp"
#include "io/results_dir.hpp"
#include "smesim/compare.hpp"
#include "smesim/experiment.hpp"
#include "smesim/forecast_summary.hpp"
#include "smesim/scenario.hpp"

namespace smesim::detail {
std::string_view version_string();
std::string_view git_revision();
}  // namespace smesim::detail

namespace smesim::cli {
namespace {

namespace fs = std::filesystem;

struct CompareArgs {
  std::string file;
  std::string out;
  int threads = 0;
  bool force = false;
  bool quiet = false;
};

std::string comparison_csv(const CompareDef& def, const std::vector<ForecastSummary>& summaries,
                           const Comparison& comparison) {
  std::ostringstream out;
  detail::CsvWriter csv(out);
  for (const char* column :
       {"variant", "kpi", "direction", "replications", "mean", "p5", "p50", "p95", "diff_mean", "diff_sd",
        "diff_ci95_lo", "diff_ci95_hi", "p_better", "p_best", "precision", "replications_needed"})
    csv.cell(column);
  csv.end_row();
  for (std::size_t v = 0; v < def.variants.size(); ++v) {
    for (const FinalKpi kpi : kFinalKpis) {
      const KpiComparison& c = comparison.at(v, kpi);
      // The distribution is summarise_forecast's, so comparison.csv and summary.json agree.
      const Summary& s = summaries[v].kpis[kpi];
      csv.cell(def.variants[v].name)
          .cell(to_string(kpi))
          .cell(to_string(kpi_direction(kpi)))
          .cell(static_cast<long long>(s.n))
          .cell(s.mean)
          .cell(s.p5)
          .cell(s.p50)
          .cell(s.p95)
          .cell(c.difference.mean)
          .cell(c.difference.sd)
          .cell(c.difference.ci95.first)
          .cell(c.difference.ci95.second)
          .cell(c.p_better)
          .cell(c.p_best)
          .cell(def.precision[static_cast<std::size_t>(kpi)])
          .cell(c.replications_needed);
      csv.end_row();
    }
  }
  return out.str();
}

std::string console_table(const CompareDef& def, const std::vector<ForecastSummary>& summaries,
                          const Comparison& comparison) {
  std::size_t width = 7;
  for (const auto& v : def.variants) width = std::max(width, v.name.size());
  std::string text = fmt::format("{:<{}}  {:>9} {:>9} {:>11}  {:>30}  {:>9} {:>7} {:>7}\n", "variant", width,
                                 "developed", "expanded", "cost M THB", "developed - baseline [95% CI]",
                                 "P(better)", "P(best)", "P(all)");
  auto number = [](double x, const char* format) {
    return std::isnan(x) ? std::string("-") : fmt::format(fmt::runtime(format), x);
  };
  for (std::size_t v = 0; v < def.variants.size(); ++v) {
    const ForecastSummary& s = summaries[v];
    const KpiComparison& dev = comparison.at(v, FinalKpi::developed);
    std::string diff = "(baseline)";
    if (v != def.baseline)
      diff = fmt::format("{:+.0f} [{:+.0f}, {:+.0f}]", dev.difference.mean, dev.difference.ci95.first,
                         dev.difference.ci95.second);
    text += fmt::format(
        "{:<{}}  {:>9} {:>9} {:>11}  {:>30}  {:>9} {:>7} {:>7}\n", def.variants[v].name, width,
        number(s.kpis[FinalKpi::developed].p50, "{:.0f}"), number(s.kpis[FinalKpi::expanded].p50, "{:.0f}"),
        number(s.kpis[FinalKpi::cost_reduction_thb].p50 / 1e6, "{:.1f}"), diff,
        v == def.baseline ? std::string("-") : number(dev.p_better, "{:.3f}"), number(dev.p_best, "{:.3f}"),
        number(s.target(Target::all).probability_met, "{:.3f}"));
  }
  return text;
}

int compare(const CompareArgs& args, const std::string& command_line) {
  const CompareDef def = load_compare_file(args.file);
  const std::vector<ScenarioDef> variants = compare_variants(def);

  const InterruptGuard guard;
  // Refuse an unusable destination before spending minutes on the variants.
  const auto destination =
      args.out.empty() ? detail::default_results_path("results", def.name) : fs::path(args.out);
  detail::ResultsDir folder(destination, args.force);
  const std::string started = detail::utc_now_iso8601();
  const bool progress = !args.quiet && ::isatty(STDERR_FILENO) != 0;

  std::vector<ForecastSummary> summaries(variants.size());
  std::vector<KpiSamples> samples(variants.size());
  ExperimentOptions options;
  options.threads = args.threads;
  options.cancel = interrupt_flag();
  options.already_done = [&](std::size_t v) {
    if (progress)
      std::cerr << fmt::format("\rvariant {}/{} ({}) ", v + 1, variants.size(), def.variants[v].name)
                << std::flush;
    return false;
  };
  // Each variant's results are reduced to its summary and its final KPIs as soon as it
  // finishes: memory stays at one variant's replications.
  const bool complete =
      run_experiment(variants, options, [&](std::size_t v, std::vector<ReplicationResult>&& results) {
        summaries[v] = summarise_forecast(variants[v], results);
        samples[v] = kpi_samples(results);
      });
  if (progress) std::cerr << "\r" << std::string(60, ' ') << "\r";
  auto stop = [] {
    std::cerr << "smesim: interrupted; no results were written\n";
    return kExitInterrupted;
  };
  if (!complete || InterruptGuard::interrupted()) return stop();

  const Comparison comparison = compare_samples(samples, def.baseline, def.precision);
  detail::write_file_atomically(folder.file("comparison.csv"), comparison_csv(def, summaries, comparison));
  nlohmann::ordered_json variant_list = nlohmann::ordered_json::array();
  for (std::size_t v = 0; v < variants.size(); ++v) {
    const fs::path dir = folder.file("variants") / def.variants[v].name;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw OutputError(fmt::format("cannot create {}: {}", dir.string(), ec.message()));
    detail::write_file_atomically(dir / "summary.json",
                                  detail::forecast_summary_json(variants[v], summaries[v]));
    nlohmann::ordered_json assignments = nlohmann::ordered_json::object();
    for (const auto& [path, value] : def.variants[v].assignments) assignments[path] = value;
    variant_list.push_back({{"name", def.variants[v].name},
                            {"values", assignments},
                            {"scenario_hash", detail::scenario_hash(resolved_scenario_json(variants[v]))}});
  }
  const nlohmann::ordered_json manifest{{"tool", "smesim"},
                                        {"version", std::string(detail::version_string())},
                                        {"git_revision", std::string(detail::git_revision())},
                                        {"comparison", def.name},
                                        {"compare_file", def.file},
                                        {"scenario_source", def.scenario_source},
                                        {"baseline", def.variants[def.baseline].name},
                                        {"replications_per_variant", def.base.replications},
                                        {"seed", def.base.seed},
                                        {"threads", args.threads},
                                        {"variants", variant_list},
                                        {"command_line", command_line},
                                        {"started_utc", started},
                                        {"finished_utc", detail::utc_now_iso8601()},
                                        {"files", {"comparison.csv", "variants/<name>/summary.json"}}};
  detail::write_file_atomically(folder.file("manifest.json"), manifest.dump(2) + "\n");
  if (InterruptGuard::interrupted()) return stop();
  folder.commit();

  std::cout
      << fmt::format(
             "smesim compare: {} - {} variants x {} replications (seed {}, common random numbers), "
             "baseline {}\n\n",
             def.name, variants.size(), def.base.replications, def.base.seed, def.variants[def.baseline].name)
      << console_table(def, summaries, comparison)
      << "\n(medians across replications; the difference is paired, replication by replication; P(better)\n"
         "and P(best) are of developed SMEs; P(all) = P(all targets met))\n"
      << fmt::format("Results: {}\n", folder.destination().string());
  return kExitOk;
}

}  // namespace

Action add_compare_command(CLI::App& app, const std::string& command_line) {
  auto* cmd =
      app.add_subcommand("compare", "Compare named variants of a scenario with common random numbers");
  auto args = std::make_shared<CompareArgs>();
  cmd->add_option("COMPARE", args->file, "compare file (YAML)")->required();
  cmd->add_option("--out", args->out, "write results into this folder (default: results/<name>/<UTC time>/)");
  cmd->add_option("--threads", args->threads, "worker threads (0 = all cores)")->check(CLI::Range(0, 4096));
  cmd->add_flag("--force", args->force, "replace --out if it exists and is not empty");
  cmd->add_flag("--quiet", args->quiet, "no progress");
  return [args, command_line] { return compare(*args, command_line); };
}

}  // namespace smesim::cli
