#include <iostream>

#include "cli/commands.hpp"
#include "smesim/scenario/scenario.hpp"

namespace smesim::cli {

Action add_init_command(CLI::App& app) {
  app.add_subcommand("init", "Print a commented template scenario (it validates as it is)");
  return [] {
    std::cout << template_scenario_yaml();
    return kExitOk;
  };
}

}  // namespace smesim::cli
