#include "cli/commands.hpp"

namespace smesim::cli {

Action add_solve_command(CLI::App& app, const std::string& command_line) {
  auto* cmd = app.add_subcommand(
      "solve",
      "Find the smallest parameter value at which P(target met) reaches a level (bisection, resumable)");
  auto args = std::make_shared<StudyArgs>();
  add_study_options(*cmd, *args,
                    {"SOLVE", "solve file (YAML)", "solve folder (default: results/<solve name>/)",
                     "--restart", "discard recorded evaluations in the folder and start over"});
  return [args, command_line] {
    const std::unique_ptr<Study> study = load_study("solve", *args);
    return run_study_command(*study, *args, command_line);
  };
}

}  // namespace smesim::cli
