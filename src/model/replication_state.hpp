#pragma once
// Everything one replication reads and writes, allocated once and reused across
// replications by the same thread (DESIGN.md: no allocation inside the step loop).

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "model/budget.hpp"
#include "model/cluster_graph.hpp"
#include "model/model_params.hpp"
#include "model/population.hpp"
#include "smesim/philox.hpp"
#include "smesim/trajectory.hpp"

namespace smesim::detail {

/// What the programme is credited with, per cluster (MODEL.md §5 step 10).
struct ClusterTally {
  int developed = 0;
  int expanded = 0;
  double cost_reduction_thb = 0;
  double added_revenue_thb = 0;
};

struct ReplicationState {
  ModelParams params;
  PhiloxKey key{};
  Population pop;
  ClusterGraph graph;
  GraphScratch graph_scratch;

  std::vector<double> trust;                        ///< T_c
  std::vector<double> network_spend_thb;            ///< this month, per cluster
  std::vector<std::int64_t> active_count;           ///< per cluster, after dropout
  std::vector<std::array<TrackLedger, 3>> ledgers;  ///< per agency: mentoring, network, technology
  std::vector<ClusterTally> tally;

  // Scratch, sized once per replication.
  std::array<std::vector<Capability>, kDimensions> next_capability;
  std::vector<PhiloxCounter> firm_month_blocks;  ///< one cluster's Purpose::firm_month draws
  std::vector<std::uint32_t> candidates;
  std::vector<std::uint32_t> changed;
  std::vector<std::pair<float, std::uint32_t>> keyed;
  std::vector<std::int64_t> weights, quotas;
  std::vector<std::uint32_t> order;

  /// Takes `p` and builds population, networks, ledgers and scratch for it.
  void reset(ModelParams p);
};

}  // namespace smesim::detail
