#include "engine/memory_estimate.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <tbb/info.h>

#include "smesim/analysis/trajectory.hpp"
#include "smesim/engine/forecast.hpp"
#include "smesim/error.hpp"
#include "smesim/scenario/prior_draws.hpp"
#include "smesim/scenario/scenario.hpp"

namespace smesim::detail {
namespace {

// Expected undirected links of a network of n members (docs/model.md §6).
double links_of(const TopologyDef& t, double n) {
  const double all = n * (n - 1) / 2;
  switch (t.kind) {
    case TopologyKind::complete:
      return all;
    case TopologyKind::small_world:
      return std::min(all, n * t.degree / 2.0);
    case TopologyKind::random:
      return std::min(all, n * t.mean_degree.args[0] / 2.0);
    case TopologyKind::scale_free:
      return std::min(all, n * t.m);
  }
  return all;
}

std::size_t cgroup_limit_bytes() {
  std::ifstream in("/sys/fs/cgroup/memory.max");
  std::string text;
  if (!(in >> text) || text == "max") return 0;
  return static_cast<std::size_t>(std::strtoull(text.c_str(), nullptr, 10));
}

}  // namespace

double result_bytes(const ScenarioDef& def) {
  const auto months = static_cast<double>(def.time.horizon_months);
  const auto agencies = static_cast<double>(def.agencies.size());
  double networks = 0;
  for (const AgencyDef& a : def.agencies) networks += a.networks;
  return static_cast<double>(sizeof(ReplicationResult)) +
         months *
             (static_cast<double>(sizeof(MonthRecord)) + agencies * static_cast<double>(sizeof(TrackSpend))) +
         agencies * static_cast<double>(sizeof(AgencyOutcome)) +
         networks * static_cast<double>(sizeof(ClusterOutcome));
}

MemoryEstimate estimate_memory(const ScenarioDef& def, std::size_t held_replications, int threads) {
  MemoryEstimate e;
  for (const ClusterSpec& c : expand_networks(def)) {
    const double n = std::max(1.0, std::floor(members_upper_bound(c.members)));
    e.firms += n;
    e.links += links_of(c.topology, n);
    e.largest_network = std::max(e.largest_network, n);
  }
  double largest_links = 0;
  for (const ClusterSpec& c : expand_networks(def))
    if (std::floor(members_upper_bound(c.members)) >= e.largest_network)
      largest_links = std::max(largest_links, links_of(c.topology, e.largest_network));
  e.workspace_bytes = e.firms * kBytesPerFirm + e.links * kBytesPerLink + largest_links * kBuildBytesPerLink +
                      e.largest_network * e.largest_network / 8;
  const std::size_t cores = threads > 0 ? static_cast<std::size_t>(threads)
                                        : static_cast<std::size_t>(tbb::info::default_concurrency());
  e.threads = std::max<std::size_t>(1, std::min(cores, std::max<std::size_t>(1, held_replications)));
  e.results_bytes = static_cast<double>(held_replications) * result_bytes(def);
  return e;
}

MemoryEstimate estimate_streamed_memory(const ScenarioDef& def, std::size_t replications, int threads) {
  ForecastOptions options;
  options.threads = threads;
  const std::size_t block = std::min(replications, forecast_block_replications(def, options));
  MemoryEstimate e = estimate_memory(def, 2 * block, threads);
  e.threads = std::max<std::size_t>(1, std::min(e.threads, std::max<std::size_t>(1, replications)));
  const auto n = static_cast<double>(replications);
  // The drivers (src/analysis/forecast_drivers.cpp) run after the summary, so the larger of
  // the two phases counts.
  const auto priors = static_cast<double>(prior_draws(def, def.seed, 0).size());
  const double summary_per_replication = 4.0 * sizeof(double);
  const double drivers_per_replication = priors > 0 ? 4.0 * priors + 48.0 : 0.0;
  e.results_bytes += static_cast<double>(kSummaryBlockBytes) +
                     (priors > 0 ? static_cast<double>(kDriversBlockBytes) : 0.0) +
                     std::max(summary_per_replication, drivers_per_replication) * n;
  return e;
}

std::size_t available_memory_bytes() {
  std::ifstream in("/proc/meminfo");
  std::string line;
  std::size_t available = 0;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string key;
    std::size_t kib = 0;
    if (fields >> key >> kib && key == "MemAvailable:") available = kib * 1024;
  }
  const std::size_t limit = cgroup_limit_bytes();
  if (limit > 0 && (available == 0 || limit < available)) available = limit;
  return available;
}

std::string format_bytes(double bytes) {
  if (bytes >= 1e9) return fmt::format("{:.1f} GB", bytes / 1e9);
  if (bytes >= 1e6) return fmt::format("{:.0f} MB", bytes / 1e6);
  return fmt::format("{:.0f} kB", std::max(1.0, bytes / 1e3));
}

void check_memory(const MemoryEstimate& e, std::size_t limit_bytes) {
  const bool given = limit_bytes > 0;
  const double limit = static_cast<double>(given ? limit_bytes : available_memory_bytes());
  if (limit <= 0 || e.total_bytes() <= limit) return;
  throw ResourceError(fmt::format(
      "the run needs about {} ({} thread{} x {} for {:.0f} SMEs and {:.0f} links, largest network {:.0f} "
      "members; "
      "{} of held results), more than the {} {}; make the networks smaller or sparser, use fewer "
      "replications or "
      "threads{}",
      format_bytes(e.total_bytes()), e.threads, e.threads == 1 ? "" : "s", format_bytes(e.workspace_bytes),
      e.firms, e.links, e.largest_network, format_bytes(e.results_bytes), format_bytes(limit),
      given ? "allowed by --max-memory" : "available", given ? ", or raise --max-memory" : ""));
}

std::size_t parse_byte_size(const std::string& text) {
  double value = 0;
  std::size_t used = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    return 0;
  }
  std::string unit = text.substr(used);
  if (!unit.empty() && (unit.back() == 'B' || unit.back() == 'b')) unit.pop_back();
  double scale = 1;
  if (unit == "K" || unit == "k")
    scale = 1e3;
  else if (unit == "M" || unit == "m")
    scale = 1e6;
  else if (unit == "G" || unit == "g")
    scale = 1e9;
  else if (unit == "T" || unit == "t")
    scale = 1e12;
  else if (!unit.empty())
    return 0;
  if (!(value > 0) || !std::isfinite(value) || value * scale > 1e18) return 0;
  return static_cast<std::size_t>(value * scale);
}

}  // namespace smesim::detail
