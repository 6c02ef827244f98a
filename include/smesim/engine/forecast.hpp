#pragma once
/// @file engine/forecast.hpp
/// @brief Running replications of a scenario (the Monte Carlo forecast).

#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "smesim/analysis/trajectory.hpp"
#include "smesim/scenario/scenario_def.hpp"

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
  /// Replications per block of run_forecast_streaming; 0 = chosen from the threads and the
  /// size of a result. It changes memory and latency, never a result.
  std::size_t block_replications = 0;
};

/// Receives finished replications, in replication order, a block at a time, on the thread
/// that called run_forecast_streaming (so it needs no locking). The span is valid only
/// during the call.
using ReplicationSink = std::function<void(std::span<const ReplicationResult> block)>;

/// @brief Runs replications 0 .. replications-1 of a validated scenario and hands them to
/// `sink` in replication order while the next block runs: at most two blocks of results are
/// held at any time, however many replications there are. Each replication depends only on
/// (scenario, seed, replication), so what the sink sees is identical for any thread count
/// and block size.
/// @return the replications delivered: fewer than `replications` only if cancelled, and then
///   the leading ones (0 .. returned-1)
/// @throws ResourceError before anything is allocated when two blocks would not fit in memory;
///   whatever the sink throws, once the block running beside it has stopped
std::size_t run_forecast_streaming(const ScenarioDef& def, const ForecastOptions& options,
                                   const ReplicationSink& sink);

/// @brief Replications per block of run_forecast_streaming for `def` and `options`.
std::size_t forecast_block_replications(const ScenarioDef& def, const ForecastOptions& options);

/// @brief Runs replications 0 .. replications-1 of a validated scenario and returns them all,
/// in replication order (run_forecast_streaming collected: the same results). Memory grows
/// with the replications; a command that must run any number of them streams instead.
/// @return fewer than `replications` results only if cancelled.
/// @throws ResourceError before anything is allocated when the run would not fit in memory
std::vector<ReplicationResult> run_forecast(const ScenarioDef& def, const ForecastOptions& options);

/// @brief One replication, with its own workspace.
ReplicationResult run_single_replication(const ScenarioDef& def, std::uint32_t replication);

}  // namespace smesim
