#pragma once
/// @file thread_executor.hpp
/// @brief The Executor of one process: oneTBB threads (docs/architecture.md "Performance design").

#include "smesim/engine/executor.hpp"

namespace smesim {

/// @brief Runs variants in batches of up to eight, replication-major inside a batch: one task
/// runs replication r of every variant of the batch in a row on one thread, so under common
/// random numbers the replication's population and networks are built once and reused by
/// every variant whose set-up inputs agree. A batch runs a block of replications at a time
/// over all threads while the calling thread feeds the previous block to the reducers, so
/// only two blocks of results are held besides what the reducers keep. With fewer
/// replications than threads, the spare threads work inside replications, across clusters.
/// Results are stored by (variant, replication): they never depend on the thread count, the
/// scheduling, the batching or the blocks.
class ThreadExecutor final : public Executor {
 public:
  /// @param threads  0 = all cores
  explicit ThreadExecutor(int threads = 0);
  ~ThreadExecutor() override;
  ThreadExecutor(const ThreadExecutor&) = delete;
  ThreadExecutor& operator=(const ThreadExecutor&) = delete;

  bool execute(const ExecutionRequest& request) override;
  void check_memory(std::span<const ScenarioDef> variants, MemoryUse use,
                    std::size_t limit_bytes) const override;
  [[nodiscard]] int workers() const override { return threads_; }

  /// Replications per block for a batch of `variants` (request.block_replications = 0).
  [[nodiscard]] std::size_t block_replications(std::span<const ScenarioDef> variants) const;

 private:
  struct Workspaces;  // one reusable replication workspace per thread, kept across calls
  int threads_;
  std::unique_ptr<Workspaces> workspaces_;
};

}  // namespace smesim
