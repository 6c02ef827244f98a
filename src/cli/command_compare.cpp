#include "cli/commands.hpp"

namespace smesim::cli {

Action add_compare_command(CLI::App& app, const std::string& command_line) {
  auto* cmd = app.add_subcommand(
      "compare", "Compare named variants of a scenario with common random numbers (resumable)");
  auto args = std::make_shared<StudyArgs>();
  add_study_options(
      *cmd, *args,
      {"COMPARE", "compare file (YAML)", "comparison folder (default: results/<name>/)", "--restart,--force",
       "discard finished variants in the folder and start over (--force: the old name)"});
  return [args, command_line] {
    const std::unique_ptr<Study> study = load_study("compare", *args);
    return run_study_command(*study, *args, command_line);
  };
}

}  // namespace smesim::cli
