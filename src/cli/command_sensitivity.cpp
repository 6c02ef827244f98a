#include "cli/commands.hpp"

namespace smesim::cli {

Action add_sensitivity_command(CLI::App& app, const std::string& command_line) {
  auto* cmd = app.add_subcommand("sensitivity",
                                 "Sobol' or Morris sensitivity analysis over parameter ranges (resumable)");
  auto args = std::make_shared<StudyArgs>();
  add_study_options(*cmd, *args,
                    {"SENS", "sensitivity file (YAML)", "analysis folder (default: results/<name>/)",
                     "--restart", "discard finished rows in the folder and start over"});
  return [args, command_line] {
    const std::unique_ptr<Study> study = load_study("sensitivity", *args);
    return run_study_command(*study, *args, command_line);
  };
}

}  // namespace smesim::cli
