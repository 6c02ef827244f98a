#pragma once
/// @file forecast.hpp
/// @brief Running replications of a scenario (the Monte Carlo forecast).

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "smesim/scenario_def.hpp"
#include "smesim/trajectory.hpp"

namespace smesim {

struct ForecastOptions {
  std::uint32_t replications = 1;
  int threads = 0;  ///< 0 = all hardware threads
  /// Called (from any thread, serialised) after each finished replication.
  std::function<void(std::size_t done, std::size_t total)> on_progress;
  /// When set to true, unstarted replications are skipped and run_forecast returns early.
  const std::atomic<bool>* cancel = nullptr;
  /// Refuse (ResourceError) a run whose memory estimate exceeds this; 0 = the memory
  /// available to the process.
  std::size_t max_memory_bytes = 0;
};

/// @brief Runs replications 0 .. replications-1 of a validated scenario. Each depends only on
/// (scenario, seed, replication), so the results are identical for any thread count; they
/// are returned in replication order.
/// @return fewer than `replications` results only if cancelled.
/// @throws ResourceError before anything is allocated when the run would not fit in memory
std::vector<ReplicationResult> run_forecast(const ScenarioDef& def, const ForecastOptions& options);

/// @brief One replication, with its own workspace.
ReplicationResult run_single_replication(const ScenarioDef& def, std::uint32_t replication);

}  // namespace smesim
