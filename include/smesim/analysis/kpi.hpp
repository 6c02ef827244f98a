#pragma once
/// @file analysis/kpi.hpp
/// @brief The names of what a replication reports (docs/model.md §7): final KPIs, monthly
/// values, and the same by agency and by cluster, in the column order of the output files.

#include <array>
#include <cstdint>

namespace smesim {

/// Final KPIs of the programme (docs/model.md §7), in the order of kpis.csv.
enum class FinalKpi : std::uint8_t {
  developed,
  expanded,
  cost_reduction_thb,
  added_revenue_thb,
  spent_thb,
  unspent_thb,
  thb_per_developed,             ///< NaN in a replication that developed none: left out
  cost_reduction_per_thb_spent,  ///< NaN in a replication that spent nothing: left out
};
inline constexpr std::array kFinalKpis{FinalKpi::developed,          FinalKpi::expanded,
                                       FinalKpi::cost_reduction_thb, FinalKpi::added_revenue_thb,
                                       FinalKpi::spent_thb,          FinalKpi::unspent_thb,
                                       FinalKpi::thb_per_developed,  FinalKpi::cost_reduction_per_thb_spent};

/// Values of MonthRecord, in the order of timeseries_summary.csv. `spent_thb` is the
/// programme's spend in the month over the three tracks.
enum class MonthlyKpi : std::uint8_t {
  active,
  mentored,
  developed,
  expanded,
  expanded_firms,
  adopters,
  jp_members,
  mean_trust,
  cost_reduction_thb,
  cost_reduction_cum_thb,
  added_revenue_thb,
  spent_thb,
};
inline constexpr std::array kMonthlyKpis{MonthlyKpi::active,
                                         MonthlyKpi::mentored,
                                         MonthlyKpi::developed,
                                         MonthlyKpi::expanded,
                                         MonthlyKpi::expanded_firms,
                                         MonthlyKpi::adopters,
                                         MonthlyKpi::jp_members,
                                         MonthlyKpi::mean_trust,
                                         MonthlyKpi::cost_reduction_thb,
                                         MonthlyKpi::cost_reduction_cum_thb,
                                         MonthlyKpi::added_revenue_thb,
                                         MonthlyKpi::spent_thb};

/// Final KPIs of one agency (its networks and its budget), in the order of agencies.csv.
enum class AgencyKpi : std::uint8_t {
  developed,
  expanded,
  cost_reduction_thb,
  added_revenue_thb,
  spent_thb,
  unspent_thb,
  thb_per_developed,
  cost_reduction_per_thb_spent,
  allocation_thb,
};
inline constexpr std::array kAgencyKpis{
    AgencyKpi::developed,          AgencyKpi::expanded,
    AgencyKpi::cost_reduction_thb, AgencyKpi::added_revenue_thb,
    AgencyKpi::spent_thb,          AgencyKpi::unspent_thb,
    AgencyKpi::thb_per_developed,  AgencyKpi::cost_reduction_per_thb_spent,
    AgencyKpi::allocation_thb};

/// Final values of one cluster, in the order of clusters.csv. Spend is not attributed per
/// cluster (ClusterOutcome), so there is no spend here.
enum class ClusterKpi : std::uint8_t {
  developed,
  expanded,
  cost_reduction_thb,
  added_revenue_thb,
  active_end,
  adopters_end,
  trust_end,
};
inline constexpr std::array kClusterKpis{ClusterKpi::developed,          ClusterKpi::expanded,
                                         ClusterKpi::cost_reduction_thb, ClusterKpi::added_revenue_thb,
                                         ClusterKpi::active_end,         ClusterKpi::adopters_end,
                                         ClusterKpi::trust_end};

/// @brief Names used in output files (`developed`, `cost_reduction_per_thb_spent`, ...).
const char* to_string(FinalKpi kpi);
const char* to_string(MonthlyKpi kpi);
const char* to_string(AgencyKpi kpi);
const char* to_string(ClusterKpi kpi);

}  // namespace smesim
