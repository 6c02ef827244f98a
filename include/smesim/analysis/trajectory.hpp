#pragma once
/// @file model/trajectory.hpp
/// @brief What one replication produces (docs/model.md §7): monthly values, final KPIs, and the
/// same by agency and by cluster.

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace smesim {

/// Spend of one agency (or the programme) per track, THB.
struct TrackSpend {
  double mentoring_thb = 0;
  double network_thb = 0;
  double technology_thb = 0;
  [[nodiscard]] double total_thb() const { return mentoring_thb + network_thb + technology_thb; }
};

/// Monthly values of one replication. `developed`, `expanded` and the cost and revenue
/// figures are what the programme is credited with (docs/model.md §5 step 10): cumulative counts
/// and this month's THB; the plain state counts (active, adopters, expanded_firms, ...) are
/// of all firms.
struct MonthRecord {
  int active = 0;                     ///< firms still in the programme
  int mentored = 0;                   ///< firms mentored this month
  int developed = 0;                  ///< cumulative credited
  int expanded = 0;                   ///< cumulative credited
  int expanded_firms = 0;             ///< firms that have expanded, credited or not
  int adopters = 0;                   ///< firms that have adopted a new technology
  int jp_members = 0;                 ///< firms in a joint-purchasing pool this month
  double mean_trust = 0;              ///< mean over clusters
  double cost_reduction_thb = 0;      ///< credited this month
  double cost_reduction_cum_thb = 0;  ///< credited so far
  double added_revenue_thb = 0;       ///< credited this month
  TrackSpend spent;                   ///< programme spend this month
};

/// Final KPIs of docs/model.md §7 (whole programme, one agency or one cluster).
struct Kpis {
  double developed = 0;
  double expanded = 0;
  double cost_reduction_thb = 0;
  double added_revenue_thb = 0;
  double spent_thb = 0;
  double unspent_thb = 0;
  /// Spent per developed SME; NaN when none was developed.
  [[nodiscard]] double thb_per_developed() const {
    return developed > 0 ? spent_thb / developed : std::numeric_limits<double>::quiet_NaN();
  }
  /// Cost reduction per THB spent; NaN when nothing was spent.
  [[nodiscard]] double cost_reduction_per_thb_spent() const {
    return spent_thb > 0 ? cost_reduction_thb / spent_thb : std::numeric_limits<double>::quiet_NaN();
  }
};

struct AgencyOutcome {
  Kpis kpis;
  double allocation_thb = 0;
  TrackSpend spent;
};

struct ClusterOutcome {
  Kpis kpis;  ///< spent_thb and unspent_thb are not attributed per cluster (0)
  int members = 0;
  int active_end = 0;
  int adopters_end = 0;
  double trust_end = 0;
};

struct ReplicationResult {
  std::uint32_t replication = 0;
  Kpis kpis;
  double allocation_thb = 0;   ///< budget given to agencies
  double overhead_thb = 0;     ///< kept by the programme office
  double unallocated_thb = 0;  ///< budget after overhead that explicit budgets left unassigned
  int firms = 0;
  std::vector<MonthRecord> months;
  std::vector<AgencyOutcome> agencies;
  std::vector<ClusterOutcome> clusters;
  std::vector<TrackSpend> agency_month_spend;  ///< month-major: [month * agencies + agency]
};

}  // namespace smesim
