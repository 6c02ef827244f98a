#include <cstdio>
#include <iostream>
#include <string>

#include "cli/commands.hpp"
#include "io/experiment_store.hpp"
#include "io/report/results_folder.hpp"
#include "smesim/error.hpp"

namespace smesim::detail {
std::string_view version_string();
std::string_view git_revision();
}  // namespace smesim::detail

int main(int argc, char** argv) {
  std::string command_line;
  for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + std::string(argv[i]);

  CLI::App app{"smesim: Monte Carlo forecasts of SME cluster-development programmes"};
  app.set_version_flag("--version", std::string("smesim ") + std::string(smesim::detail::version_string()) +
                                        " (" + std::string(smesim::detail::git_revision()) + ")");
  app.require_subcommand(1);
  const auto run = smesim::cli::add_run_command(app, command_line);
  const auto sweep = smesim::cli::add_sweep_command(app, command_line);
  const auto compare = smesim::cli::add_compare_command(app, command_line);
  const auto solve = smesim::cli::add_solve_command(app, command_line);
  const auto sensitivity = smesim::cli::add_sensitivity_command(app, command_line);
  const auto validate = smesim::cli::add_validate_command(app);
  const auto init = smesim::cli::add_init_command(app);
  const auto report = smesim::cli::add_report_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? smesim::cli::kExitOk : smesim::cli::kExitBadInput;
  }
  try {
    if (app.got_subcommand("run")) return run();
    if (app.got_subcommand("sweep")) return sweep();
    if (app.got_subcommand("compare")) return compare();
    if (app.got_subcommand("solve")) return solve();
    if (app.got_subcommand("sensitivity")) return sensitivity();
    if (app.got_subcommand("validate")) return validate();
    if (app.got_subcommand("init")) return init();
    if (app.got_subcommand("report")) return report();
  } catch (const smesim::ScenarioError& e) {
    std::cerr << e.what() << '\n';
    return smesim::cli::kExitBadInput;
  } catch (const smesim::detail::report::ReportInputError& e) {
    std::cerr << "smesim: error: " << e.what() << '\n';
    return smesim::cli::kExitBadInput;
  } catch (const smesim::detail::ResumeError& e) {
    std::cerr << "smesim: error: " << e.what() << '\n';
    return smesim::cli::kExitBadInput;
  } catch (const smesim::Error& e) {
    std::cerr << "smesim: error: " << e.what() << '\n';
    return smesim::cli::kExitFailure;
  } catch (const std::exception& e) {
    std::cerr << "smesim: internal error: " << e.what() << '\n';
    return smesim::cli::kExitFailure;
  }
  return smesim::cli::kExitFailure;
}
