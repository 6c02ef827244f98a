#pragma once
// What a run will hold in memory, estimated before anything is allocated (docs/architecture.md
// "Errors and bad input"): a scenario whose population, networks or held results would not fit is
// refused with the estimate instead of dying of std::bad_alloc after gigabytes.

#include <cstddef>
#include <cstdint>
#include <string>

#include "smesim/scenario/scenario_def.hpp"

namespace smesim::detail {

/// Upper bounds per firm and per link, from the struct-of-arrays layout (population.hpp,
/// replication_state.hpp, cluster_graph.hpp): the population is about 60 bytes a firm, the
/// step loop's per-firm scratch about 70, and a set-up copy for reuse across variants 60 more;
/// a link is two 4-byte entries in the CSR adjacency. The largest network's construction
/// scratch (edge list, sorted keys, urn) adds 24 bytes a link and a bit matrix of n² bits.
inline constexpr std::size_t kBytesPerFirm = 200;
inline constexpr std::size_t kBytesPerLink = 8;
inline constexpr std::size_t kBuildBytesPerLink = 24;

struct MemoryEstimate {
  double firms = 0;  ///< at the members' upper values (a prior's upper end)
  double links = 0;  ///< expected links of all networks
  double largest_network = 0;
  std::size_t threads = 1;     ///< workspaces held at once
  double workspace_bytes = 0;  ///< one replication's population, graph and scratch
  double results_bytes = 0;    ///< results held until written or summarised
  [[nodiscard]] double total_bytes() const {
    return static_cast<double>(threads) * workspace_bytes + results_bytes;
  }
};

/// Heap bytes of one ReplicationResult of `def` (model/trajectory.hpp).
double result_bytes(const ScenarioDef& def);

/// @brief The memory of running `held_replications` replications of `def` whose results are
/// all held at once, on `threads` threads (0 = all cores).
MemoryEstimate estimate_memory(const ScenarioDef& def, std::size_t held_replications, int threads);

/// The block of summary rows a streamed forecast buffers before spilling it (ColumnStore).
inline constexpr std::size_t kSummaryBlockBytes = 8u << 20;
/// The block of prior draws a streamed forecast buffers for its drivers before spilling it.
inline constexpr std::size_t kDriversBlockBytes = 1u << 20;

/// @brief The memory of `smesim run`: `replications` streamed (run_forecast_streaming holds
/// two blocks of results) and summarised from their columns, which needs a summary block,
/// and four columns of 8 bytes per replication (the one being summarised, the sorted copy
/// for its quantiles, or the three target columns); with priors, the drivers' block of prior
/// draws and, while the drivers are computed, 4 bytes per replication and prior (their ranks)
/// plus 48 (three KPI columns, an indicator, the "all targets" indicator, a ranking's order
/// and the output's ranks).
MemoryEstimate estimate_streamed_memory(const ScenarioDef& def, std::size_t replications, int threads);

/// @brief The memory this process may use: MemAvailable of /proc/meminfo, or the cgroup's
/// memory.max when lower (a container or a Slurm job's limit). 0 if unknown.
std::size_t available_memory_bytes();

/// "1.5 GB", "320 MB".
std::string format_bytes(double bytes);

/// @brief Refuses a run whose estimate exceeds `limit_bytes` (0: the available memory).
/// @throws ResourceError naming the estimate, its parts and the limit
void check_memory(const MemoryEstimate& estimate, std::size_t limit_bytes);

/// @brief Parses a size such as `4G`, `512M`, `2.5GB`, `1000000` (bytes).
/// @return 0 when `text` is not a size
std::size_t parse_byte_size(const std::string& text);

}  // namespace smesim::detail
