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
#include "smesim/engine/executor_factory.hpp"
#include "smesim/error.hpp"
#include "smesim/study/results_folder.hpp"
#include "smesim/study/run_study.hpp"

namespace smesim::cli {

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

void add_accept_foreign_flag(CLI::App& command, bool& accept) {
  command.add_flag("--accept-foreign-records", accept,
                   "use stored records this smesim did not write (edited, or made by another version or "
                   "revision) instead of refusing them; the manifest lists each");
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

namespace {

// The scenario or study file, the options every study shares and, for a resumable kind,
// --shard.
void add_study_options(CLI::App& command, StudyArgs& args, const StudyKind& kind) {
  auto* file = command.add_option(std::string(kind.file_name), args.file, std::string(kind.file_what));
  if (!kind.resumable) {
    add_common_study_options(command, args, std::string(kind.folder_what), std::string(kind.restart),
                             std::string(kind.restart_what));
    return;
  }
  file->required();
  add_common_study_options(command, args, fmt::format("{}; re-running resumes it", kind.folder_what),
                           std::string(kind.restart), std::string(kind.restart_what));
  add_accept_foreign_flag(command, args.accept_foreign);
  // The outputs (and so the report) need every shard: `smesim merge … --report` writes it.
  command
      .add_option("--shard", args.shard,
                  "run only shard i of N of the study into a folder of its own (default: "
                  "results/<name>-shard-<i>-of-<N>/); `smesim merge` combines the N folders")
      ->check(shard_spec())
      ->excludes("--report");
}

}  // namespace

Action add_study_command(CLI::App& app, const StudyKind& kind, CommandContext& context) {
  auto* cmd = app.add_subcommand(std::string(kind.name), std::string(kind.help));
  auto args = std::make_shared<StudyArgs>();
  add_study_options(*cmd, *args, kind);
  return [args, &kind, &context] {
    const std::unique_ptr<Study> study = load_study(kind, *args);
    return run_study_command(*study, *args, context, study_folder(kind, *args));
  };
}

std::unique_ptr<Study> load_study(const StudyKind& kind, const StudyArgs& args) {
  StudyOverrides overrides;
  if (args.replications > 0) overrides.replications = static_cast<int>(args.replications);
  if (args.seed_given) overrides.seed = args.seed;
  return kind.load(args.file, overrides);
}

const StudyKind& mergeable_kind(const std::string& name) {
  const StudyKind* kind = find_study_kind(name);
  if (kind == nullptr || !kind->resumable)
    throw ShardError(
        fmt::format("`{}` is not a kind of study smesim can merge ({})", name, study_kind_names(true)));
  return *kind;
}

StoreOpener study_folder(const StudyKind& kind, const StudyArgs& args) {
  return results_folder(kind, args.out, args.restart, args.shard.empty() ? Shard{} : parse_shard(args.shard));
}

int run_study_command(Study& study, const StudyArgs& args, CommandContext& context,
                      const StoreOpener& open_store) {
  // A worker rank has built the same study as rank 0 to reduce with; rank 0 runs it.
  if (context.mpi.rank() > 0) {
    context.served = true;
    return context.mpi.serve(portable_reduction(study, true));
  }
  const InterruptGuard guard;
  const std::unique_ptr<Executor> executor = make_executor(args.threads, &context.mpi);
  detail::ProgressBar bar(std::cerr, !args.quiet && ::isatty(STDERR_FILENO) != 0);
  RunStudyOptions options;
  options.max_memory_bytes = args.max_memory.empty() ? 0 : detail::parse_byte_size(args.max_memory);
  options.cancel = interrupt_flag();
  options.on_progress = [&bar](const StudyProgress& p) {
    bar.update(p.replications_done, p.replications_total, p.records_done, p.records_total, p.record_noun);
  };
  if (!args.quiet) options.on_notice = [](const std::string& line) { std::cerr << line << '\n'; };
  options.command_line = context.command_line;
  options.threads = args.threads;
  options.report = args.report;
  options.workbook = !args.no_workbook;
  options.accept_foreign_records = args.accept_foreign;
  if (!args.shard.empty()) options.shard = parse_shard(args.shard);
  const StudyResult result = run_study(study, *executor, open_store, options);
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
  // A blank line between the summary and where its files are, as between its blocks.
  std::cout << result.report.console << (result.report.console.empty() ? "" : "\n")
            << fmt::format("Results: {}\n", result.folder.string());
  for (const std::string& warning : result.report.warnings) std::cerr << warning << '\n';
  if (!result.report_error.empty()) {
    std::cerr << fmt::format("smesim: error: the report was not written: {}\n", result.report_error);
    return kExitFailure;
  }
  if (args.report) std::cout << fmt::format("Report: {}\n", result.report_html.string());
  return kExitOk;
}

}  // namespace smesim::cli
