// libFuzzer target: scenario text -> load_scenario_text (YAML, `extends`, defaults,
// validation) -> the resolved-scenario JSON -> when the scenario is valid and small enough,
// one short replication through the engine.
//
// A smesim::Error is the expected answer to bad input. Anything else -- another exception
// (uncaught, so libFuzzer reports it), a crash, a sanitizer report, a failed SMESIM_ASSERT,
// a timeout or running out of memory -- is a finding.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/replication.hpp"
#include "model/model_params.hpp"
#include "model/replication_state.hpp"
#include "smesim/analysis/trajectory.hpp"
#include "smesim/error.hpp"
#include "smesim/scenario/scenario.hpp"

namespace {

// What keeps one run within a few milliseconds: one replication, a short horizon and a
// population of at most a few thousand SMEs.
constexpr int kMaxHorizonMonths = 24;
constexpr long long kMaxNetworks = 500;
constexpr long long kMaxMembers = 4000;

long long network_count(const smesim::ScenarioDef& def) {
  if (!def.networks.list.empty()) return static_cast<long long>(def.networks.list.size());
  long long n = 0;
  for (const smesim::AgencyDef& a : def.agencies) n += a.networks;
  return n;
}

// Shrinks a valid scenario to one replication over at most kMaxHorizonMonths months.
// False when its population is too large to run here.
// @throws smesim::Error if the shrunk scenario no longer validates
bool shrink_to_small_run(smesim::ScenarioDef& def) {
  def.replications = 1;
  smesim::TimeDef& t = def.time;
  t.horizon_months = std::min(t.horizon_months, kMaxHorizonMonths);
  t.programme_months = std::min(t.programme_months, t.horizon_months);
  t.diagnostic_months = std::min(t.diagnostic_months, t.horizon_months);
  def.targets.window_months = std::min(def.targets.window_months, t.horizon_months);
  smesim::validate(def);
  // The members each network gets in replication 0, drawn as the replication draws them.
  const smesim::detail::ModelParams params = smesim::detail::build_model_params(def, 0);
  long long members = 0;
  for (const smesim::detail::ClusterParams& c : params.clusters) members += c.members;
  return members <= kMaxMembers;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    smesim::LoadedScenario loaded = smesim::load_scenario_text(text, "fuzz.yaml");
    smesim::validate(loaded.def, &loaded.locations);
    // Past this, load and validation have been exercised; what follows is linear in the
    // network count and, instrumented, would take seconds for a valid national-scale
    // scenario (a 241,254-network one took 15 s), which libFuzzer reports as a timeout.
    if (network_count(loaded.def) > kMaxNetworks) return 0;
    // What every run's manifest.json and `smesim validate` compute from a valid scenario.
    static_cast<void>(smesim::resolved_scenario_json(loaded.def));
    static_cast<void>(smesim::expand_networks(loaded.def));
    if (!shrink_to_small_run(loaded.def)) return 0;
    smesim::detail::ReplicationState state;
    smesim::ReplicationResult result;
    smesim::detail::run_replication(loaded.def, 0, state, result);
  } catch (const smesim::Error&) {
    // Bad input, reported as the CLI would report it.
  }
  return 0;
}
