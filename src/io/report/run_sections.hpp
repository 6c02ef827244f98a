#pragma once
// The sections of a run's report, built from its files (docs/outputs.md): the headline
// against the targets and the budget, the fan charts over the months, the agencies and the
// networks by province group.

#include <nlohmann/json.hpp>

#include "io/report/kind_report.hpp"
#include "io/report/page.hpp"
#include "io/report/results_folder.hpp"

namespace smesim::detail::report {

/// Each target: median, 90% interval, P(met) with its interval and a met/at-risk/missed mark;
/// P(all three); the budget spent and not spent. From summary.json.
/// @param cautions  what the reader must know before the numbers (manifest.json's
/// `uncertainty_note` and `unreachable_targets`), one sentence each
Section headline_section(const nlohmann::json& summary, const std::vector<std::string>& cautions);
/// Developed, expanded and cumulative cost reduction by month: 50% and 90% bands across
/// replications, the median and the target. From timeseries_summary.csv and summary.json.
Section trajectories_section(const ReportTable& timeseries_summary, const nlohmann::json& summary);
/// Bars with 90% intervals per agency, and a table. From agencies.csv.
Section agencies_section(const ReportTable& agencies);
/// Sortable tables of province groups and networks. From clusters.csv.
Section clusters_section(const ReportTable& clusters);

/// A run's report: the sections above and what drives the result (drivers_section.hpp).
extern const KindReport run_report;

}  // namespace smesim::detail::report
