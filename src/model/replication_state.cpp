// ReplicationState's set-up: building (or restoring) a replication's population and networks
// and resetting the monthly state (docs/model.md §4, §5).
#include <algorithm>
#include <cmath>

#include "model/budget.hpp"
#include "model/cluster_graph.hpp"
#include "model/population.hpp"
#include "model/replication_state.hpp"
#include "model/setup_inputs.hpp"

namespace smesim::detail {

void ReplicationState::build_setup() {
  // The same replication of another variant with the same set-up inputs draws exactly this
  // population and these networks (every draw is keyed by seed, replication and cluster id,
  // docs/model.md §6): copy the population as built; the graph is still in place, unchanged.
  if (reuse_setup && setup_copy.valid && same_setup_inputs(setup_copy.params, params)) {
    pop = setup_copy.population;
    return;
  }
  build_population(params, pop);
  build_cluster_graph(params, pop, graph, graph_scratch);
  setup_copy.valid = reuse_setup;  // a graph built without a copy invalidates an older copy
  if (reuse_setup) {
    setup_copy.params = params;
    setup_copy.population = pop;
  }
}

void ReplicationState::reset(ModelParams model) {
  params = std::move(model);
  const ModelParams& p = params;
  key = make_key(p.seed, p.replication);
  build_setup();
  const std::size_t clusters = p.clusters.size();
  trust.assign(clusters, p.dynamics.trust_initial);
  network_spend_thb.assign(clusters, 0);
  active_count.assign(clusters, 0);
  adopter_count.assign(clusters, 0);
  expanded_count.assign(clusters, 0);
  for (std::size_t c = 0; c < clusters; ++c)
    active_count[c] = pop.end(static_cast<int>(c)) - pop.begin(static_cast<int>(c));
  tally.assign(clusters, ClusterTally{});
  ledgers.resize(p.agencies.size());
  std::size_t most_clusters = 0;
  for (std::size_t a = 0; a < p.agencies.size(); ++a) {
    const AgencyParams& agency = p.agencies[a];
    const Satang allocation = agency.allocation_satang;
    // Track allocations are split in satang so that they add up to the agency's exactly.
    const Satang mentoring = to_satang(agency.allocation_thb * agency.split[kMentoring]);
    const Satang network =
        std::min(allocation - mentoring, to_satang(agency.allocation_thb * agency.split[kNetwork]));
    ledgers[a] = {TrackLedger(mentoring, p.programme_months), TrackLedger(network, p.programme_months),
                  TrackLedger(allocation - mentoring - network, p.programme_months)};
    most_clusters = std::max(most_clusters, agency.clusters.size());
  }
  std::uint32_t largest_cluster = 0;
  for (std::size_t c = 0; c < clusters; ++c)
    largest_cluster =
        std::max(largest_cluster, pop.end(static_cast<int>(c)) - pop.begin(static_cast<int>(c)));
  for (auto& next : next_capability) next.resize(pop.size());
  for (auto& words : month_words) words.resize(pop.size());
  for (auto& words : sample_words) words.resize(largest_cluster);
  packed.resize(pop.size());
  hazard.resize(pop.size());
  probability.resize(pop.size());
  cluster_month.resize(clusters);
  candidates.reserve(largest_cluster);
  starters.reserve(largest_cluster);
  changed_scratch.resize(pop.size());
  keyed.reserve(largest_cluster);
  weights.resize(most_clusters);
  quotas.resize(most_clusters);
  order.reserve(most_clusters);
}

}  // namespace smesim::detail
