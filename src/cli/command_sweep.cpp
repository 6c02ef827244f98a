#include "cli/commands.hpp"

namespace smesim::cli {

Action add_sweep_command(CLI::App& app, const std::string& command_line) {
  auto* cmd = app.add_subcommand("sweep", "Run a scenario at every point of a parameter sweep (resumable)");
  auto args = std::make_shared<StudyArgs>();
  add_study_options(*cmd, *args,
                    {"SWEEP", "sweep file (YAML)", "sweep folder (default: results/<sweep name>/)",
                     "--restart", "discard finished points in the folder and start over"});
  return [args, command_line] {
    const std::unique_ptr<Study> study = load_study("sweep", *args);
    return run_study_command(*study, *args, command_line);
  };
}

}  // namespace smesim::cli
