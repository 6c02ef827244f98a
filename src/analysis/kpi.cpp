#include "smesim/analysis/kpi.hpp"

namespace smesim {

const char* to_string(FinalKpi kpi) {
  switch (kpi) {
    case FinalKpi::developed:
      return "developed";
    case FinalKpi::expanded:
      return "expanded";
    case FinalKpi::cost_reduction_thb:
      return "cost_reduction_thb";
    case FinalKpi::added_revenue_thb:
      return "added_revenue_thb";
    case FinalKpi::spent_thb:
      return "spent_thb";
    case FinalKpi::unspent_thb:
      return "unspent_thb";
    case FinalKpi::thb_per_developed:
      return "thb_per_developed";
    case FinalKpi::cost_reduction_per_thb_spent:
      return "cost_reduction_per_thb_spent";
  }
  return "?";
}

const char* to_string(MonthlyKpi kpi) {
  switch (kpi) {
    case MonthlyKpi::active:
      return "active";
    case MonthlyKpi::mentored:
      return "mentored";
    case MonthlyKpi::developed:
      return "developed";
    case MonthlyKpi::expanded:
      return "expanded";
    case MonthlyKpi::expanded_firms:
      return "expanded_firms";
    case MonthlyKpi::adopters:
      return "adopters";
    case MonthlyKpi::jp_members:
      return "jp_members";
    case MonthlyKpi::mean_trust:
      return "mean_trust";
    case MonthlyKpi::cost_reduction_thb:
      return "cost_reduction_thb";
    case MonthlyKpi::cost_reduction_cum_thb:
      return "cost_reduction_cum_thb";
    case MonthlyKpi::added_revenue_thb:
      return "added_revenue_thb";
    case MonthlyKpi::spent_thb:
      return "spent_thb";
  }
  return "?";
}

const char* to_string(AgencyKpi kpi) {
  switch (kpi) {
    case AgencyKpi::developed:
      return "developed";
    case AgencyKpi::expanded:
      return "expanded";
    case AgencyKpi::cost_reduction_thb:
      return "cost_reduction_thb";
    case AgencyKpi::added_revenue_thb:
      return "added_revenue_thb";
    case AgencyKpi::spent_thb:
      return "spent_thb";
    case AgencyKpi::unspent_thb:
      return "unspent_thb";
    case AgencyKpi::thb_per_developed:
      return "thb_per_developed";
    case AgencyKpi::cost_reduction_per_thb_spent:
      return "cost_reduction_per_thb_spent";
    case AgencyKpi::allocation_thb:
      return "allocation_thb";
  }
  return "?";
}

const char* to_string(ClusterKpi kpi) {
  switch (kpi) {
    case ClusterKpi::developed:
      return "developed";
    case ClusterKpi::expanded:
      return "expanded";
    case ClusterKpi::cost_reduction_thb:
      return "cost_reduction_thb";
    case ClusterKpi::added_revenue_thb:
      return "added_revenue_thb";
    case ClusterKpi::active_end:
      return "active_end";
    case ClusterKpi::adopters_end:
      return "adopters_end";
    case ClusterKpi::trust_end:
      return "trust_end";
  }
  return "?";
}

}  // namespace smesim
