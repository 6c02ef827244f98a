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
Action add_sensitivity_command(CLI::App& app, const std::string& command_line);
Action add_validate_command(CLI::App& app);
Action add_init_command(CLI::App& app);
Action add_report_command(CLI::App& app);

/// Adds `--report` (write report.html into the results folder) to a command.
void add_report_flag(CLI::App& command, bool& report);

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
  std::string max_memory;  ///< --max-memory as given; empty = the memory available
};

/// What the shared options say in each command's --help.
struct StudyHelp {
  std::string file_name;     ///< `SWEEP`
  std::string file_what;     ///< `sweep file (YAML)`
  std::string folder;        ///< `sweep folder (default: results/<sweep name>/)`
  std::string restart;       ///< the names of --restart (`--restart`, or with aliases)
  std::string restart_what;  ///< `discard finished points in the folder and start over`
};

/// Registers --reps, --seed, --threads, --out, `restart` (--restart or --force), --quiet,
/// --max-memory and --report.
void add_common_study_options(CLI::App& command, StudyArgs& args, const std::string& out_what,
                              const std::string& restart, const std::string& restart_what);

/// Registers the study file (required) and the common options.
void add_study_options(CLI::App& command, StudyArgs& args, const StudyHelp& help);

/// --reps and --seed over what the file says.
void apply_overrides(const StudyArgs& args, ScenarioDef& base);

/// The MPI session of this process (main.cpp): studies run on its ranks when it has more than
/// one, on this process' threads otherwise.
void use_mpi_session(const MpiSession* session);

/// Runs `study` on the executor of the session (MpiExecutor over ranks, or ThreadExecutor)
/// with the options' progress bar, interruption and report, in the store `open_store` opens (by default the
/// resumable folder --out, or results/<study name>/), prints its summary and returns the exit code.
int run_study_command(Study& study, const StudyArgs& args, const std::string& command_line,
                      const StoreOpener& open_store = {});

}  // namespace smesim::cli
