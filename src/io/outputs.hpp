#pragma once
// The files of a run that describe it as a whole: manifest.json and the forecast across
// replications (summary.json, timeseries_summary.csv, agencies.csv, clusters.csv). The
// per-replication files are io/replication_files.hpp.

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "io/results_writer.hpp"
#include "smesim/analysis/forecast_drivers.hpp"
#include "smesim/analysis/forecast_summary.hpp"
#include "smesim/analysis/trajectory.hpp"
#include "smesim/io/result_table.hpp"
#include "smesim/scenario/scenario.hpp"

namespace smesim::detail {

struct RunInfo {
  std::string kind;  ///< the command (the study registry's name), for the workbook's README
  std::string command_line;
  std::string scenario_source;
  std::string started_utc;
  std::string finished_utc;
  int threads = 0;
  OutputOptions outputs;
};

/// The results of a run that summarise it, beside the per-replication files ReplicationFiles
/// wrote while it ran: summary.json (with the `drivers` of io/drivers_outputs.hpp), the tables
/// agencies, agencies_long (the forecast study's, `agencies_long`), clusters,
/// timeseries_summary and drivers, and manifest.json; no console blocks (the study adds them).
StudyResults run_results(const ScenarioDef& def, const std::vector<ClusterSpec>& networks,
                         const ForecastSummary& summary, const ForecastDrivers& drivers,
                         ResultTable agencies_long, const RunInfo& info);

/// summary.json of a forecast, as text (also each point of a sweep).
std::string forecast_summary_json(const ScenarioDef& def, const ForecastSummary& summary);

/// Has `write` make the file at the temporary path it is given, beside `path`, then renames it
/// into place, so the file is either complete or absent; the temporary file is removed when
/// `write` throws OutputError (which is passed on). @throws OutputError
void write_atomically(const std::filesystem::path& path,
                      const std::function<void(const std::filesystem::path& temporary)>& write);

/// Writes `content` to `path` (not atomically: write_atomically's `write`). @throws OutputError
void write_text_file(const std::filesystem::path& path, const std::string& content);

/// Writes `content` to `path` through a temporary file renamed into place, so the file is
/// either complete or absent. @throws OutputError
void write_file_atomically(const std::filesystem::path& path, const std::string& content);

/// write_atomically into `folder`/`name`, making the folders `name` names first.
/// @throws OutputError
void write_output_with(const std::filesystem::path& folder, const std::string& name,
                       const std::function<void(const std::filesystem::path& temporary)>& write);

/// FNV-1a 64 of the canonical resolved scenario, as 16 hex digits: detects any change.
std::string scenario_hash(const std::string& resolved_json);

/// Now, as ISO 8601 UTC (`2026-11-27T15:30:00Z`).
std::string utc_now_iso8601();

}  // namespace smesim::detail
