#include "engine/replication.hpp"

#include <algorithm>
#include <cmath>

#include "engine/finite_check.hpp"
#include "model/mechanisms.hpp"
#include "model/model_params.hpp"
#include "smesim/error.hpp"

namespace smesim::detail {

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
    SMESIM_ASSERT(spent <= allocation);  // docs/model.md §4: spending never exceeds the allocation
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
