#pragma once
// Each agency's KPIs and how often it meets its share of the targets, in every study's
// records, and the tidy long CSV made of them (agencies_long.csv: variant, agency, kpi,
// statistic, value, agency_name; docs/outputs.md).

#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "smesim/analysis/agency_comparison.hpp"
#include "smesim/analysis/forecast_summary.hpp"
#include "smesim/analysis/trajectory.hpp"
#include "smesim/engine/executor.hpp"
#include "smesim/io/result_table.hpp"
#include "smesim/scenario/scenario.hpp"
#include "smesim/scenario/scenario_def.hpp"

namespace smesim::detail {

/// Per agency and replication: the SMEs its networks enrolled and its final KPIs; the
/// programme's as `all`.
VariantAgencySamples agency_samples(const ScenarioDef& variant, std::span<const ReplicationResult> results);

/// The SMEs each agency's networks enrolled in one replication, [agency] in ScenarioDef order
/// (`networks` is expand_networks(variant)).
std::vector<double> enrolled_by_agency(const ScenarioDef& variant, const std::vector<ClusterSpec>& networks,
                                       const ReplicationResult& result);

/// A streamed forecast's agency rows, fed a replication at a time: the same rows as
/// agency_rows_json gives for all of them at once, with each KPI's statistics taken from the
/// forecast's summary (whose columns hold every replication) and the targets tallied here.
class ForecastAgencyRows {
 public:
  ForecastAgencyRows(const ScenarioDef& def, const std::vector<ClusterSpec>& networks);
  void add(const ReplicationResult& result);
  /// The agencies_long table, variant `label`.
  [[nodiscard]] ResultTable long_table(const ForecastSummary& summary, const std::string& label) const;

 private:
  const ScenarioDef& def_;
  const std::vector<ClusterSpec>& networks_;
  std::vector<AgencyTargetTally> tallies_;  ///< [0] the programme, [1 + a] agency a
};

/// The variant's rows of summarise_by_agency as a record's `agencies` array:
/// `[agency, kpi, statistic, value]` each, NaN as null.
nlohmann::ordered_json agency_rows_json(const ScenarioDef& variant,
                                        std::span<const ReplicationResult> results);

/// @brief Refuses a stored record without the `agencies` array (written by a version of
/// smesim before it had one). @throws ResumeError
void require_agency_rows(std::size_t index, const Record& record);

/// @brief P(met) of the programme's target `target` (the programme row `all` of a record's
/// `agencies`: the share of the variant's replications whose KPI is not less than the target;
/// `all_targets` for Target::all); NaN when the record has no such row.
double programme_probability_met(const nlohmann::json& record, Target target);

/// The name of agency `id` in `variant` ("" for `all`, the programme, and for an agency without
/// one): the `agency_name` column of the agency files.
std::string agency_name(const ScenarioDef& variant, const std::string& id);

/// The unit of an agency row's value: a probability for P(met), its interval and P(better),
/// else the KPI's or the target's.
Quantity agency_row_quantity(const std::string& kpi, const std::string& statistic);

/// The agencies_long table (agencies_long.csv) from the records' `agencies` arrays; `labels[i]` names variant
/// i, and `variants[i]` its agencies (one variant: the same agencies for every record, as in a solve, whose
/// values change no name).
ResultTable agencies_long_table(std::span<const Record> records, const std::vector<std::string>& labels,
                                std::span<const ScenarioDef> variants);

}  // namespace smesim::detail
