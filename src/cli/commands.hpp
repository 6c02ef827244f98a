#pragma once
// One function per subcommand; each registers its options on the CLI11 app and returns the
// action to run when the subcommand is chosen. Exit codes: 0 success, 1 output or internal
// error, 2 bad input, 130 interrupted.

#include <cstdint>
#include <functional>
#include <string>

#include <CLI/CLI.hpp>

#include "smesim/engine/mpi_executor.hpp"
#include "smesim/study/run_study.hpp"
#include "smesim/study/study_kinds.hpp"

namespace smesim::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitInterrupted = 130;

using Action = std::function<int()>;

/// What the commands of one process share: its MPI session (a study runs over its ranks when
/// it has several) and its command line (for the manifests).
struct CommandContext {
  const MpiSession& mpi;
  std::string command_line;
  /// On a worker rank: a study command served rank 0's tasks with its study (main.cpp serves
  /// without one otherwise).
  bool served = false;
};

/// The command of a kind of study (smesim/study/study_kinds.hpp); `kind` and `context`
/// must outlive the action.
Action add_study_command(CLI::App& app, const StudyKind& kind, CommandContext& context);
Action add_merge_command(CLI::App& app, const std::string& command_line);
Action add_validate_command(CLI::App& app);
Action add_init_command(CLI::App& app);
Action add_report_command(CLI::App& app);

/// Adds `--report` (write report.html into the results folder) to a command.
void add_report_flag(CLI::App& command, bool& report);
/// Registers --no-xlsx.
void add_workbook_flag(CLI::App& command, bool& no_workbook);
/// Registers --accept-foreign-records (a resumable study and merge).
void add_accept_foreign_flag(CLI::App& command, bool& accept);

/// The options every study command shares.
struct StudyArgs {
  std::string file;                ///< the study file (run: the scenario, empty = the built-in one)
  std::string out;                 ///< --out; empty = the study's default folder
  std::uint32_t replications = 0;  ///< --reps; 0 = the file's
  std::uint32_t seed = 0;
  bool seed_given = false;  ///< --seed
  int threads = 0;
  bool restart = false;  ///< --restart (run: --force)
  bool quiet = false;
  bool report = false;
  bool no_workbook = false;     ///< --no-xlsx
  std::string max_memory;       ///< --max-memory as given; empty = the memory available
  std::string shard;            ///< --shard i/N as given; empty = the whole study
  bool accept_foreign = false;  ///< --accept-foreign-records
};

/// Registers --reps and --seed.
void add_reps_and_seed(CLI::App& command, StudyArgs& args);

/// Registers --reps, --seed, --threads, --out, `restart` (--restart or --force), --quiet,
/// --max-memory, --report and --no-xlsx.
void add_common_study_options(CLI::App& command, StudyArgs& args, const std::string& out_what,
                              const std::string& restart, const std::string& restart_what);

/// @brief The study of `kind` from args.file, with --reps and --seed over the file's.
/// @throws ScenarioError for a bad file
std::unique_ptr<Study> load_study(const StudyKind& kind, const StudyArgs& args);

/// The kind of the study whose shards `smesim merge` combines. @throws ShardError for a name
/// that is not a resumable kind's
const StudyKind& mergeable_kind(const std::string& name);

/// The folder a command of `kind` writes (smesim/study/results_folder.hpp), from --out,
/// --restart (a run's --force) and --shard.
StoreOpener study_folder(const StudyKind& kind, const StudyArgs& args);

/// Runs `study` on the executor of the context's session (make_executor: over its ranks, or
/// this process' threads; on a worker rank it serves rank 0's tasks with the study's reduce
/// instead) with the options' progress bar, interruption and report, in the store
/// `open_store` opens; prints its summary and returns the exit code.
int run_study_command(Study& study, const StudyArgs& args, CommandContext& context,
                      const StoreOpener& open_store);

/// Prints a complete study's summary, its warnings and where its results (and report) are;
/// the exit code (1 when the report could not be written).
int print_complete_study(const StudyResult& result, const StudyArgs& args);

}  // namespace smesim::cli
