#pragma once
// Shared helpers for the tests: scenarios from YAML text, and a month-by-month harness over
// the engine's internal state.

#include <string>

#include "engine/replication.hpp"
#include "model/replication_state.hpp"
#include "smesim/engine/forecast.hpp"
#include "smesim/scenario/scenario.hpp"

namespace smesim::test {

/// Loads and validates YAML text (label "<test>"); relative `extends` paths resolve against
/// the current directory.
ScenarioDef scenario_from_yaml(const std::string& yaml);

/// A scenario that changes nothing on its own: one agency with no budget, every rate,
/// discount and hazard zero, no priors. Tests switch on the one mechanism they examine.
/// `members` firms in one network of the given topology (YAML flow map, e.g. "{kind: complete}").
std::string quiet_scenario_yaml(int members = 200, const std::string& topology = "{kind: complete}");

/// Forecast options for `replications` on `threads` threads.
ForecastOptions forecast_options(std::uint32_t replications, int threads,
                                 const std::atomic<bool>* cancel = nullptr);

/// Steps one replication a month at a time so tests can look at the state in between.
class Harness {
 public:
  Harness(const ScenarioDef& def, std::uint32_t replication);
  void step();  ///< runs the next month
  void run_to_end();
  [[nodiscard]] int month() const { return month_; }
  detail::ReplicationState& state() { return state_; }
  ReplicationResult& result() { return result_; }

 private:
  detail::ReplicationState state_;
  ReplicationResult result_;
  int month_ = 0;
};

/// Path of the built `smesim` binary and a fresh empty temporary directory.
std::string smesim_binary();
std::string make_temp_dir(const std::string& tag);

/// Runs a shell command (a whole script: it is wrapped in a subshell); returns its exit
/// status and what it wrote to stdout and stderr.
struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
CommandResult run_command(const std::string& command);

}  // namespace smesim::test
