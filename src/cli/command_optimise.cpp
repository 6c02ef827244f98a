#include "cli/commands.hpp"

namespace smesim::cli {

Action add_optimise_command(CLI::App& app, const std::string& command_line) {
  auto* cmd = app.add_subcommand("optimise",
                                 "Search the variables (budget shares, any parameter in a range) for the "
                                 "best objective with CMA-ES, then "
                                 "re-evaluate the best against the base on fresh replications (resumable)");
  auto args = std::make_shared<StudyArgs>();
  add_study_options(
      *cmd, *args,
      {"OPTIMISE", "optimisation file (YAML)", "optimisation folder (default: results/<optimisation name>/)",
       "--restart", "discard recorded candidates in the folder and start over"});
  return [args, command_line] {
    const std::unique_ptr<Study> study = load_study("optimise", *args);
    return run_study_command(*study, *args, command_line);
  };
}

}  // namespace smesim::cli
