#pragma once
/// @file engine/experiment.hpp
/// @brief The experiment runner behind `sweep`, `compare`, `sensitivity` and `solve`
/// (docs/architecture.md): tasks = variant × replication. Every variant uses the same seed, so
/// replication r of every variant draws the same population, networks and random numbers
/// wherever the variants agree (common random numbers).

#include <atomic>
#include <cstddef>
#include <functional>
#include <span>
#include <vector>

#include "smesim/analysis/trajectory.hpp"
#include "smesim/scenario/scenario_def.hpp"

namespace smesim {

struct ExperimentOptions {
  int threads = 0;                            ///< 0 = all cores
  const std::atomic<bool>* cancel = nullptr;  ///< stop between replications when set
  /// Refuse (ResourceError) when a variant's memory estimate exceeds this; 0 = available.
  std::size_t max_memory_bytes = 0;
};

/// @brief Refuses variants whose memory estimate (one replication's population, networks and
/// scratch per thread, and a batch of held results) exceeds options.max_memory_bytes (0: the
/// memory available). run_experiment checks this itself; callers that write anything first
/// call it before. @throws ResourceError with the estimate
void check_experiment_memory(std::span<const ScenarioDef> variants, const ExperimentOptions& options);

/// @brief Runs every variant's `replications` replications (replications 0 .. n-1 of each) and
/// hands each finished variant's results, in replication order, to `on_variant_done`.
/// Variants run in batches over all threads, a batch's variants handed over in order when
/// the batch ends; inside a batch, replication r of every variant runs in a row on one thread,
/// so its population and networks are built once when the variants' set-up inputs agree.
/// A batch is up to eight variants, as many as keep its results within 32 MiB. The results are
/// the same as running each variant on its own.
/// @return false if cancelled (variants handed over before that are complete).
bool run_experiment(std::span<const ScenarioDef> variants, const ExperimentOptions& options,
                    const std::function<void(std::size_t variant, std::vector<ReplicationResult>&& results)>&
                        on_variant_done);

}  // namespace smesim
