#include "model/mechanisms.hpp"

#include <algorithm>
#include <cmath>

#include "model/targeting.hpp"

#if defined(__SSE__)
#include <immintrin.h>
#endif

namespace smesim::detail {
namespace {

constexpr double kMonthsPerYear = 12.0;

/// MODEL.md §1: a per-year hazard applied over one month.
double monthly_probability(double hazard_per_year) { return -std::expm1(-hazard_per_year / kMonthsPerYear); }

PhiloxCounter firm_month_counter(const ClusterParams& c, std::uint32_t local, int t) {
  return make_counter(Purpose::firm_month, c.stream, local, static_cast<std::uint32_t>(t));
}

double uniform_word(const PhiloxCounter& block, FirmMonthWord word) {
  return to_unit_open(block[static_cast<std::size_t>(word)]);
}

bool credited(const ReplicationState& s, std::uint32_t i, int t) {
  return s.pop.active[i] != 0 && t < s.params.window_months;
}

// max(0, x) without a branch: GCC compiles std::max on floats to a compare and a jump, which
// mispredicts half the time in the spillover loop (measured: spillover was 47% of a run).
inline float positive_part(float x) {
#if defined(__SSE__)
  return _mm_cvtss_f32(_mm_max_ss(_mm_set_ss(x), _mm_setzero_ps()));
#else
  return std::max(0.0f, x);
#endif
}

int cluster_count(const ReplicationState& s) { return static_cast<int>(s.params.clusters.size()); }

// Splits `units` over an agency's clusters by `weights` (largest remainder); quotas land in
// s.quotas[0 .. clusters).
void split_over_clusters(ReplicationState& s, const AgencyParams& agency, std::int64_t units) {
  const std::size_t n = agency.clusters.size();
  largest_remainder(units, std::span<const std::int64_t>(s.weights.data(), n),
                    std::span<std::int64_t>(s.quotas.data(), n), s.order);
}

void mentor(ReplicationState& s, const AgencyParams& agency, const ClusterParams& cluster, std::uint32_t i) {
  // MODEL.md §5 step 2: kappa += beta fit alpha w max(0, e - kappa), per dimension.
  const double gain = s.params.dynamics.learning_rate * cluster.fit * s.pop.absorptive[i];
  for (int d = 0; d < kDimensions; ++d) {
    const auto dd = static_cast<std::size_t>(d);
    Capability& k = s.pop.capability[dd][i];
    const double gap = std::max(0.0, agency.expertise[dd] - static_cast<double>(k));
    k = static_cast<Capability>(k + gain * agency.focus[dd] * gap);
  }
  ++s.pop.mentored_months[i];
}

}  // namespace

void apply_dropout(ReplicationState& s, int t) {
  const auto& dyn = s.params.dynamics;
  for (int c = 0; c < cluster_count(s); ++c) {
    const auto cc = static_cast<std::size_t>(c);
    const ClusterParams& cluster = s.params.clusters[cc];
    const double hazard = dyn.dropout_per_year * (1 - dyn.trust_protection * s.trust[cc]);
    const double p = monthly_probability(std::max(0.0, hazard));
    std::int64_t active = 0;
    const std::uint32_t begin = s.pop.begin(c);
    for (std::uint32_t i = begin; i < s.pop.end(c); ++i) {
      if (s.pop.active[i] == 0) continue;
      if (p > 0) {
        const auto block = philox4x32_10(firm_month_counter(cluster, i - begin, t), s.key);
        if (uniform_word(block, kDropoutWord) < p) {
          s.pop.active[i] = 0;
          continue;
        }
      }
      ++active;
    }
    s.active_count[cc] = active;
  }
}

void apply_mentoring(ReplicationState& s, int t, MonthRecord& record, std::span<TrackSpend> agency_spend) {
  for (std::size_t a = 0; a < s.params.agencies.size(); ++a) {
    const AgencyParams& agency = s.params.agencies[a];
    TrackLedger& ledger = s.ledgers[a][kMentoring];
    const Satang cost = std::max<Satang>(1, to_satang(agency.mentoring_cost_thb));
    const std::int64_t slots = ledger.envelope(t) / cost;
    if (slots <= 0 || agency.clusters.empty()) continue;
    for (std::size_t k = 0; k < agency.clusters.size(); ++k)
      s.weights[k] = s.active_count[static_cast<std::size_t>(agency.clusters[k])];
    split_over_clusters(s, agency, slots);
    std::int64_t served = 0;
    for (std::size_t k = 0; k < agency.clusters.size(); ++k) {
      const int c = agency.clusters[k];
      const ClusterParams& cluster = s.params.clusters[static_cast<std::size_t>(c)];
      s.candidates.clear();
      for (std::uint32_t i = s.pop.begin(c); i < s.pop.end(c); ++i)
        if (s.pop.active[i] != 0) s.candidates.push_back(i);
      // A cluster cannot use more slots than it has active firms; the rest is not moved
      // to other clusters this month, its money carries over.
      const std::size_t take =
          std::min<std::size_t>(static_cast<std::size_t>(s.quotas[k]), s.candidates.size());
      const TargetingContext ctx{s.pop,          s.graph,        s.key, Purpose::mentoring_sample,
                                 cluster.stream, s.pop.begin(c), t};
      select_targets(agency.mentoring_targeting, take, s.candidates, ctx, s.keyed);
      for (std::size_t j = 0; j < take; ++j) mentor(s, agency, cluster, s.candidates[j]);
      served += static_cast<std::int64_t>(take);
    }
    ledger.spend(served * cost, t);
    record.mentored += static_cast<int>(served);
    const double thb = to_thb(served * cost);
    record.spent.mentoring_thb += thb;
    agency_spend[a].mentoring_thb += thb;
  }
}

void apply_technology_projects(ReplicationState& s, int t, MonthRecord& record,
                               std::span<TrackSpend> agency_spend) {
  const auto& dyn = s.params.dynamics;
  for (std::size_t a = 0; a < s.params.agencies.size(); ++a) {
    const AgencyParams& agency = s.params.agencies[a];
    TrackLedger& ledger = s.ledgers[a][kTechnology];
    const Satang cost = std::max<Satang>(1, to_satang(agency.project_cost_thb));
    const std::int64_t projects = ledger.envelope(t) / cost;
    if (projects <= 0 || agency.clusters.empty()) continue;
    for (std::size_t k = 0; k < agency.clusters.size(); ++k) {
      const int c = agency.clusters[k];
      std::int64_t eligible = 0;
      for (std::uint32_t i = s.pop.begin(c); i < s.pop.end(c); ++i)
        eligible += (s.pop.active[i] != 0 && s.pop.adopted[i] == 0) ? 1 : 0;
      s.weights[k] = eligible;
    }
    split_over_clusters(s, agency, projects);
    std::int64_t given = 0;
    for (std::size_t k = 0; k < agency.clusters.size(); ++k) {
      const int c = agency.clusters[k];
      const ClusterParams& cluster = s.params.clusters[static_cast<std::size_t>(c)];
      const std::uint32_t begin = s.pop.begin(c);
      s.candidates.clear();
      for (std::uint32_t i = begin; i < s.pop.end(c); ++i)
        if (s.pop.active[i] != 0 && s.pop.adopted[i] == 0) s.candidates.push_back(i);
      const std::size_t take =
          std::min<std::size_t>(static_cast<std::size_t>(s.quotas[k]), s.candidates.size());
      const TargetingContext ctx{s.pop, s.graph, s.key, Purpose::technology_sample, cluster.stream, begin, t};
      select_targets(agency.technology_targeting, take, s.candidates, ctx, s.keyed);
      for (std::size_t j = 0; j < take; ++j) {
        const std::uint32_t i = s.candidates[j];
        const auto block = philox4x32_10(firm_month_counter(cluster, i - begin, t), s.key);
        if (uniform_word(block, kTechSuccessWord) >= dyn.tech_success * s.pop.absorptive[i]) continue;
        s.pop.adopted[i] = 1;
        Capability& process = s.pop.capability[kProcess][i];
        process = static_cast<Capability>(process + dyn.tech_jump * (1 - static_cast<double>(process)));
        if (s.pop.developed[i] == 0) {
          s.pop.developed[i] = 1;
          if (credited(s, i, t)) ++s.tally[static_cast<std::size_t>(c)].developed;
        }
      }
      given += static_cast<std::int64_t>(take);
    }
    ledger.spend(given * cost, t);
    const double thb = to_thb(given * cost);
    record.spent.technology_thb += thb;
    agency_spend[a].technology_thb += thb;
  }
}

void update_trust(ReplicationState& s, int t, MonthRecord& record, std::span<TrackSpend> agency_spend) {
  const auto& dyn = s.params.dynamics;
  std::fill(s.network_spend_thb.begin(), s.network_spend_thb.end(), 0.0);
  if (t < s.params.programme_months) {
    // The network track spends its whole envelope, equally over the agency's clusters.
    for (std::size_t a = 0; a < s.params.agencies.size(); ++a) {
      const AgencyParams& agency = s.params.agencies[a];
      if (agency.clusters.empty()) continue;
      TrackLedger& ledger = s.ledgers[a][kNetwork];
      const Satang envelope = ledger.envelope(t);
      ledger.spend(envelope, t);
      const double thb = to_thb(envelope);
      for (const int c : agency.clusters)
        s.network_spend_thb[static_cast<std::size_t>(c)] = thb / static_cast<double>(agency.clusters.size());
      record.spent.network_thb += thb;
      agency_spend[a].network_thb += thb;
    }
  }
  for (int c = 0; c < cluster_count(s); ++c) {
    const auto cc = static_cast<std::size_t>(c);
    const AgencyParams& agency = s.params.agencies[static_cast<std::size_t>(s.params.clusters[cc].agency)];
    const double x = std::min(1.0, s.network_spend_thb[cc] / agency.reference_spend_thb);
    const double T = s.trust[cc];
    s.trust[cc] = std::clamp(T + dyn.trust_gain * x * (1 - T) - dyn.trust_decay * T, 0.0, 1.0);
  }
}

void apply_spillover(ReplicationState& s) {
  const auto& pop = s.pop;
  const double sigma = s.params.dynamics.spillover_per_month;
  // Raw pointers: the compiler cannot otherwise prove that writing next_capability leaves
  // the capability arrays alone, and reloads them on every neighbour.
  const Capability* __restrict kp = pop.capability[kProcess].data();
  const Capability* __restrict km = pop.capability[kManagement].data();
  const Capability* __restrict kk = pop.capability[kMarket].data();
  const std::uint8_t* __restrict active = pop.active.data();
  const std::uint32_t* __restrict offsets = s.graph.offsets.data();
  const std::uint32_t* __restrict neighbours = s.graph.neighbours.data();
  Capability* __restrict np = s.next_capability[kProcess].data();
  Capability* __restrict nm = s.next_capability[kManagement].data();
  Capability* __restrict nk = s.next_capability[kMarket].data();
  for (int c = 0; c < cluster_count(s); ++c) {
    const double strength = sigma * s.trust[static_cast<std::size_t>(c)];
    if (strength <= 0) continue;
    const std::uint32_t begin = pop.begin(c);
    const std::uint32_t end = pop.end(c);
    for (std::uint32_t i = begin; i < end; ++i) {
      const std::uint32_t degree = offsets[i + 1] - offsets[i];
      float gain_p = 0, gain_m = 0, gain_k = 0;
      if (active[i] != 0 && degree > 0) {
        const float pi = kp[i], mi = km[i], ki = kk[i];
        for (std::uint32_t e = offsets[i]; e < offsets[i + 1]; ++e) {
          const std::uint32_t j = neighbours[e];
          const float on = active[j] != 0 ? 1.0f : 0.0f;  // branch-free: dropped peers add 0
          gain_p += on * positive_part(kp[j] - pi);
          gain_m += on * positive_part(km[j] - mi);
          gain_k += on * positive_part(kk[j] - ki);
        }
      }
      // deg_i counts dropped neighbours too: a dropped peer dilutes what a firm learns.
      const double scale = degree > 0 ? strength * pop.absorptive[i] / degree : 0.0;
      np[i] = static_cast<Capability>(kp[i] + scale * gain_p);
      nm[i] = static_cast<Capability>(km[i] + scale * gain_m);
      nk[i] = static_cast<Capability>(kk[i] + scale * gain_k);
    }
    for (std::size_t d = 0; d < kDimensions; ++d)
      std::copy(s.next_capability[d].begin() + begin, s.next_capability[d].begin() + end,
                s.pop.capability[d].begin() + begin);
  }
}

namespace {

double neighbour_share(const ReplicationState& s, const std::vector<std::uint8_t>& flag, std::uint32_t i) {
  const std::uint32_t degree = s.graph.degree(i);
  if (degree == 0) return 0;
  std::uint32_t count = 0;
  for (std::uint32_t e = s.graph.offsets[i]; e < s.graph.offsets[i + 1]; ++e)
    count += flag[s.graph.neighbours[e]];
  return static_cast<double>(count) / degree;
}

}  // namespace

void apply_diffusion(ReplicationState& s, int t) {
  const auto& dyn = s.params.dynamics;
  auto& pop = s.pop;
  for (int c = 0; c < cluster_count(s); ++c) {
    const auto cc = static_cast<std::size_t>(c);
    const ClusterParams& cluster = s.params.clusters[cc];
    const std::uint32_t begin = pop.begin(c);
    const std::uint32_t end = pop.end(c);
    for (std::uint32_t i = begin; i < end; ++i)
      s.firm_month_blocks[i - begin] = philox4x32_10(firm_month_counter(cluster, i - begin, t), s.key);

    // Step 6: imitation by all non-adopters (dropped ones too), neighbour share at the start.
    s.changed.clear();
    for (std::uint32_t i = begin; i < end; ++i) {
      if (pop.adopted[i] != 0) continue;
      const double hazard = dyn.tech_p_per_year + dyn.tech_q_per_year * neighbour_share(s, pop.adopted, i);
      if (uniform_word(s.firm_month_blocks[i - begin], kImitationWord) < monthly_probability(hazard))
        s.changed.push_back(i);
    }
    for (const std::uint32_t i : s.changed) pop.adopted[i] = 1;

    // Step 7: market expansion, A after step 6, neighbour share at the start of this step.
    s.changed.clear();
    for (std::uint32_t i = begin; i < end; ++i) {
      if (pop.expanded[i] != 0) continue;
      const double hazard = dyn.market_p_per_year +
                            dyn.market_capability_per_year * pop.capability[kMarket][i] +
                            dyn.market_technology_per_year * pop.adopted[i] +
                            dyn.market_q_per_year * neighbour_share(s, pop.expanded, i);
      if (uniform_word(s.firm_month_blocks[i - begin], kMarketWord) < monthly_probability(hazard))
        s.changed.push_back(i);
    }
    for (const std::uint32_t i : s.changed) {
      pop.expanded[i] = 1;
      if (credited(s, i, t)) ++s.tally[cc].expanded;
    }
  }
}

void account_month(ReplicationState& s, int t, MonthRecord& record) {
  const auto& dyn = s.params.dynamics;
  auto& pop = s.pop;
  const bool window = t < s.params.window_months;
  double trust_sum = 0;
  for (int c = 0; c < cluster_count(s); ++c) {
    const auto cc = static_cast<std::size_t>(c);
    const ClusterParams& cluster = s.params.clusters[cc];
    const std::uint32_t begin = pop.begin(c);
    const std::uint32_t end = pop.end(c);
    trust_sum += s.trust[cc];

    // Step 8: the active firms of a trusting cluster pool their poolable purchases.
    const double pooled_share = dyn.poolable_share * cluster.input_share;
    const bool pooled = t >= s.params.diagnostic_months && s.trust[cc] >= dyn.join_threshold;
    double discount = 0;
    if (pooled) {
      double volume_thb = 0;
      for (std::uint32_t i = begin; i < end; ++i)
        if (pop.active[i] != 0) volume_thb += pooled_share * pop.base_cost_thb[i];
      discount = -dyn.max_discount * std::expm1(-volume_thb / dyn.half_volume_thb);
    }

    ClusterTally& tally = s.tally[cc];
    for (std::uint32_t i = begin; i < end; ++i) {
      const bool active = pop.active[i] != 0;
      record.active += active;
      record.adopters += pop.adopted[i];
      record.expanded_firms += pop.expanded[i];
      // Step 9: C = C0 exp(-gamma (m - m0)) (1 - tau_A A); the month saves (C0 - C) / 12.
      const double m =
          (static_cast<double>(pop.capability[kProcess][i]) + pop.capability[kManagement][i]) / 2;
      const double dm = m - static_cast<double>(pop.initial_process_management[i]);
      const double cost = pop.base_cost_thb[i] * std::exp(-dyn.cost_elasticity * dm) *
                          (1 - dyn.tech_cost_cut * pop.adopted[i]);
      double saving_thb = (pop.base_cost_thb[i] - cost) / kMonthsPerYear;
      if (pooled && active) {
        saving_thb += discount * pooled_share * pop.base_cost_thb[i] / kMonthsPerYear;
        ++record.jp_members;
      }
      // Step 10: development and the programme's credit.
      if (pop.developed[i] == 0 && pop.mentored_months[i] >= dyn.min_mentored_months) {
        pop.developed[i] = 1;
        if (active && window) ++tally.developed;
      }
      if (active && window) {
        tally.cost_reduction_thb += saving_thb;
        record.cost_reduction_thb += saving_thb;
        if (pop.expanded[i] != 0) {
          const double added = pop.base_revenue_thb[i] * dyn.revenue_uplift / kMonthsPerYear;
          tally.added_revenue_thb += added;
          record.added_revenue_thb += added;
        }
      }
    }
    record.developed += tally.developed;
    record.expanded += tally.expanded;
  }
  record.mean_trust = cluster_count(s) > 0 ? trust_sum / cluster_count(s) : 0;
}

}  // namespace smesim::detail
