// Throughput of the step loop: agent-steps per second (SMEs x months) of one replication of
// the built-in scenario, with the state reused across iterations as the runner does.
#include <benchmark/benchmark.h>

#include "engine/replication.hpp"
#include "smesim/scenario.hpp"

namespace {

void BM_DefaultReplication(benchmark::State& bench) {
  const smesim::ScenarioDef def = smesim::load_builtin_scenario().def;
  smesim::detail::ReplicationState state;
  smesim::ReplicationResult result;
  std::uint32_t replication = 0;
  double agent_steps = 0;
  for (auto _ : bench) {
    smesim::detail::run_replication(def, replication++, state, result);
    agent_steps += static_cast<double>(result.firms) * static_cast<double>(result.months.size());
    benchmark::DoNotOptimize(result.kpis.developed);
  }
  bench.counters["agent_steps_per_s"] = benchmark::Counter(agent_steps, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DefaultReplication)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
