// Variants run in batches, replication-major inside a batch: one task runs replication r of
// every variant of the batch in a row on one thread, so under common random numbers the
// replication's population and networks are built once and reused by every variant whose
// set-up inputs agree (a sweep over budgets or strategies: all of them). Results are stored
// by (variant, replication), so they never depend on scheduling or on the batching.
#include <algorithm>
#include <cstdint>

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "engine/memory_estimate.hpp"
#include "engine/replication.hpp"
#include "model/model_params.hpp"
#include "smesim/experiment.hpp"

namespace smesim {
namespace {

// A batch holds every replication's result of its variants until the batch ends, and hands
// them over (to be written, and resumed from) only then. These bound the memory that takes
// (the default scenario's result is about 16 kB) and the work an interruption loses; eight
// variants already share one set-up for 7/8 of their replications.
constexpr std::size_t kBatchResultBytes = std::size_t{32} << 20;
constexpr std::size_t kBatchVariants = 8;

std::size_t replications_of(const ScenarioDef& variant) {
  return static_cast<std::size_t>(variant.replications);
}

// The next batch: up to kBatchVariants variants not done yet, from `first` on, while their
// results fit in kBatchResultBytes (at least one variant).
std::vector<std::size_t> next_batch(std::span<const ScenarioDef> variants, const ExperimentOptions& options,
                                    std::size_t& first) {
  std::vector<std::size_t> batch;
  std::size_t bytes = 0;
  for (; first < variants.size(); ++first) {
    if (options.already_done && options.already_done(first)) continue;
    const std::size_t variant_bytes =
        replications_of(variants[first]) * static_cast<std::size_t>(detail::result_bytes(variants[first]));
    if (!batch.empty() && (batch.size() == kBatchVariants || bytes + variant_bytes > kBatchResultBytes))
      break;
    batch.push_back(first);
    bytes += variant_bytes;
  }
  return batch;
}

// Runs replication r of every variant in the batch that has one, in batch order, in `state`.
bool run_replication_of_batch(std::span<const ScenarioDef> variants, const std::vector<std::size_t>& batch,
                              std::size_t r, const ExperimentOptions& options,
                              detail::ReplicationState& state,
                              std::vector<std::vector<ReplicationResult>>& results) {
  for (std::size_t b = 0; b < batch.size(); ++b) {
    if (options.cancel != nullptr && options.cancel->load(std::memory_order_relaxed)) return false;
    const ScenarioDef& variant = variants[batch[b]];
    if (r >= replications_of(variant)) continue;
    detail::run_replication(variant, static_cast<std::uint32_t>(r), state, results[b][r]);
  }
  return true;
}

// Runs one batch over all threads; false if cancelled before every replication finished.
bool run_batch(std::span<const ScenarioDef> variants, const std::vector<std::size_t>& batch,
               const ExperimentOptions& options, std::vector<std::vector<ReplicationResult>>& results) {
  std::size_t most = 0;
  results.assign(batch.size(), {});
  for (std::size_t b = 0; b < batch.size(); ++b) {
    results[b].resize(replications_of(variants[batch[b]]));
    most = std::max(most, results[b].size());
  }
  std::vector<std::uint8_t> done(most, 0);
  tbb::enumerable_thread_specific<detail::ReplicationState> states;
  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  // With fewer replications than threads, the spare threads work inside replications,
  // across clusters (DESIGN.md "Performance design"), as in run_forecast.
  const bool inner_parallel = most < static_cast<std::size_t>(threads);
  tbb::task_arena arena(threads);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, most, 1),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                        for (std::size_t r = range.begin(); r != range.end(); ++r) {
                          detail::ReplicationState& state = states.local();
                          state.parallel_clusters = inner_parallel;
                          state.reuse_setup = true;
                          if (!run_replication_of_batch(variants, batch, r, options, state, results)) return;
                          done[r] = 1;
                        }
                      });
  });
  return std::all_of(done.begin(), done.end(), [](std::uint8_t d) { return d != 0; });
}

}  // namespace

void check_experiment_memory(std::span<const ScenarioDef> variants, const ExperimentOptions& options) {
  // Every variant before the first runs: a sweep over `members` may make only its last point too big.
  for (const ScenarioDef& variant : variants) {
    detail::MemoryEstimate estimate =
        detail::estimate_memory(variant, replications_of(variant), options.threads);
    estimate.results_bytes = std::min(estimate.results_bytes, static_cast<double>(kBatchResultBytes));
    detail::check_memory(estimate, options.max_memory_bytes);
  }
}

bool run_experiment(
    std::span<const ScenarioDef> variants, const ExperimentOptions& options,
    const std::function<void(std::size_t, std::vector<ReplicationResult>&&)>& on_variant_done) {
  check_experiment_memory(variants, options);
  std::vector<std::vector<ReplicationResult>> results;
  for (std::size_t first = 0; first < variants.size();) {
    const std::vector<std::size_t> batch = next_batch(variants, options, first);
    if (batch.empty()) break;
    if (!run_batch(variants, batch, options, results)) return false;
    if (options.cancel != nullptr && options.cancel->load()) return false;
    for (std::size_t b = 0; b < batch.size(); ++b) on_variant_done(batch[b], std::move(results[b]));
  }
  return true;
}

}  // namespace smesim
