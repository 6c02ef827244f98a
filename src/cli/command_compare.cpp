#include "cli/commands.hpp"
#include "smesim/study/compare_study.hpp"

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
    CompareDef def = load_compare_file(args->file);
    apply_overrides(*args, def.base);
    CompareStudy study(std::move(def));
    return run_study_command(study, *args, command_line);
  };
}

}  // namespace smesim::cli
