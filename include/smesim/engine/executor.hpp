#pragma once
/// @file executor.hpp
/// @brief What runs a study's replications (docs/architecture.md "The one idea"): an Executor takes
/// variants, runs replications 0 .. n-1 of each, feeds each variant's replications in
/// replication order to that variant's reducer, and hands back the reducer's record, in
/// variant order. The unit of work is a task, (variant, block of replications); a record is
/// bytes. Threads (ThreadExecutor) are one implementation; MPI ranks are meant to be another,
/// shipping tasks out and records back, with the same results to the bit.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "smesim/analysis/trajectory.hpp"
#include "smesim/scenario/scenario_def.hpp"

namespace smesim {

/// A finished variant reduced to what a study keeps of it: bytes (a study's own format, JSON
/// for the built-in ones), small, stored in the results folder and resumed from.
using Record = std::string;

/// @brief Reduces one variant's replications to its record. Fed every replication exactly
/// once, in replication order, a block at a time, on one thread at a time.
class VariantReducer {
 public:
  virtual ~VariantReducer() = default;
  /// The next replications of the variant; the reducer may move from them.
  virtual void add(std::span<ReplicationResult> block) = 0;
  /// The record, once every replication has been added.
  virtual Record finish() = 0;
};

/// How a study's reducers hold replications, for the memory check made before anything runs.
enum class MemoryUse : std::uint8_t {
  held_per_variant,  ///< a reducer keeps all its variant's replications until it finishes
  streamed,          ///< a reducer keeps none (it writes or folds them as they come)
};

/// @brief A study's reduce as any process that built the same study can run it: a record
/// depends only on the variant and its replications (docs/architecture.md "The one idea"), so an
/// executor may reduce where the replications ran and move only records (MpiExecutor does,
/// on ranks that built a study of the same key from the same command line).
struct PortableReduction {
  /// Identifies the study (its identity's hash): processes with equal keys make equal records.
  std::uint64_t study_key = 0;
  /// Record `record` of the study from its variant's replications, in replication order.
  std::function<Record(std::uint64_t record, const ScenarioDef& variant,
                       std::span<const ReplicationResult> results)>
      reduce;
  /// The study's variant of record `record`, when this process has it (a worker rank that
  /// built the study): rank 0 then sends it indices instead of texts. May be empty.
  std::function<const ScenarioDef*(std::uint64_t record)> variant;
  [[nodiscard]] bool available() const { return static_cast<bool>(reduce); }
};

struct ExecutionRequest {
  std::span<const ScenarioDef> variants;
  /// The reducer of variant `i` (an index into `variants`); called on the executing thread.
  std::function<std::unique_ptr<VariantReducer>(std::size_t i)> make_reducer;
  /// Variant `i`'s record, in variant order, on the thread that called execute.
  std::function<void(std::size_t i, Record&& record)> on_record;
  /// Replications finished since the last call (from any thread, never two at once).
  std::function<void(std::size_t replications)> on_replications;
  /// Stops between replications when set; execute then returns false.
  const std::atomic<bool>* cancel = nullptr;
  /// Replications per block; 0 = the executor's choice. Changes memory and latency, never a
  /// result.
  std::size_t block_replications = 0;
  /// When available, variant i's record is also `reduction.reduce(record_index(i), …)`, the
  /// same bytes as its reducer's: an executor may make it where the replications ran.
  PortableReduction reduction;
  std::function<std::uint64_t(std::size_t i)> record_index;
};

class Executor {
 public:
  virtual ~Executor() = default;
  /// @brief Runs every replication of every variant of the request.
  /// @return false if cancelled (the records handed over before that are complete)
  /// @throws whatever a reducer or on_record throws, once the running replications stopped
  virtual bool execute(const ExecutionRequest& request) = 0;
  /// @brief Refuses, before anything is allocated, variants whose estimated memory (workspaces
  /// of every worker and the results held, as `use` says) exceeds `limit_bytes` (0: the
  /// memory available). @throws ResourceError naming the estimate
  virtual void check_memory(std::span<const ScenarioDef> variants, MemoryUse use,
                            std::size_t limit_bytes) const = 0;
  /// Workers replications run on at once (threads, or ranks × threads).
  [[nodiscard]] virtual int workers() const = 0;
};

}  // namespace smesim
