// Throughput benchmarks (Google Benchmark). Agent-steps = SMEs x months x replications.
//   cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DSMESIM_BUILD_BENCHMARKS=ON
//   cmake --build build/bench --target smesim_bench && build/bench/bench/smesim_bench
// Figures and the machine they were measured on: bench/RESULTS.md.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <string>
#include <vector>

#include "engine/replication.hpp"
#include "engine/result_codec.hpp"
#include "model/mechanisms.hpp"
#include "random/deterministic_exp.hpp"
#include "random/philox_batch.hpp"
#include "smesim/engine/forecast.hpp"
#include "smesim/scenario/scenario.hpp"

namespace {

using namespace smesim;

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

const ScenarioDef& default_scenario() {
  static const ScenarioDef def = load_builtin_scenario().def;
  return def;
}

// The default under the v1 mentoring rule (engagement_months 0 for every agency), to compare
// the two rules in one binary.
const ScenarioDef& default_scenario_v1_rule() {
  static const ScenarioDef def = [] {
    ScenarioDef d = load_builtin_scenario().def;
    for (AgencyDef& a : d.agencies) a.strategy.mentoring.engagement_months = 0;
    return d;
  }();
  return def;
}

// --- whole runs -----------------------------------------------------------------------

// The default forecast: `range(0)` replications on `range(1)` threads, as `smesim run` does.
void BM_DefaultForecast(benchmark::State& bench) {
  const ScenarioDef& def = default_scenario();
  ForecastOptions options;
  options.replications = static_cast<std::uint32_t>(bench.range(0));
  options.threads = static_cast<int>(bench.range(1));
  double agent_steps = 0;
  for (auto _ : bench) {
    const auto results = run_forecast(def, options);
    for (const auto& r : results)
      agent_steps += static_cast<double>(r.firms) * static_cast<double>(r.months.size());
    benchmark::DoNotOptimize(results.data());
  }
  bench.counters["agent_steps_per_s"] = benchmark::Counter(agent_steps, benchmark::Counter::kIsRate);
  bench.counters["peak_rss_MB"] = peak_rss_mb();
}
BENCHMARK(BM_DefaultForecast)->Args({200, 1})->Args({200, 2})->Unit(benchmark::kMillisecond)->UseRealTime();

// One replication with its state reused, as each worker thread does.
void run_replications(benchmark::State& bench, const ScenarioDef& def) {
  detail::ReplicationState state;
  ReplicationResult result;
  std::uint32_t replication = 0;
  double agent_steps = 0;
  for (auto _ : bench) {
    detail::run_replication(def, replication++, state, result);
    agent_steps += static_cast<double>(result.firms) * static_cast<double>(result.months.size());
    benchmark::DoNotOptimize(result.kpis.developed);
  }
  bench.counters["agent_steps_per_s"] = benchmark::Counter(agent_steps, benchmark::Counter::kIsRate);
}

void BM_DefaultReplication(benchmark::State& bench) { run_replications(bench, default_scenario()); }
BENCHMARK(BM_DefaultReplication)->Unit(benchmark::kMillisecond);

void BM_DefaultReplicationV1Rule(benchmark::State& bench) {
  run_replications(bench, default_scenario_v1_rule());
}
BENCHMARK(BM_DefaultReplicationV1Rule)->Unit(benchmark::kMillisecond);

// --- kernels --------------------------------------------------------------------------

void BM_PhiloxBatch(benchmark::State& bench) {
  const auto n = static_cast<std::uint32_t>(bench.range(0));
  std::vector<std::uint32_t> words(4 * static_cast<std::size_t>(n));
  const std::array<std::uint32_t*, 4> out{words.data(), words.data() + n, words.data() + 2 * n,
                                          words.data() + 3 * n};
  std::uint32_t month = 0;
  for (auto _ : bench) {
    detail::philox_batch(make_key(1, 2), Purpose::firm_month, 42, 0, month++, n, out);
    benchmark::DoNotOptimize(words.data());
  }
  bench.counters["blocks_per_s"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_PhiloxBatch)->Arg(200);

void BM_OneMinusExpBatch(benchmark::State& bench) {
  const auto n = static_cast<std::size_t>(bench.range(0));
  std::vector<double> x(n), out(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = 0.001 * static_cast<double>(i % 500);
  for (auto _ : bench) {
    detail::one_minus_exp_neg_batch(x.data(), out.data(), n);
    benchmark::DoNotOptimize(out.data());
  }
  bench.counters["values_per_s"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_OneMinusExpBatch)->Arg(200);

// Set-up of one replication: priors, population, networks.
void BM_ReplicationSetup(benchmark::State& bench) {
  detail::ReplicationState state;
  ReplicationResult result;
  std::uint32_t replication = 0;
  for (auto _ : bench) {
    detail::begin_replication(default_scenario(), replication++, state, result);
    benchmark::DoNotOptimize(state.pop.size());
  }
}
BENCHMARK(BM_ReplicationSetup)->Unit(benchmark::kMillisecond);

// Each monthly mechanism over the default population, in the state a replication reaches
// after its first month.
template <void (*Step)(detail::ReplicationState&, int)>
void BM_Mechanism(benchmark::State& bench) {
  detail::ReplicationState state;
  ReplicationResult result;
  detail::begin_replication(default_scenario(), 0, state, result);
  detail::step_month(state, 0, result);
  for (auto _ : bench) Step(state, 1);
  bench.counters["firms_per_s"] = benchmark::Counter(static_cast<double>(state.pop.size()),
                                                     benchmark::Counter::kIsIterationInvariantRate);
}
void spillover(detail::ReplicationState& s, int) { detail::apply_spillover(s); }
BENCHMARK(BM_Mechanism<detail::draw_month>)->Name("BM_DrawMonth");
BENCHMARK(BM_Mechanism<spillover>)->Name("BM_Spillover");
BENCHMARK(BM_Mechanism<detail::apply_diffusion>)->Name("BM_Diffusion");

// Spillover in month 24, when dropout has made who is active irregular.
void BM_SpilloverLate(benchmark::State& bench) {
  detail::ReplicationState state;
  ReplicationResult result;
  detail::begin_replication(default_scenario(), 0, state, result);
  for (int t = 0; t < 24; ++t) detail::step_month(state, t, result);
  for (auto _ : bench) detail::apply_spillover(state);
  bench.counters["firms_per_s"] = benchmark::Counter(static_cast<double>(state.pop.size()),
                                                     benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_SpilloverLate);

}  // namespace

BENCHMARK_MAIN();

// What an MPI task's results weigh and cost to move (docs/cluster.md): a block of the default
// scenario's replications encoded and decoded as rank 0 and a worker do.
void BM_ResultCodec(benchmark::State& bench) {
  const auto block = static_cast<std::size_t>(bench.range(0));
  std::vector<ReplicationResult> results(block);
  detail::ReplicationState state;
  for (std::size_t i = 0; i < block; ++i)
    detail::run_replication(default_scenario(), static_cast<std::uint32_t>(i), state, results[i]);
  std::size_t bytes = 0;
  for (auto _ : bench) {
    std::string encoded;
    detail::encode_results(results, encoded);
    bytes = encoded.size();
    const std::vector<ReplicationResult> decoded = detail::decode_results(encoded);
    benchmark::DoNotOptimize(decoded.back().kpis.developed);
  }
  bench.counters["bytes_per_replication"] = static_cast<double>(bytes) / static_cast<double>(block);
  bench.counters["bytes_per_task"] = static_cast<double>(bytes);
}
BENCHMARK(BM_ResultCodec)->Arg(1)->Arg(32)->Unit(benchmark::kMicrosecond);
