#pragma once
// The per-replication files of a run (docs/outputs.md): kpis.csv, timeseries.csv,
// agency_kpis.csv, agency_timeseries.csv, cluster_kpis.csv and priors.csv, written a block of
// replications at a time as the forecast streams them (docs/architecture.md "Performance design"),
// so their size never has to fit in memory.

#include <array>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "smesim/analysis/trajectory.hpp"
#include "smesim/scenario/scenario.hpp"

namespace smesim::detail {

/// What one replication drew for each prior (prior_draws): (path, value), in parameter order.
using PriorDraws = std::vector<std::pair<std::string, double>>;

class ReplicationFiles {
 public:
  /// Creates the six files in `folder` and writes their headers. @throws OutputError
  ReplicationFiles(const std::filesystem::path& folder, const ScenarioDef& def,
                   const std::vector<ClusterSpec>& networks);

  /// Appends the rows of `block` (replications in order); `priors[i]` is what replication
  /// block[i] drew (prior_draws), the rows of priors.csv. @throws OutputError
  void write(std::span<const ReplicationResult> block, std::span<const PriorDraws> priors);
  /// Flushes and closes every file. @throws OutputError when a write failed
  void close();

  /// The names of the files, as listed in manifest.json.
  static const std::vector<std::string>& names();

 private:
  struct File {
    std::filesystem::path path;
    std::ofstream out;
  };
  enum Which : std::size_t {
    kKpis,
    kTimeseries,
    kAgencyKpis,
    kAgencyTimeseries,
    kClusterKpis,
    kPriors,
    kCount
  };
  static void check(File& file);

  const ScenarioDef& def_;
  const std::vector<ClusterSpec>& networks_;
  std::array<File, kCount> files_;  // in names() order
};

}  // namespace smesim::detail
