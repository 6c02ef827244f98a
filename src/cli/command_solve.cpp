#include "cli/commands.hpp"
#include "smesim/study/solve_study.hpp"

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
    SolveDef def = load_solve_file(args->file);
    apply_overrides(*args, def.base);
    SolveStudy study(std::move(def));
    return run_study_command(study, *args, command_line);
  };
}

}  // namespace smesim::cli
