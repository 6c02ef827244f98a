#include <unistd.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/option_checks.hpp"
#include "engine/memory_estimate.hpp"
#include "io/column_store.hpp"
#include "io/console_table.hpp"
#include "io/outputs.hpp"
#include "io/replication_files.hpp"
#include "io/report/report.hpp"
#include "io/results_dir.hpp"
#include "smesim/error.hpp"
#include "smesim/forecast.hpp"
#include "smesim/forecast_summary.hpp"
#include "smesim/scenario.hpp"

namespace smesim::cli {
namespace {

struct RunArgs {
  std::string scenario;
  std::uint32_t replications = 0;
  std::uint32_t seed = 0;
  bool seed_given = false;
  int threads = 0;
  std::string out;
  bool force = false;
  bool quiet = false;
  bool report = false;
  std::string max_memory;
};

// A one-line progress bar on stderr, only when stderr is a terminal.
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled && ::isatty(STDERR_FILENO) != 0) {}
  void update(std::size_t done, std::size_t total) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (done != total && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
    const double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0;
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(kWidth * done / std::max<std::size_t>(1, total));
    std::cerr << fmt::format("\r[{}{}] {}/{} replications  {:.1f}/s  ETA {:.0f} s ", std::string(filled, '#'),
                             std::string(kWidth - filled, ' '), done, total, rate, eta)
              << std::flush;
  }
  void finish() {
    if (enabled_) std::cerr << "\r" << std::string(80, ' ') << "\r" << std::flush;
  }

 private:
  bool enabled_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
};

int run(const RunArgs& args, const std::string& command_line) {
  LoadedScenario loaded = args.scenario.empty() ? load_builtin_scenario() : load_scenario_file(args.scenario);
  ScenarioDef& def = loaded.def;
  if (args.replications > 0) def.replications = static_cast<int>(args.replications);
  if (args.seed_given) def.seed = args.seed;
  const auto networks = expand_networks(def);

  // Refused before the results folder (or its parents) exists: bad input writes nothing.
  const std::size_t max_memory = args.max_memory.empty() ? 0 : detail::parse_byte_size(args.max_memory);
  detail::check_memory(
      detail::estimate_streamed_memory(def, static_cast<std::size_t>(def.replications), args.threads),
      max_memory);

  const InterruptGuard guard;
  // Refuse an unusable destination before spending minutes on the forecast.
  const auto destination =
      args.out.empty() ? detail::default_results_path("results", def.name) : std::filesystem::path(args.out);
  detail::ResultsDir folder(destination, args.force);

  detail::RunInfo info;
  info.command_line = command_line;
  info.scenario_source = loaded.source;
  info.started_utc = detail::utc_now_iso8601();
  info.threads = args.threads;

  Progress progress(!args.quiet);
  ForecastOptions options;
  options.replications = static_cast<std::uint32_t>(def.replications);
  options.threads = args.threads;
  options.cancel = interrupt_flag();
  options.max_memory_bytes = max_memory;
  options.on_progress = [&](std::size_t done, std::size_t total) { progress.update(done, total); };
  // Rows are written as replications finish and only the summary's columns are kept (in a
  // scratch file of the staging folder once they outgrow a block): memory stays bounded
  // however many replications run (docs/outputs.md "Memory").
  detail::ReplicationFiles files(folder.file(""), def, networks);
  std::optional<detail::ColumnStore> columns;
  ForecastShape shape;
  std::vector<double> row;
  double firms_sum = 0;
  const std::size_t delivered =
      run_forecast_streaming(def, options, [&](std::span<const ReplicationResult> block) {
        if (!columns) {
          shape = ForecastShape::of(block.front());
          columns.emplace(shape.columns(), folder.file(".summary-columns"), detail::kSummaryBlockBytes);
          row.resize(shape.columns());
        }
        files.write(block);
        for (const ReplicationResult& r : block) {
          summary_row(r, shape, row);
          columns->append(row);
          firms_sum += r.firms;
        }
      });
  progress.finish();
  auto stop = [] {
    std::cerr << "smesim: interrupted; no results were written\n";
    return InterruptGuard::exit_code();
  };
  if (InterruptGuard::interrupted() || delivered != static_cast<std::size_t>(def.replications)) return stop();
  files.close();
  info.finished_utc = detail::utc_now_iso8601();
  const ForecastSummary summary = summarise_forecast(
      def, delivered, shape,
      [&](std::size_t column, std::vector<double>& values) { columns->read_column(column, values); });
  columns.reset();  // removes the scratch file before the folder is complete
  detail::write_run_outputs(folder.file(""), def, networks, summary, info);
  // In the staging folder too, so the results folder appears complete with its report. A
  // report that cannot be written must not cost the forecast: the results are kept.
  std::string report_error;
  if (args.report) {
    try {
      detail::report::write_report(folder.file(""));
    } catch (const Error& e) {
      report_error = e.what();
    }
  }
  if (InterruptGuard::interrupted()) return stop();
  folder.commit();

  std::cout << fmt::format(
                   "smesim: {} - {} replications x {} months, {} SMEs (mean) in {} networks, seed {}\n\n",
                   def.name, delivered, def.time.horizon_months,
                   detail::with_thousands(firms_sum / static_cast<double>(delivered)), networks.size(),
                   def.seed)
            << detail::forecast_table(def, summary)
            << fmt::format("\nResults: {}\n", folder.destination().string());
  for (const std::string& warning : detail::budget_warnings(def, networks, summary))
    std::cerr << warning << '\n';
  if (!report_error.empty()) {
    std::cerr << fmt::format("smesim: error: the report was not written: {}\n", report_error);
    return kExitFailure;
  }
  if (args.report) std::cout << fmt::format("Report: {}\n", (folder.destination() / "report.html").string());
  return kExitOk;
}

}  // namespace

Action add_run_command(CLI::App& app, const std::string& command_line) {
  auto* cmd = app.add_subcommand(
      "run", "Run the Monte Carlo forecast of a scenario (default: the built-in OSMEP 2015 programme)");
  auto args = std::make_shared<RunArgs>();
  cmd->add_option("SCENARIO", args->scenario, "scenario file (YAML); omit for the built-in default");
  cmd->add_option("--reps", args->replications, "replications (overrides the scenario's `replications`)")
      ->check(whole_number_in(1, 100'000'000));
  cmd->add_option("--seed", args->seed, "random seed (overrides the scenario's `seed`)")
      ->check(whole_number_in(0, 4'294'967'295))
      ->each([args](const std::string&) { args->seed_given = true; });
  cmd->add_option("--threads", args->threads, "worker threads (0 = all cores)")
      ->check(whole_number_in(0, 4096));
  cmd->add_option("--out", args->out, "write results into this folder (default: results/<name>/<UTC time>/)")
      ->check(non_empty());
  cmd->add_flag("--force", args->force, "replace --out if it exists and is not empty");
  cmd->add_flag("--quiet", args->quiet, "no progress bar");
  cmd->add_option("--max-memory", args->max_memory,
                  "refuse a run estimated to need more (e.g. 8G; default: the memory available)")
      ->check(byte_size());
  add_report_flag(*cmd, args->report);
  return [args, command_line] { return run(*args, command_line); };
}

}  // namespace smesim::cli
