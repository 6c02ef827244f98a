#pragma once
// One function per subcommand; each registers its options on the CLI11 app and returns the
// action to run when the subcommand is chosen. Exit codes: 0 success, 1 output or internal
// error, 2 bad input, 130 interrupted.

#include <functional>

#include <CLI/CLI.hpp>

#include "smesim/experiment.hpp"

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

/// The command line of every experiment command (sweep, compare, sensitivity, solve).
struct ExperimentArgs {
  std::string file;
  std::string out;
  int threads = 0;
  bool restart = false;
  bool quiet = false;
  bool report = false;
  std::string max_memory;  ///< --max-memory as given; empty = the memory available
};

/// --max-memory in bytes (0 when not given).
std::size_t max_memory_bytes(const ExperimentArgs& args);

/// Experiment options carrying only --threads and --max-memory, for the memory check made
/// before a study writes anything.
ExperimentOptions memory_options(const ExperimentArgs& args);

/// What the shared options say in each command's --help.
struct ExperimentHelp {
  std::string file_name;     ///< `SWEEP`
  std::string file_what;     ///< `sweep file (YAML)`
  std::string folder;        ///< `sweep folder (default: results/<sweep name>/)`
  std::string restart;       ///< the names of --restart (`--restart`, or with aliases)
  std::string restart_what;  ///< `discard finished points in the folder and start over`
};

/// Registers FILE, --out, --threads, --restart, --quiet and --report.
void add_experiment_options(CLI::App& command, ExperimentArgs& args, const ExperimentHelp& help);

}  // namespace smesim::cli
