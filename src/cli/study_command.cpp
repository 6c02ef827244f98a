// What every study command does the same way: its options, the executor, the folder, the
// progress bar, interruption and the report.
#include <unistd.h>

#include <iostream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/option_checks.hpp"
#include "engine/memory_estimate.hpp"
#include "io/progress_bar.hpp"
#include "smesim/engine/mpi_executor.hpp"
#include "smesim/engine/thread_executor.hpp"
#include "smesim/study/run_study.hpp"

namespace smesim::cli {
namespace {

const MpiSession* g_session = nullptr;
bool g_served = false;  ///< this worker rank has served rank 0's tasks

std::unique_ptr<Executor> make_executor(int threads) {
  if (g_session != nullptr && g_session->distributed())
    return std::make_unique<MpiExecutor>(*g_session, threads);
  return std::make_unique<ThreadExecutor>(threads);
}

}  // namespace

void use_mpi_session(const MpiSession* session) { g_session = session; }

bool served_as_worker() { return g_served; }

void add_report_flag(CLI::App& command, bool& report) {
  command.add_flag("--report", report, "also write report.html (charts and tables) into the results folder");
}

void add_workbook_flag(CLI::App& command, bool& no_workbook) {
  command.add_flag("--no-xlsx", no_workbook,
                   "do not write results.xlsx (the Excel workbook of the CSV tables)");
}

void add_reps_and_seed(CLI::App& command, StudyArgs& args) {
  command.add_option("--reps", args.replications, "replications per variant (overrides the file's)")
      ->check(whole_number_in(1, 100'000'000));
  command.add_option("--seed", args.seed, "random seed (overrides the file's)")
      ->check(whole_number_in(0, 4'294'967'295))
      ->each([&args](const std::string&) { args.seed_given = true; });
}

void add_common_study_options(CLI::App& command, StudyArgs& args, const std::string& out_what,
                              const std::string& restart, const std::string& restart_what) {
  add_reps_and_seed(command, args);
  command.add_option("--threads", args.threads, "worker threads (0 = all cores)")
      ->check(whole_number_in(0, 4096));
  command.add_option("--out", args.out, out_what)->check(non_empty());
  command.add_flag(restart, args.restart, restart_what);
  command.add_flag("--quiet", args.quiet, "no progress bar");
  command
      .add_option("--max-memory", args.max_memory,
                  "refuse a variant estimated to need more (e.g. 8G; default: the memory available)")
      ->check(byte_size());
  add_report_flag(command, args.report);
  add_workbook_flag(command, args.no_workbook);
}

void add_study_options(CLI::App& command, StudyArgs& args, const StudyHelp& help) {
  command.add_option(help.file_name, args.file, help.file_what)->required();
  add_common_study_options(command, args, help.folder + "; re-running resumes it", help.restart,
                           help.restart_what);
  // The outputs (and so the report) need every shard: `smesim merge … --report` writes it.
  command
      .add_option("--shard", args.shard,
                  "run only shard i of N of the study into a folder of its own (default: "
                  "results/<name>-shard-<i>-of-<N>/); `smesim merge` combines the N folders")
      ->check(shard_spec())
      ->excludes("--report");
}

void apply_overrides(const StudyArgs& args, ScenarioDef& base) {
  if (args.replications > 0) base.replications = static_cast<int>(args.replications);
  if (args.seed_given) base.seed = args.seed;
}

StoreOpener study_folder(const StudyArgs& args) {
  return [&args](const StudyIdentity& study) {
    const Shard shard = args.shard.empty() ? Shard{} : parse_shard(args.shard);
    std::filesystem::path folder = args.out;
    if (args.out.empty())
      folder = shard.whole() ? std::filesystem::path("results") / study.name
                             : default_shard_folder(study.name, shard);
    return open_study_folder(folder, study, args.restart, shard);
  };
}

int run_study_command(Study& study, const StudyArgs& args, const std::string& command_line,
                      const StoreOpener& open_store) {
  // A worker rank has built the same study as rank 0 to reduce with; rank 0 runs it.
  if (g_session != nullptr && g_session->rank() > 0) {
    g_served = true;
    return g_session->serve(portable_reduction(study, true));
  }
  const InterruptGuard guard;
  const std::unique_ptr<Executor> executor = make_executor(args.threads);
  detail::ProgressBar bar(std::cerr, !args.quiet && ::isatty(STDERR_FILENO) != 0);
  RunStudyOptions options;
  options.max_memory_bytes = args.max_memory.empty() ? 0 : detail::parse_byte_size(args.max_memory);
  options.cancel = interrupt_flag();
  options.on_progress = [&bar](const StudyProgress& p) {
    bar.update(p.replications_done, p.replications_total, p.records_done, p.records_total, p.record_noun);
  };
  if (!args.quiet) options.on_notice = [](const std::string& line) { std::cerr << line << '\n'; };
  options.command_line = command_line;
  options.threads = args.threads;
  options.report = args.report;
  options.workbook = !args.no_workbook;
  if (!args.shard.empty()) options.shard = parse_shard(args.shard);
  const StudyResult result =
      run_study(study, *executor, open_store ? open_store : study_folder(args), options);
  bar.finish();
  if (!result.complete) {
    if (result.resumable)
      std::cerr << fmt::format(
          "smesim: interrupted; {} finished {}s are kept in {}; run the same command again to resume\n",
          result.records_kept, result.record_noun, result.folder.string());
    else
      std::cerr << "smesim: interrupted; no results were written\n";
    return InterruptGuard::exit_code();
  }
  return print_complete_study(result, args);
}

int print_complete_study(const StudyResult& result, const StudyArgs& args) {
  std::cout << result.report.console << fmt::format("Results: {}\n", result.folder.string());
  for (const std::string& warning : result.report.warnings) std::cerr << warning << '\n';
  if (!result.report_error.empty()) {
    std::cerr << fmt::format("smesim: error: the report was not written: {}\n", result.report_error);
    return kExitFailure;
  }
  if (args.report) std::cout << fmt::format("Report: {}\n", result.report_html.string());
  return kExitOk;
}

}  // namespace smesim::cli
