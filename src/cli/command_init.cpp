#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/option_checks.hpp"
#include "smesim/scenario/scenario.hpp"

namespace smesim::cli {

namespace {

struct InitArgs {
  int agencies = 0;  ///< --agencies; 0 = not given
  int networks = 0;  ///< --networks; 0 = not given
};

}  // namespace

Action add_init_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "init",
      "Print a commented template scenario (it validates as it is); with --agencies and --networks, "
      "a programme of that shape");
  auto args = std::make_shared<InitArgs>();
  auto* agencies =
      cmd->add_option("--agencies", args->agencies,
                      "agencies of the programme; they replace the built-in nine (with --networks)")
          ->check(whole_number_in(1, kMaxTemplateAgencies));
  auto* networks = cmd->add_option("--networks", args->networks,
                                   "networks in all, spread evenly over the agencies and the province groups "
                                   "(with --agencies)")
                       ->check(whole_number_in(1, kMaxTemplateNetworks));
  agencies->needs(networks);
  networks->needs(agencies);
  return [args] {
    if (args->agencies == 0) {
      std::cout << template_scenario_yaml();
      return kExitOk;
    }
    // Every agency leads at least one network: an agency without networks has no one to serve.
    if (args->networks < args->agencies) {
      std::cerr << fmt::format(
          "smesim: error: --networks {} is fewer than --agencies {}; expected at least one network per "
          "agency\n",
          args->networks, args->agencies);
      return kExitBadInput;
    }
    std::cout << template_scenario_yaml(args->agencies, args->networks);
    return kExitOk;
  };
}

}  // namespace smesim::cli
