// The one runner of replications in a process (run, sweep, compare, sensitivity, solve, …).
// Results land in slots indexed by (variant, replication) and reducers are fed in replication
// order on the calling thread, so nothing a study sees depends on scheduling, thread count,
// batching or block size (docs/architecture.md "Determinism and random numbers").
#include "smesim/engine/thread_executor.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <mutex>
#include <vector>

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include "engine/memory_estimate.hpp"
#include "engine/replication.hpp"

namespace smesim {

struct ThreadExecutor::Workspaces {
  tbb::enumerable_thread_specific<detail::ReplicationState> states;
};

namespace {

// A batch holds what its reducers keep until its last block (a sweep point's summary needs
// all its replications): these bound that memory (the default scenario's result is about
// 16 kB) and the work an interruption loses; eight variants already share one set-up for 7/8
// of their replications.
constexpr std::size_t kBatchResultBytes = std::size_t{32} << 20;
constexpr std::size_t kBatchVariants = 8;
// Two blocks of results in flight (one being run, one being reduced) stay within this.
constexpr double kBlockBytes = 32e6;

std::size_t replications_of(const ScenarioDef& variant) {
  return static_cast<std::size_t>(variant.replications);
}

// The next batch: up to kBatchVariants variants from `first` on, while what their reducers
// hold fits in kBatchResultBytes (at least one variant).
std::vector<std::size_t> next_batch(std::span<const ScenarioDef> variants, std::size_t& first) {
  std::vector<std::size_t> batch;
  std::size_t bytes = 0;
  for (; first < variants.size(); ++first) {
    const std::size_t variant_bytes =
        replications_of(variants[first]) * static_cast<std::size_t>(detail::result_bytes(variants[first]));
    if (!batch.empty() && (batch.size() == kBatchVariants || bytes + variant_bytes > kBatchResultBytes))
      break;
    batch.push_back(first);
    bytes += variant_bytes;
  }
  return batch;
}

// One batch's run: blocks of replications over the arena's threads, each block's results
// handed to the reducers while the next block runs.
class BatchRun {
 public:
  BatchRun(const ExecutionRequest& request, std::span<const ScenarioDef> batch, std::size_t block,
           int threads, tbb::enumerable_thread_specific<detail::ReplicationState>& states)
      : request_(request), batch_(batch), block_(block), states_(states) {
    for (const ScenarioDef& v : batch_) most_ = std::max(most_, replications_of(v));
    inner_parallel_ = most_ < static_cast<std::size_t>(threads);
    for (auto& slots : slots_) slots.assign(batch_.size(), {});
  }

  // Runs every block, feeding `reducers` (one per batch variant); false if cancelled.
  bool run(std::span<const std::unique_ptr<VariantReducer>> reducers) {
    if (most_ == 0) return !cancelled();
    run_block(0, 0);
    tbb::task_group next;
    for (std::size_t b = 0, first = 0; first < most_; ++b, first += block_) {
      const std::size_t following = first + block_;
      if (following < most_) {
        if (cancelled())
          done_[(b + 1) % 2].assign(count_from(following), 0);  // not started: nothing of it is fed
        else
          next.run([this, b, following] { run_block(following, (b + 1) % 2); });
      }
      // Cancelled mid-block, the reducers still get the block's leading finished replications
      // (a forecast then keeps a prefix 0 .. k-1), but no record is made.
      const std::size_t finished = leading_done(b % 2);
      const bool complete = finished == count_from(first);
      try {
        feed(reducers, b % 2, first, finished);
      } catch (...) {
        stop_.store(true, std::memory_order_relaxed);
        next.wait();
        throw;
      }
      next.wait();
      // A cancel after the last block has run takes nothing away: the batch is complete.
      if (!complete || (following < most_ && cancelled())) return false;
    }
    return true;
  }

 private:
  [[nodiscard]] bool cancelled() const {
    return stop_.load(std::memory_order_relaxed) ||
           (request_.cancel != nullptr && request_.cancel->load(std::memory_order_relaxed));
  }

  [[nodiscard]] std::size_t count_from(std::size_t first) const { return std::min(block_, most_ - first); }

  // Replications [first, first + block) of every variant of the batch into buffer `slot`.
  void run_block(std::size_t first, std::size_t slot) {
    const std::size_t count = count_from(first);
    auto& results = slots_[slot];
    for (std::size_t v = 0; v < batch_.size(); ++v) results[v].resize(std::max(results[v].size(), count));
    done_[slot].assign(count, 0);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count, 1),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        for (std::size_t i = r.begin(); i != r.end(); ++i) {
                          detail::ReplicationState& state = states_.local();
                          state.parallel_clusters = inner_parallel_;
                          state.reuse_setup = batch_.size() > 1;
                          const std::size_t replication = first + i;
                          std::size_t ran = 0;
                          for (std::size_t v = 0; v < batch_.size(); ++v) {
                            if (cancelled()) return;
                            if (replication >= replications_of(batch_[v])) continue;
                            detail::run_replication(batch_[v], static_cast<std::uint32_t>(replication), state,
                                                    results[v][i]);
                            ++ran;
                          }
                          done_[slot][i] = 1;
                          report(ran);
                        }
                      });
  }

  [[nodiscard]] std::size_t leading_done(std::size_t slot) const {
    const auto& done = done_[slot];
    return static_cast<std::size_t>(std::find(done.begin(), done.end(), 0) - done.begin());
  }

  // The first `count` replications of the block in `slot` to each variant's reducer.
  void feed(std::span<const std::unique_ptr<VariantReducer>> reducers, std::size_t slot, std::size_t first,
            std::size_t count) {
    for (std::size_t v = 0; v < batch_.size(); ++v) {
      const std::size_t reps = replications_of(batch_[v]);
      if (first >= reps || count == 0) continue;
      reducers[v]->add(std::span<ReplicationResult>(slots_[slot][v]).first(std::min(count, reps - first)));
    }
  }

  void report(std::size_t replications) {
    if (!request_.on_replications || replications == 0) return;
    const std::lock_guard lock(progress_mutex_);
    request_.on_replications(replications);
  }

  const ExecutionRequest& request_;
  const std::span<const ScenarioDef> batch_;
  const std::size_t block_;
  tbb::enumerable_thread_specific<detail::ReplicationState>& states_;
  std::size_t most_ = 0;
  bool inner_parallel_ = false;
  // Two buffers of results, [slot][batch variant][replication in block]: the reducers read one
  // while the workers fill the other.
  std::array<std::vector<std::vector<ReplicationResult>>, 2> slots_;
  std::array<std::vector<std::uint8_t>, 2> done_;
  std::atomic<bool> stop_{false};
  std::mutex progress_mutex_;
};

}  // namespace

ThreadExecutor::ThreadExecutor(int threads)
    : threads_(threads > 0 ? threads : tbb::info::default_concurrency()),
      workspaces_(std::make_unique<Workspaces>()) {}

ThreadExecutor::~ThreadExecutor() = default;

std::size_t ThreadExecutor::block_replications(std::span<const ScenarioDef> variants) const {
  // Enough replications per block to keep every thread busy between two hand-overs, few
  // enough that two blocks of results stay within kBlockBytes.
  double bytes_per_replication = 0;
  for (const ScenarioDef& v : variants) bytes_per_replication += detail::result_bytes(v);
  const auto threads = static_cast<std::size_t>(threads_);
  const auto by_memory = static_cast<std::size_t>(kBlockBytes / (2 * std::max(1.0, bytes_per_replication)));
  return std::max<std::size_t>(threads, std::min<std::size_t>(64 * threads, by_memory));
}

bool ThreadExecutor::execute(const ExecutionRequest& request) {
  tbb::task_arena arena(threads_);
  for (std::size_t first = 0; first < request.variants.size();) {
    const std::size_t batch_first = first;
    const std::vector<std::size_t> indices = next_batch(request.variants, first);
    const std::span<const ScenarioDef> batch = request.variants.subspan(batch_first, indices.size());
    const std::size_t block =
        request.block_replications > 0 ? request.block_replications : block_replications(batch);
    std::vector<std::unique_ptr<VariantReducer>> reducers;
    for (const std::size_t i : indices) reducers.push_back(request.make_reducer(i));
    BatchRun run(request, batch, block, threads_, workspaces_->states);
    bool complete = false;
    arena.execute([&] { complete = run.run(reducers); });
    if (!complete) return false;
    for (std::size_t b = 0; b < indices.size(); ++b) request.on_record(indices[b], reducers[b]->finish());
  }
  return true;
}

void ThreadExecutor::check_memory(std::span<const ScenarioDef> variants, MemoryUse use,
                                  std::size_t limit_bytes) const {
  // Every variant before the first runs: a sweep over `members` may make only its last point
  // too big.
  for (const ScenarioDef& variant : variants) {
    const std::size_t reps = replications_of(variant);
    detail::MemoryEstimate estimate;
    if (use == MemoryUse::streamed) {
      estimate = detail::estimate_streamed_memory(variant, reps, threads_);
    } else {
      // A batch holds this variant's replications whole, however many: a variant is never
      // split, so its held results are never capped at kBatchResultBytes (next_batch).
      estimate = detail::estimate_memory(variant, reps, threads_);
    }
    detail::check_memory(estimate, limit_bytes);
  }
}

}  // namespace smesim
