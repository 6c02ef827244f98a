#include "model/model_params.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "model/budget.hpp"
#include "random/sampling.hpp"
#include "smesim/random/philox.hpp"
#include "smesim/scenario/parameter_paths.hpp"
#include "smesim/scenario/scenario.hpp"

namespace smesim::detail {
namespace {

constexpr double kMaxMembers = 1e7;

std::array<double, 3> values(const ByClass& c) {
  return {c.micro.value(), c.small.value(), c.medium.value()};
}

template <std::size_t N>
std::array<double, N> values(const std::array<Param, N>& params) {
  std::array<double, N> out{};
  for (std::size_t i = 0; i < N; ++i) out[i] = params[i].value();
  return out;
}

DynamicsParams dynamics_params(const DynamicsDef& d) {
  DynamicsParams p{};
  p.learning_rate = d.learning_rate.value();
  p.spillover_per_month = d.spillover_per_month.value();
  p.cost_elasticity = d.cost_elasticity.value();
  p.trust_initial = d.trust.initial.value();
  p.trust_gain = d.trust.gain_per_month.value();
  p.trust_decay = d.trust.decay_per_month.value();
  p.join_threshold = d.trust.join_threshold.value();
  p.max_discount = d.joint_purchasing.max_discount.value();
  p.half_volume_thb = d.joint_purchasing.half_volume_thb.value();
  p.poolable_share = d.joint_purchasing.poolable_share.value();
  p.tech_success = d.technology.success_probability.value();
  p.tech_jump = d.technology.capability_jump.value();
  p.tech_cost_cut = d.technology.cost_cut.value();
  p.tech_p_per_year = d.technology.p_per_year.value();
  p.tech_q_per_year = d.technology.q_per_year.value();
  p.market_p_per_year = d.market.p_per_year.value();
  p.market_capability_per_year = d.market.capability_per_year.value();
  p.market_technology_per_year = d.market.technology_per_year.value();
  p.market_q_per_year = d.market.q_per_year.value();
  p.revenue_uplift = d.market.revenue_uplift.value();
  p.dropout_per_year = d.dropout.base_per_year.value();
  p.trust_protection = d.dropout.trust_protection.value();
  p.min_mentored_months = d.developed.min_mentored_months;
  return p;
}

// docs/model.md §4: explicit budgets first, `auto` agencies share the rest by networks [A], in
// satang by largest remainder, so that the allocations, the overhead and what is left
// unallocated add up to the programme's budget exactly. The arithmetic is the scenario
// layer's (resolve_budget_allocation), which studies also use to change a budget relative to
// its resolved value: one definition of an allocation. `d` is realised (no priors).
void allocate_budgets(const ScenarioDef& d, ModelParams& m) {
  const BudgetAllocation allocation = resolve_budget_allocation(d);
  SMESIM_ASSERT(allocation.budget_satang == m.budget_satang &&
                allocation.overhead_satang == m.overhead_satang);
  for (std::size_t a = 0; a < d.agencies.size(); ++a) {
    m.agencies[a].allocation_satang = allocation.agency_satang[a];
    m.agencies[a].allocation_thb = to_thb(allocation.agency_satang[a]);
  }
  m.unallocated_satang = allocation.unallocated_satang;
  m.unallocated_thb = to_thb(m.unallocated_satang);
}

AgencyParams agency_params(const AgencyDef& a) {
  AgencyParams p;
  p.id = a.id;
  const auto& s = a.strategy;
  p.split = {s.split.mentoring.value(), s.split.network.value(), s.split.technology.value()};
  p.mentoring_cost_thb = s.mentoring.cost_per_firm_month_thb.value();
  p.mentoring_targeting = s.mentoring.targeting;
  p.engagement_months = s.mentoring.engagement_months;
  p.focus = values(s.mentoring.focus);
  p.expertise = values(s.mentoring.expertise);
  p.reference_spend_thb = s.network.reference_spend_thb_per_cluster_month.value();
  p.project_cost_thb = s.technology.cost_per_project_thb.value();
  p.technology_targeting = s.technology.targeting;
  for (int sec = 0; sec < kSectorCount; ++sec) {
    const Param& given = a.fit[static_cast<std::size_t>(sec)];
    const bool own =
        std::find(a.sectors.begin(), a.sectors.end(), static_cast<Sector>(sec)) != a.sectors.end();
    p.fit[static_cast<std::size_t>(sec)] = given.is_set() ? given.value() : (own ? 1.0 : a.fit_other.value());
  }
  return p;
}

int draw_members(const Param& members, std::uint32_t seed, std::uint32_t replication, std::uint64_t stream) {
  if (members.is_fixed()) return static_cast<int>(std::lround(members.value()));
  PhiloxStream s(make_key(seed, replication), Purpose::cluster_members, stream, 0);
  return static_cast<int>(std::lround(draw_param(s, members, 1, kMaxMembers)));
}

}  // namespace

int ModelParams::firms() const {
  return std::accumulate(clusters.begin(), clusters.end(), 0,
                         [](int n, const ClusterParams& c) { return n + c.members; });
}

ModelParams build_model_params(const ScenarioDef& scenario, std::uint32_t replication) {
  const ScenarioDef d = realise_priors(scenario, scenario.seed, replication);
  ModelParams m;
  m.seed = d.seed;
  m.replication = replication;
  m.programme_months = d.time.programme_months;
  m.horizon_months = d.time.horizon_months;
  m.diagnostic_months = d.time.diagnostic_months;
  m.window_months = d.window_months();
  m.budget_satang = to_satang(d.programme.budget_thb.value());
  m.budget_thb = to_thb(m.budget_satang);
  m.overhead_satang = to_satang(m.budget_thb * d.programme.overhead_share.value());
  m.overhead_thb = to_thb(m.overhead_satang);
  for (const AgencyDef& a : d.agencies) m.agencies.push_back(agency_params(a));
  allocate_budgets(d, m);

  const auto& s = d.sme;
  m.sme.size_mix = values(s.size_mix);
  m.sme.revenue_median_thb = values(s.revenue_median_thb);
  m.sme.revenue_sigma = s.revenue_sigma.value();
  m.sme.employees_median = values(s.employees_median);
  m.sme.employees_sigma = s.employees_sigma.value();
  m.sme.margin = s.margin.value();
  m.sme.capability_a = values(s.initial_capability_a);
  m.sme.capability_b = values(s.initial_capability_b);
  m.sme.absorptive_capacity = s.absorptive_capacity.value();
  m.dynamics = dynamics_params(d.dynamics);

  for (const ClusterSpec& spec : expand_networks(d)) {
    ClusterParams c;
    c.id = spec.id;
    c.stream = entity_key(spec.id);
    c.agency = spec.agency;
    c.sector = spec.sector;
    c.members = draw_members(spec.members, d.seed, replication, c.stream);
    c.topology = spec.topology.kind;
    c.degree = spec.topology.degree;
    c.rewire = spec.topology.rewire.value();
    c.mean_degree = spec.topology.mean_degree.value();
    c.m = spec.topology.m;
    c.input_share = s.input_share[static_cast<std::size_t>(spec.sector)].value();
    auto& agency = m.agencies[static_cast<std::size_t>(spec.agency)];
    c.fit = agency.fit[static_cast<std::size_t>(spec.sector)];
    agency.clusters.push_back(static_cast<int>(m.clusters.size()));
    m.clusters.push_back(std::move(c));
  }
  return m;
}

bool same_model_inputs(const ScenarioDef& a, const ScenarioDef& b) {
  const auto same_targets = [](const TargetsDef& x, const TargetsDef& y) {
    return x.developed_smes == y.developed_smes && x.expanded_smes == y.expanded_smes &&
           x.cost_reduction_thb == y.cost_reduction_thb;
  };
  if (!same_targets(a.targets, b.targets)) return false;
  // Two replications: a prior whose draw happens to coincide in one cannot hide a change.
  for (std::uint32_t replication : {0U, 1U}) {
    const ModelParams x = build_model_params(a, replication);
    const ModelParams y = build_model_params(b, replication);
    const bool same = x.seed == y.seed && x.programme_months == y.programme_months &&
                      x.horizon_months == y.horizon_months && x.diagnostic_months == y.diagnostic_months &&
                      x.window_months == y.window_months && x.agencies == y.agencies &&
                      x.clusters == y.clusters && x.sme == y.sme && x.dynamics == y.dynamics;
    if (!same) return false;
  }
  return true;
}

}  // namespace smesim::detail
