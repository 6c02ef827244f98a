// Replications in parallel over oneTBB, delivered in replication order a block at a time:
// one reusable ReplicationState per thread, results stored by replication index within a
// block, so the output never depends on scheduling, and only two blocks of results are ever
// held (issue 9 item 5: a million replications in bounded memory).
#include <algorithm>
#include <exception>
#include <mutex>

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include "engine/memory_estimate.hpp"
#include "engine/replication.hpp"
#include "smesim/forecast.hpp"

namespace smesim {
namespace {

int thread_count(const ForecastOptions& options) {
  return options.threads > 0 ? options.threads : tbb::info::default_concurrency();
}

// Replications [first, first + block.size()) into `block`; `done[i]` says which finished (a
// cancelled block may have holes). Cancelling skips the replications not yet started.
class BlockRunner {
 public:
  BlockRunner(const ScenarioDef& def, const ForecastOptions& options, bool inner_parallel)
      : def_(def), options_(options), inner_parallel_(inner_parallel) {}

  void run(std::size_t first, std::span<ReplicationResult> block, std::vector<std::uint8_t>& done) {
    done.assign(block.size(), 0);
    tbb::parallel_for(
        tbb::blocked_range<std::size_t>(0, block.size(), 1), [&](const tbb::blocked_range<std::size_t>& r) {
          for (std::size_t i = r.begin(); i != r.end(); ++i) {
            if (cancelled()) return;
            detail::ReplicationState& state = states_.local();
            state.parallel_clusters = inner_parallel_;
            detail::run_replication(def_, static_cast<std::uint32_t>(first + i), state, block[i]);
            done[i] = 1;
            report_progress();
          }
        });
  }

  [[nodiscard]] bool cancelled() const {
    return stop_.load(std::memory_order_relaxed) ||
           (options_.cancel != nullptr && options_.cancel->load(std::memory_order_relaxed));
  }
  void stop() { stop_.store(true, std::memory_order_relaxed); }

 private:
  void report_progress() {
    if (!options_.on_progress) return;
    const std::lock_guard lock(progress_mutex_);
    options_.on_progress(++finished_, options_.replications);
  }

  const ScenarioDef& def_;
  const ForecastOptions& options_;
  const bool inner_parallel_;
  tbb::enumerable_thread_specific<detail::ReplicationState> states_;
  std::atomic<bool> stop_{false};
  std::mutex progress_mutex_;
  std::size_t finished_ = 0;
};

std::size_t leading_done(const std::vector<std::uint8_t>& done) {
  return static_cast<std::size_t>(std::find(done.begin(), done.end(), 0) - done.begin());
}

}  // namespace

std::size_t forecast_block_replications(const ScenarioDef& def, const ForecastOptions& options) {
  if (options.block_replications > 0) return options.block_replications;
  // Enough replications per block to keep every thread busy between two deliveries, few
  // enough that two blocks of results stay within kBlockBytes.
  constexpr double kBlockBytes = 32e6;
  const auto threads = static_cast<std::size_t>(thread_count(options));
  const auto by_memory = static_cast<std::size_t>(kBlockBytes / (2 * detail::result_bytes(def)));
  return std::max<std::size_t>(threads, std::min<std::size_t>(64 * threads, by_memory));
}

std::size_t run_forecast_streaming(const ScenarioDef& def, const ForecastOptions& options,
                                   const ReplicationSink& sink) {
  const std::size_t total = options.replications;
  const std::size_t block_size = std::min(total, forecast_block_replications(def, options));
  detail::check_memory(detail::estimate_memory(def, 2 * block_size, options.threads),
                       options.max_memory_bytes);
  if (total == 0) return 0;
  const int threads = thread_count(options);
  // With fewer replications than threads, the spare threads work inside replications,
  // across clusters (DESIGN.md "Performance design").
  BlockRunner runner(def, options, total < static_cast<std::size_t>(threads));
  // Two buffers: the sink reads one while the workers fill the other.
  std::array<std::vector<ReplicationResult>, 2> blocks{std::vector<ReplicationResult>(block_size),
                                                       std::vector<ReplicationResult>(block_size)};
  std::array<std::vector<std::uint8_t>, 2> done;
  auto block_span = [&](std::size_t b, std::size_t first) {
    return std::span<ReplicationResult>(blocks[b % 2]).first(std::min(block_size, total - first));
  };
  std::size_t delivered = 0;
  tbb::task_arena arena(threads);
  arena.execute([&] {
    runner.run(0, block_span(0, 0), done[0]);
    tbb::task_group next;
    for (std::size_t b = 0, first = 0; first < total; ++b, first += block_size) {
      const std::size_t following = first + block_size;
      if (following < total) {
        if (runner.cancelled())
          done[(b + 1) % 2].assign(1, 0);  // not started: the next round delivers nothing and stops
        else
          next.run(
              [&, b, following] { runner.run(following, block_span(b + 1, following), done[(b + 1) % 2]); });
      }
      const std::span<ReplicationResult> current = block_span(b, first);
      const std::size_t complete = leading_done(done[b % 2]);
      try {
        if (complete > 0) sink(current.first(complete));
      } catch (...) {
        runner.stop();
        next.wait();
        throw;
      }
      delivered += complete;
      next.wait();
      if (complete < current.size()) break;  // cancelled: only the leading finished run counts
    }
  });
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

}  // namespace smesim
