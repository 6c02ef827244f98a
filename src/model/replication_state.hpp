#pragma once
// Everything one replication reads and writes, allocated once and reused across
// replications by the same thread (docs/architecture.md: no allocation in the step loop).

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "model/budget.hpp"
#include "model/cluster_graph.hpp"
#include "model/model_params.hpp"
#include "model/population.hpp"
#include "smesim/analysis/trajectory.hpp"
#include "smesim/random/philox.hpp"

namespace smesim::detail {

/// One firm's capabilities for the spillover gather (zeros when dropped), padded to 16 bytes.
struct alignas(16) PackedFirm {
  float process, management, market, unused;
};

/// What the programme is credited with, per cluster (docs/model.md §5 step 10).
struct ClusterTally {
  int developed = 0;
  int expanded = 0;
  double cost_reduction_thb = 0;
  double added_revenue_thb = 0;
};

/// The population and networks as built for one replication, kept so that the next
/// replication run in the same state with the same set-up inputs (the same replication of
/// another variant of an experiment) copies them instead of drawing them again.
struct SetupCopy {
  bool valid = false;     ///< the state's graph and `population` were built from `params`
  ModelParams params;     ///< what they were built from (see same_setup_inputs)
  Population population;  ///< as built, before month 0 changed it
};

struct ReplicationState {
  ModelParams params;
  /// Run the per-cluster steps over oneTBB workers (set by the runner when replications are
  /// fewer than threads). Results are the same either way.
  bool parallel_clusters = false;
  /// Keep a copy of each built population for the next reset (set by the experiment runner,
  /// which runs the same replication of several variants in a row). Results are the same
  /// either way.
  bool reuse_setup = false;
  PhiloxKey key{};
  Population pop;
  ClusterGraph graph;  ///< read-only once built: the monthly steps never change the networks
  GraphScratch graph_scratch;
  SetupCopy setup_copy;

  std::vector<double> trust;                        ///< T_c
  std::vector<double> network_spend_thb;            ///< this month, per cluster
  std::vector<std::int64_t> active_count;           ///< per cluster, kept up to date by dropout
  std::vector<std::int64_t> adopter_count;          ///< per cluster, kept up to date by mark_adopted
  std::vector<std::int64_t> expanded_count;         ///< per cluster, kept up to date by mark_expanded
  std::vector<std::array<TrackLedger, 3>> ledgers;  ///< per agency: mentoring, network, technology
  std::vector<ClusterTally> tally;

  /// This month's Purpose::firm_month draws, word-major: month_words[w][firm]. One Philox
  /// block per firm and month serves dropout, imitation, expansion and technology success.
  std::array<std::vector<std::uint32_t>, 4> month_words;
  /// Capabilities packed per firm for the spillover gather: one 16-byte load per neighbour
  /// instead of three scattered ones and a flag.
  std::vector<PackedFirm> packed;
  /// What each cluster adds to this month's record; summed in cluster order.
  std::vector<MonthRecord> cluster_month;

  // Scratch, sized once per replication.
  std::array<std::vector<Capability>, kDimensions> next_capability;
  std::array<std::vector<std::uint32_t>, 4> sample_words;  ///< `broad` keys of one cluster
  std::vector<double> hazard, probability;                 ///< per firm (cost changes of step 9)
  std::vector<std::uint32_t> candidates;
  std::vector<std::uint32_t> starters;  ///< mentoring v2: firms of a cluster that may start an engagement
  std::vector<std::uint32_t> changed_scratch;  ///< per firm: a cluster's changes from its begin
  std::vector<std::uint64_t> keyed;            ///< targeting keys packed with firm indices
  std::vector<std::int64_t> weights, quotas;
  std::vector<std::uint32_t> order;

  /// Takes `p` and builds population, networks, ledgers and scratch for it.
  void reset(ModelParams p);

 private:
  /// Builds (or, with reuse_setup, restores) the population and networks of `params`.
  void build_setup();
};

}  // namespace smesim::detail
