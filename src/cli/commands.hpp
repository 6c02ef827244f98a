#pragma once
// One function per subcommand; each registers its options on the CLI11 app and returns the
// action to run when the subcommand is chosen. Exit codes: 0 success, 1 output or internal
// error, 2 bad input, 130 interrupted.

#include <cstdint>
#include <functional>
#include <string>

#include <CLI/CLI.hpp>

#include "smesim/engine/mpi_executor.hpp"
#include "smesim/scenario/scenario_def.hpp"
#include "smesim/study/run_study.hpp"

namespace smesim::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitInterrupted = 130;

using Action = std::function<int()>;

Action add_run_command(CLI::App& app, const std::string& command_line);
Action add_sweep_command(CLI::App& app, const std::string& command_line);
Action add_compare_command(CLI::App& app, const std::string& command_line);
Action add_solve_command(CLI::App& app, const std::string& command_line);
Action add_optimise_command(CLI::App& app, const std::string& command_line);
Action add_sensitivity_command(CLI::App& app, const std::string& command_line);
Action add_merge_command(CLI::App& app, const std::string& command_line);
Action add_validate_command(CLI::App& app);
Action add_init_command(CLI::App& app);
Action add_report_command(CLI::App& app);

/// Adds `--report` (write report.html into the results folder) to a command.
void add_report_flag(CLI::App& command, bool& report);
/// Registers --no-xlsx.
void add_workbook_flag(CLI::App& command, bool& no_workbook);

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
  bool no_workbook = false;  ///< --no-xlsx
  std::string max_memory;    ///< --max-memory as given; empty = the memory available
  std::string shard;         ///< --shard i/N as given; empty = the whole study
};

/// What the shared options say in each command's --help.
struct StudyHelp {
  std::string file_name;     ///< `SWEEP`
  std::string file_what;     ///< `sweep file (YAML)`
  std::string folder;        ///< `sweep folder (default: results/<sweep name>/)`
  std::string restart;       ///< the names of --restart (`--restart`, or with aliases)
  std::string restart_what;  ///< `discard finished points in the folder and start over`
};

/// Registers --reps and --seed.
void add_reps_and_seed(CLI::App& command, StudyArgs& args);

/// Registers --reps, --seed, --threads, --out, `restart` (--restart or --force), --quiet,
/// --max-memory, --report and --no-xlsx.
void add_common_study_options(CLI::App& command, StudyArgs& args, const std::string& out_what,
                              const std::string& restart, const std::string& restart_what);

/// Registers the study file (required), the common options and --shard.
void add_study_options(CLI::App& command, StudyArgs& args, const StudyHelp& help);

/// --reps and --seed over what the file says.
void apply_overrides(const StudyArgs& args, ScenarioDef& base);

/// @brief The study of `kind` (`sweep`, `compare`, `sensitivity`, `solve`, `optimise`) from args.file, with
/// --reps and --seed applied. @throws ScenarioError for a bad file; ShardError for another kind
std::unique_ptr<Study> load_study(const std::string& kind, const StudyArgs& args);

/// The MPI session of this process (main.cpp): studies run on its ranks when it has more than
/// one, on this process' threads otherwise.
void use_mpi_session(const MpiSession* session);

/// On a worker rank: whether a study command served rank 0's tasks with its study (main.cpp
/// serves without one otherwise).
bool served_as_worker();

/// The folder a study command writes: --out, else results/<study name>/ (a shard's:
/// results/<study name>-shard-<i>-of-<N>/).
StoreOpener study_folder(const StudyArgs& args);

/// Runs `study` on the executor of the session (MpiExecutor over ranks, or ThreadExecutor;
/// on a worker rank: serves rank 0's tasks with the study's reduce)
/// with the options' progress bar, interruption and report, in the store `open_store` opens (by default the
/// resumable folder --out, or results/<study name>/), prints its summary and returns the exit code.
int run_study_command(Study& study, const StudyArgs& args, const std::string& command_line,
                      const StoreOpener& open_store = {});

/// Prints a complete study's summary, its warnings and where its results (and report) are;
/// the exit code (1 when the report could not be written).
int print_complete_study(const StudyResult& result, const StudyArgs& args);

}  // namespace smesim::cli
