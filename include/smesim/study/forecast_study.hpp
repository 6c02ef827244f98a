#pragma once
/// @file forecast_study.hpp
/// @brief `smesim run`: the Monte Carlo forecast of one scenario as a study of one variant.
/// Its replications are streamed to the per-replication files as they finish and folded into
/// the summary's columns (memory stays bounded however many run); its record is summary.json;
/// its outputs are the run's files (docs/outputs.md), with agencies_long.csv as every study
/// writes it, and what drives the result (the priors each replication drew, kept in a second
/// scratch file, against the KPIs and targets: drivers.csv).

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "smesim/analysis/forecast_drivers.hpp"
#include "smesim/analysis/forecast_summary.hpp"
#include "smesim/io/result_table.hpp"
#include "smesim/scenario/scenario.hpp"
#include "smesim/study/study.hpp"

namespace smesim {

class ForecastStudy final : public Study {
 public:
  /// @param scenario_source  `default` or the scenario file's path, for the manifest
  ForecastStudy(ScenarioDef def, std::string scenario_source);
  ~ForecastStudy() override;

  [[nodiscard]] StudyIdentity identity() const override;
  [[nodiscard]] std::string_view record_noun() const override { return "forecast"; }
  [[nodiscard]] MemoryUse memory_use() const override { return MemoryUse::streamed; }
  /// Its reducer streams the replications into the run's files: it runs where the store is.
  [[nodiscard]] bool reduces_anywhere() const override { return false; }
  std::vector<ScenarioDef> next_variants(std::span<const Record> records) override;
  std::unique_ptr<VariantReducer> reducer(std::size_t index, const ScenarioDef& variant,
                                          ResultsStore& store) override;
  [[nodiscard]] Record reduce(std::size_t index, const ScenarioDef& variant,
                              std::span<const ReplicationResult> results) const override;
  StudyResults finish(std::span<const Record> records, const StudyRun& run) override;

  [[nodiscard]] const ScenarioDef& def() const { return def_; }
  /// The summary, once the forecast finished.
  [[nodiscard]] const ForecastSummary& summary() const { return summary_; }
  /// What drives the result (summary.json's `drivers`, drivers.csv), once the forecast finished.
  [[nodiscard]] const ForecastDrivers& drivers() const { return drivers_; }

 private:
  class StreamingReducer;
  ScenarioDef def_;
  std::string scenario_source_;
  std::vector<ClusterSpec> networks_;
  ForecastSummary summary_;
  ForecastDrivers drivers_;
  /// agencies_long, made with the summary: it needs the tallies the reducer kept.
  std::optional<ResultTable> agencies_long_;
  double firms_sum_ = 0;  ///< SMEs per replication, summed, for the console
};

}  // namespace smesim
