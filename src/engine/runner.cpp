// Replications in parallel over oneTBB: one reusable ReplicationState per thread, results
// stored by replication index so the output never depends on scheduling.
#include <mutex>

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "engine/memory_estimate.hpp"
#include "engine/replication.hpp"
#include "smesim/forecast.hpp"

namespace smesim {

ReplicationResult run_single_replication(const ScenarioDef& def, std::uint32_t replication) {
  detail::ReplicationState state;
  ReplicationResult out;
  detail::run_replication(def, replication, state, out);
  return out;
}

std::vector<ReplicationResult> run_forecast(const ScenarioDef& def, const ForecastOptions& options) {
  const std::size_t total = options.replications;
  detail::check_memory(detail::estimate_memory(def, total, options.threads), options.max_memory_bytes);
  std::vector<ReplicationResult> results(total);
  std::vector<std::uint8_t> done(total, 0);
  tbb::enumerable_thread_specific<detail::ReplicationState> states;
  std::mutex progress_mutex;
  std::size_t finished = 0;
  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  // With fewer replications than threads, the spare threads work inside replications,
  // across clusters (DESIGN.md "Performance design").
  const bool inner_parallel = total < static_cast<std::size_t>(threads);
  tbb::task_arena arena(threads);
  arena.execute([&] {
    tbb::parallel_for(
        tbb::blocked_range<std::size_t>(0, total, 1), [&](const tbb::blocked_range<std::size_t>& r) {
          for (std::size_t rep = r.begin(); rep != r.end(); ++rep) {
            if (options.cancel != nullptr && options.cancel->load(std::memory_order_relaxed)) return;
            detail::ReplicationState& state = states.local();
        state.parallel_clusters = inner_parallel;
        detail::run_replication(def, static_cast<std::uint32_t>(rep), state, results[rep]);
            done[rep] = 1;
            if (options.on_progress) {
              const std::lock_guard lock(progress_mutex);
              options.on_progress(++finished, total);
            }
          }
        });
  });
  // Cancelled: keep only the leading run of finished replications, in order.
  std::size_t complete = 0;
  while (complete < total && done[complete] != 0) ++complete;
  results.resize(complete);
  return results;
}

}  // namespace smesim
