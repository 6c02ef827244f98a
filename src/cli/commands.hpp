#pragma once
// One function per subcommand; each registers its options on the CLI11 app and returns the
// action to run when the subcommand is chosen. Exit codes: 0 success, 1 output or internal
// error, 2 bad input, 130 interrupted.

#include <functional>

#include <CLI/CLI.hpp>

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

}  // namespace smesim::cli
