#include <iostream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "smesim/scenario.hpp"

namespace smesim::cli {

Action add_validate_command(CLI::App& app) {
  auto* cmd =
      app.add_subcommand("validate", "Check a scenario file; report the first problem as file:line:col");
  auto path = std::make_shared<std::string>();
  cmd->add_option("SCENARIO", *path, "scenario file (YAML)")->required();
  return [path] {
    const LoadedScenario s = load_scenario_file(*path);
    const auto networks = expand_networks(s.def);
    std::cout << fmt::format("{}: ok: scenario `{}`, {} agencies, {} networks, {} replications\n", *path,
                             s.def.name, s.def.agencies.size(), networks.size(), s.def.replications);
    return kExitOk;
  };
}

}  // namespace smesim::cli
