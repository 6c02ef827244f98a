#pragma once
/// @file analysis/agency_comparison.hpp
/// @brief Strategy comparisons by agency: each variant's KPIs per agency, the paired
/// difference to the baseline per agency, and how often each agency meets its share of the
/// programme's targets, as tidy rows (`variant, agency, kpi, statistic, value`).
///
/// An agency's share of a target is the programme target times the agency's share of the
/// SMEs enrolled in that replication (all members are enrolled at t = 0, docs/model.md §2): the
/// 10,000 developed SMEs promised for 10,800 enrolled become 3,148 for DIP's 3,400. A
/// replication meets it when the agency's KPI is not less than that share.

#include <array>
#include <string>
#include <vector>

#include "smesim/analysis/forecast_summary.hpp"
#include "smesim/analysis/targets.hpp"

namespace smesim {

/// The KPIs compared per agency: those an agency has on its own (docs/model.md §7).
inline constexpr std::array kAgencyComparedKpis{FinalKpi::developed,          FinalKpi::expanded,
                                                FinalKpi::cost_reduction_thb, FinalKpi::added_revenue_thb,
                                                FinalKpi::spent_thb,          FinalKpi::unspent_thb};

/// One agency's values in one variant, per replication (replication order).
struct AgencySamples {
  std::string id;
  std::vector<double> enrolled_smes;  ///< members of its networks at t = 0
  /// [k][replication] for k in kAgencyComparedKpis order.
  std::array<std::vector<double>, kAgencyComparedKpis.size()> kpis;
};

/// One variant: its name, its agencies, and the programme's values (every SME enrolled and
/// the programme KPIs, stored as agency `all`).
struct VariantAgencySamples {
  std::string name;
  std::vector<AgencySamples> agencies;  ///< the same agencies, in the same order, in every variant
  AgencySamples programme;              ///< id `all`
};

struct AgencyComparisonRow {
  std::string variant, agency, kpi, statistic;
  double value = 0;
};

/// @brief How often one agency (or the programme) meets its share of each target, tallied a
/// replication at a time, so that a streamed forecast keeps no per-replication values.
class AgencyTargetTally {
 public:
  explicit AgencyTargetTally(const TargetsDef& targets) : targets_(targets) {}

  /// One replication: the SMEs the agency's networks enrolled, every SME the programme
  /// enrolled, and the agency's final developed, expanded and cost reduction.
  void add(double enrolled_smes, double programme_enrolled_smes, double developed, double expanded,
           double cost_reduction_thb);

  /// Per target (kpi `developed_smes`, `expanded_smes`, `cost_reduction_thb`, `all_targets`):
  /// `target` (the agency's share, mean over replications; not for `all_targets`),
  /// `probability_met` and its Wilson `probability_met_ci95_lo` / `_hi`.
  void append_rows(const std::string& variant, const std::string& agency,
                   std::vector<AgencyComparisonRow>& out) const;

 private:
  TargetsDef targets_;
  std::size_t replications_ = 0;
  std::array<double, 3> target_sum_{};  ///< developed, expanded, cost reduction
  std::array<std::size_t, 3> met_{};
  std::size_t met_all_ = 0;
};

/// @brief The tidy rows, variant by variant, agency by agency (the programme, `all`, first):
/// per KPI `mean`, `p5`, `p50`, `p95`, and against the baseline `diff_mean`, `diff_ci95_lo`,
/// `diff_ci95_hi` (paired, mean ± 1.96 sd / √n) and `p_better` (ties half; NaN for spend);
/// per target (kpi `developed_smes`, `expanded_smes`, `cost_reduction_thb`, `all_targets`)
/// `target` (the agency's share, mean over replications), `probability_met` and its Wilson
/// `probability_met_ci95_lo` / `_hi`.
/// @pre every variant has the same agencies and replications
std::vector<AgencyComparisonRow> compare_by_agency(const std::vector<VariantAgencySamples>& variants,
                                                   std::size_t baseline, const TargetsDef& targets);

/// @brief One variant's rows alone (no baseline): per agency (the programme, `all`, first) and
/// KPI `mean`, `p5`, `p50`, `p95`, and per target its `target`, `probability_met` and Wilson
/// interval, as compare_by_agency gives them.
std::vector<AgencyComparisonRow> summarise_by_agency(const VariantAgencySamples& variant,
                                                     const TargetsDef& targets);

}  // namespace smesim
