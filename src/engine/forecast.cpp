// run_forecast*, run_experiment: the engine's own entry points, each a ThreadExecutor request
// (one runner for everything, docs/architecture.md "The one idea").
#include <algorithm>
#include <memory>

#include "engine/memory_estimate.hpp"
#include "engine/replication.hpp"
#include "smesim/engine/experiment.hpp"
#include "smesim/engine/forecast.hpp"
#include "smesim/engine/thread_executor.hpp"

namespace smesim {
namespace {

// Hands each block to a sink and counts what it saw; makes no record.
class SinkReducer final : public VariantReducer {
 public:
  SinkReducer(const ReplicationSink& sink, std::size_t& delivered) : sink_(sink), delivered_(delivered) {}
  void add(std::span<ReplicationResult> block) override {
    sink_(block);
    delivered_ += block.size();
  }
  Record finish() override { return {}; }

 private:
  const ReplicationSink& sink_;
  std::size_t& delivered_;
};

// Keeps a variant's replications, moved out of the executor's buffers.
class CollectingReducer final : public VariantReducer {
 public:
  explicit CollectingReducer(std::vector<ReplicationResult>& results) : results_(results) {}
  void add(std::span<ReplicationResult> block) override {
    for (ReplicationResult& r : block) results_.push_back(std::move(r));
  }
  Record finish() override { return {}; }

 private:
  std::vector<ReplicationResult>& results_;
};

ScenarioDef with_replications(const ScenarioDef& def, std::size_t replications) {
  ScenarioDef copy = def;
  copy.replications = static_cast<int>(replications);
  return copy;
}

}  // namespace

std::size_t forecast_block_replications(const ScenarioDef& def, const ForecastOptions& options) {
  if (options.block_replications > 0) return options.block_replications;
  return ThreadExecutor(options.threads).block_replications(std::span<const ScenarioDef>(&def, 1));
}

std::size_t run_forecast_streaming(const ScenarioDef& def, const ForecastOptions& options,
                                   const ReplicationSink& sink) {
  const std::size_t total = options.replications;
  const std::size_t block = std::min(total, forecast_block_replications(def, options));
  detail::check_memory(detail::estimate_memory(def, 2 * block, options.threads), options.max_memory_bytes);
  if (total == 0) return 0;
  const ScenarioDef variant = with_replications(def, total);
  ThreadExecutor executor(options.threads);
  std::size_t delivered = 0;
  std::size_t finished = 0;
  ExecutionRequest request;
  request.variants = std::span<const ScenarioDef>(&variant, 1);
  request.make_reducer = [&](std::size_t) { return std::make_unique<SinkReducer>(sink, delivered); };
  request.on_record = [](std::size_t, Record&&) {};
  if (options.on_progress)
    request.on_replications = [&](std::size_t n) { options.on_progress(finished += n, total); };
  request.cancel = options.cancel;
  request.block_replications = block;
  executor.execute(request);
  return delivered;
}

std::vector<ReplicationResult> run_forecast(const ScenarioDef& def, const ForecastOptions& options) {
  detail::check_memory(detail::estimate_memory(def, options.replications, options.threads),
                       options.max_memory_bytes);
  std::vector<ReplicationResult> results;
  results.reserve(options.replications);
  run_forecast_streaming(def, options, [&results](std::span<const ReplicationResult> block) {
    results.insert(results.end(), block.begin(), block.end());
  });
  return results;
}

ReplicationResult run_single_replication(const ScenarioDef& def, std::uint32_t replication) {
  detail::ReplicationState state;
  ReplicationResult out;
  detail::run_replication(def, replication, state, out);
  return out;
}

void check_experiment_memory(std::span<const ScenarioDef> variants, const ExperimentOptions& options) {
  ThreadExecutor(options.threads)
      .check_memory(variants, MemoryUse::held_per_variant, options.max_memory_bytes);
}

bool run_experiment(
    std::span<const ScenarioDef> variants, const ExperimentOptions& options,
    const std::function<void(std::size_t, std::vector<ReplicationResult>&&)>& on_variant_done) {
  ThreadExecutor executor(options.threads);
  executor.check_memory(variants, MemoryUse::held_per_variant, options.max_memory_bytes);
  std::vector<std::vector<ReplicationResult>> held(variants.size());
  ExecutionRequest request;
  request.variants = variants;
  request.make_reducer = [&](std::size_t i) {
    held[i].reserve(static_cast<std::size_t>(variants[i].replications));
    return std::make_unique<CollectingReducer>(held[i]);
  };
  request.on_record = [&](std::size_t i, Record&&) { on_variant_done(i, std::move(held[i])); };
  request.cancel = options.cancel;
  return executor.execute(request);
}

}  // namespace smesim
