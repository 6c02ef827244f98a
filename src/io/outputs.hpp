#pragma once
// The files of a run (issue "Outputs"): manifest.json, kpis.csv, timeseries.csv,
// agency_kpis.csv, cluster_kpis.csv, agency_timeseries.csv; and the forecast across
// replications (issue "Monte Carlo forecasts"): summary.json, timeseries_summary.csv,
// agencies.csv, clusters.csv.

#include <filesystem>
#include <string>
#include <vector>

#include "smesim/forecast_summary.hpp"
#include "smesim/scenario.hpp"
#include "smesim/trajectory.hpp"

namespace smesim::detail {

struct RunInfo {
  std::string command_line;
  std::string scenario_source;
  std::string started_utc;
  std::string finished_utc;
  int threads = 0;
};

/// Writes every output file of a run into `folder` (the staging folder). `summary` is
/// summarise_forecast(def, results). @throws OutputError
void write_run_outputs(const std::filesystem::path& folder, const ScenarioDef& def,
                       const std::vector<ClusterSpec>& networks,
                       const std::vector<ReplicationResult>& results, const ForecastSummary& summary,
                       const RunInfo& info);

/// summary.json of a forecast, as text (also each point of a sweep).
std::string forecast_summary_json(const ScenarioDef& def, const ForecastSummary& summary);

/// Writes `content` to `path` through a temporary file renamed into place, so the file is
/// either complete or absent. @throws OutputError
void write_file_atomically(const std::filesystem::path& path, const std::string& content);

/// FNV-1a 64 of the canonical resolved scenario, as 16 hex digits: detects any change.
std::string scenario_hash(const std::string& resolved_json);

/// Now, as ISO 8601 UTC (`2026-11-27T15:30:00Z`).
std::string utc_now_iso8601();

}  // namespace smesim::detail
