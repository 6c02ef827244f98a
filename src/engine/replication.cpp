#include "engine/replication.hpp"

#include <algorithm>
#include <cmath>

#include "engine/finite_check.hpp"
#include "model/mechanisms.hpp"
#include "model/model_params.hpp"
#include "model/setup_inputs.hpp"
#include "smesim/error.hpp"

namespace smesim::detail {

void ReplicationState::build_setup() {
  // The same replication of another variant with the same set-up inputs draws exactly this
  // population and these networks (every draw is keyed by seed, replication and cluster id,
  // MODEL.md §6): copy the population as built; the graph is still in place, unchanged.
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

namespace {

void collect_outcomes(const ReplicationState& s, ReplicationResult& out) {
  const ModelParams& p = s.params;
  out.clusters.assign(p.clusters.size(), ClusterOutcome{});
  out.agencies.assign(p.agencies.size(), AgencyOutcome{});
  for (std::size_t c = 0; c < p.clusters.size(); ++c) {
    const auto ci = static_cast<int>(c);
    ClusterOutcome& o = out.clusters[c];
    const ClusterTally& t = s.tally[c];
    o.kpis.developed = t.developed;
    o.kpis.expanded = t.expanded;
    o.kpis.cost_reduction_thb = t.cost_reduction_thb;
    o.kpis.added_revenue_thb = t.added_revenue_thb;
    o.members = static_cast<int>(s.pop.end(ci) - s.pop.begin(ci));
    for (std::uint32_t i = s.pop.begin(ci); i < s.pop.end(ci); ++i) {
      o.active_end += s.pop.active[i];
      o.adopters_end += s.pop.adopted[i];
    }
    o.trust_end = s.trust[c];
    AgencyOutcome& a = out.agencies[static_cast<std::size_t>(p.clusters[c].agency)];
    a.kpis.developed += o.kpis.developed;
    a.kpis.expanded += o.kpis.expanded;
    a.kpis.cost_reduction_thb += o.kpis.cost_reduction_thb;
    a.kpis.added_revenue_thb += o.kpis.added_revenue_thb;
  }
  out.kpis = Kpis{};
  Satang total_allocation = 0;
  Satang total_spent = 0;
  for (std::size_t a = 0; a < p.agencies.size(); ++a) {
    AgencyOutcome& o = out.agencies[a];
    const auto& l = s.ledgers[a];
    o.spent = {to_thb(l[kMentoring].spent()), to_thb(l[kNetwork].spent()), to_thb(l[kTechnology].spent())};
    Satang allocation = 0;
    Satang spent = 0;
    for (const auto& track : l) {
      allocation += track.allocation();
      spent += track.spent();
    }
    SMESIM_ASSERT(spent <= allocation);  // MODEL.md §4: spending never exceeds the allocation
    o.allocation_thb = to_thb(allocation);
    o.kpis.spent_thb = to_thb(spent);
    o.kpis.unspent_thb = to_thb(allocation - spent);
    total_allocation += allocation;
    total_spent += spent;
    out.kpis.developed += o.kpis.developed;
    out.kpis.expanded += o.kpis.expanded;
    out.kpis.cost_reduction_thb += o.kpis.cost_reduction_thb;
    out.kpis.added_revenue_thb += o.kpis.added_revenue_thb;
  }
  // Money is summed in satang and converted once, so spent + unspent = allocation exactly.
  out.allocation_thb = to_thb(total_allocation);
  out.kpis.spent_thb = to_thb(total_spent);
  out.kpis.unspent_thb = to_thb(total_allocation - total_spent);
  out.overhead_thb = p.overhead_thb;
  out.unallocated_thb = p.unallocated_thb;
  out.firms = static_cast<int>(s.pop.size());
}

}  // namespace

void begin_replication(const ScenarioDef& def, std::uint32_t replication, ReplicationState& state,
                       ReplicationResult& out) {
  state.reset(build_model_params(def, replication));
  const auto horizon = static_cast<std::size_t>(state.params.horizon_months);
  out.replication = replication;
  out.months.assign(horizon, MonthRecord{});
  out.agency_month_spend.assign(horizon * state.params.agencies.size(), TrackSpend{});
}

void step_month(ReplicationState& state, int t, ReplicationResult& out) {
  const std::size_t agencies = state.params.agencies.size();
  const auto month = static_cast<std::size_t>(t);
  MonthRecord& record = out.months[month];
  const std::span<TrackSpend> agency_spend(out.agency_month_spend.data() + month * agencies, agencies);
  draw_month(state, t);
  if (t < state.params.programme_months) {
    apply_dropout(state, t);
    apply_mentoring(state, t, record, agency_spend);
    apply_technology_projects(state, t, record, agency_spend);
  }
  update_trust(state, t, record, agency_spend);
  apply_spillover(state);
  apply_diffusion(state, t);
  account_month(state, t, record);
  record.cost_reduction_cum_thb =
      record.cost_reduction_thb + (t > 0 ? out.months[month - 1].cost_reduction_cum_thb : 0);
}

void finish_replication(const ReplicationState& state, ReplicationResult& out) {
  collect_outcomes(state, out);
}

void run_replication(const ScenarioDef& def, std::uint32_t replication, ReplicationState& state,
                     ReplicationResult& out) {
  begin_replication(def, replication, state, out);
  for (int t = 0; t < state.params.horizon_months; ++t) step_month(state, t, out);
  finish_replication(state, out);
#ifndef NDEBUG
  // Every valid scenario gives numbers (issue: nan and 5.8e290 from a small half volume).
  if (const std::string bad = first_non_finite(out); !bad.empty())
    invariant_failed(("a finite result, got " + bad).c_str(), __FILE__, __LINE__);
#endif
}

}  // namespace smesim::detail
