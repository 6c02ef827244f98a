#include "cli/commands.hpp"
#include "io/results_dir.hpp"
#include "smesim/scenario/scenario.hpp"
#include "smesim/study/forecast_study.hpp"

namespace smesim::cli {

Action add_run_command(CLI::App& app, const std::string& command_line) {
  auto* cmd = app.add_subcommand(
      "run", "Run the Monte Carlo forecast of a scenario (default: the built-in OSMEP 2015 programme)");
  auto args = std::make_shared<StudyArgs>();
  cmd->add_option("SCENARIO", args->file, "scenario file (YAML); omit for the built-in default");
  add_common_study_options(*cmd, *args,
                           "write results into this folder (default: results/<name>/<UTC time>/)", "--force",
                           "replace --out if it exists and is not empty");
  return [args, command_line] {
    LoadedScenario loaded = args->file.empty() ? load_builtin_scenario() : load_scenario_file(args->file);
    apply_overrides(*args, loaded.def);
    ForecastStudy study(std::move(loaded.def), loaded.source);
    // Refuse an unusable destination before spending minutes on the forecast.
    return run_study_command(study, *args, command_line, [&](const StudyIdentity& id) {
      const std::filesystem::path destination = args->out.empty()
                                                    ? detail::default_results_path("results", id.name)
                                                    : std::filesystem::path(args->out);
      return open_run_folder(destination, args->restart);
    });
  };
}

}  // namespace smesim::cli
