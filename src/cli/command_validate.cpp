#include <iostream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "engine/memory_estimate.hpp"
#include "io/console_table.hpp"
#include "smesim/scenario/scenario.hpp"
#include "smesim/scenario/target_feasibility.hpp"

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
    const auto estimate =
        detail::estimate_streamed_memory(s.def, static_cast<std::size_t>(s.def.replications), /*threads=*/0);
    const std::size_t available = detail::available_memory_bytes();
    std::cout << fmt::format(
        "memory: about {} for `smesim run` on all cores (up to {:.0f} SMEs, {:.0f} links); {} "
        "available\n",
        detail::format_bytes(estimate.total_bytes()), estimate.firms, estimate.links,
        detail::format_bytes(static_cast<double>(available)));
    for (const std::string& unreachable : unreachable_targets(s.def))
      std::cout << detail::wrapped("warning: " + unreachable);
    if (available > 0 && estimate.total_bytes() > static_cast<double>(available))
      std::cout << "warning: this machine has too little memory to run it; `smesim run` would refuse\n";
    return kExitOk;
  };
}

}  // namespace smesim::cli
