#include "model/mechanisms.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "model/targeting.hpp"
#include "random/deterministic_exp.hpp"
#include "random/philox_batch.hpp"

#if defined(__SSE__)
#include <immintrin.h>
#endif

namespace smesim::detail {
namespace {

constexpr double kMonthsPerYear = 12.0;

/// docs/model.md §1: a per-year hazard applied over one month.
double monthly_probability(double hazard_per_year) {
  return one_minus_exp_neg(hazard_per_year / kMonthsPerYear);
}

double uniform_word(const ReplicationState& s, FirmMonthWord word, std::uint32_t firm) {
  return to_unit_open(s.month_words[static_cast<std::size_t>(word)][firm]);
}

bool credited(const ReplicationState& s, std::uint32_t i, int t) {
  return s.pop.active[i] != 0 && t < s.params.window_months;
}

int cluster_count(const ReplicationState& s) { return static_cast<int>(s.params.clusters.size()); }

// Runs fn(c) for every cluster: in a loop, or over oneTBB workers when the runner asked for
// parallelism inside the replication. Each call writes only its own cluster's firms and
// per-cluster slots, so the order does not matter; sums over clusters are taken afterwards,
// in cluster order.
template <class Fn>
void for_each_cluster(const ReplicationState& s, Fn&& fn) {
  const int clusters = cluster_count(s);
  if (!s.parallel_clusters || clusters < 2) {
    for (int c = 0; c < clusters; ++c) fn(c);
    return;
  }
  tbb::parallel_for(tbb::blocked_range<int>(0, clusters), [&fn](const tbb::blocked_range<int>& range) {
    for (int c = range.begin(); c != range.end(); ++c) fn(c);
  });
}

std::array<std::uint32_t*, 4> word_pointers(std::array<std::vector<std::uint32_t>, 4>& words,
                                            std::uint32_t first) {
  return {words[0].data() + first, words[1].data() + first, words[2].data() + first, words[3].data() + first};
}

// Splits `units` over an agency's clusters by `weights` (largest remainder); quotas land in
// s.quotas[0 .. clusters).
void split_over_clusters(ReplicationState& s, const AgencyParams& agency, std::int64_t units) {
  const std::size_t n = agency.clusters.size();
  largest_remainder(units, std::span<const std::int64_t>(s.weights.data(), n),
                    std::span<std::int64_t>(s.quotas.data(), n), s.order);
}

// Keys for `broad` targeting: one Philox block per firm of the cluster, drawn only when used.
const std::uint32_t* sample_words(ReplicationState& s, Targeting rule, Purpose purpose, int c, int t) {
  if (rule != Targeting::broad) return nullptr;
  const std::uint32_t begin = s.pop.begin(c);
  philox_batch(s.key, purpose, s.params.clusters[static_cast<std::size_t>(c)].stream, 0,
               static_cast<std::uint32_t>(t), s.pop.end(c) - begin, word_pointers(s.sample_words, 0));
  return s.sample_words[0].data();
}

// Sets a flag, counts it for the cluster and tells the firm's neighbours, whose counts the
// diffusion step reads.
void mark(ReplicationState& s, std::vector<std::uint8_t>& flag, std::vector<std::uint32_t>& neighbour_count,
          std::int64_t& cluster_count, std::uint32_t i) {
  flag[i] = 1;
  ++cluster_count;
  for (std::uint32_t e = s.graph.offsets[i]; e < s.graph.offsets[i + 1]; ++e)
    ++neighbour_count[s.graph.neighbours[e]];
}

void mark_adopted(ReplicationState& s, int c, std::uint32_t i) {
  mark(s, s.pop.adopted, s.pop.adopted_neighbours, s.adopter_count[static_cast<std::size_t>(c)], i);
}

void mark_expanded(ReplicationState& s, int c, std::uint32_t i) {
  mark(s, s.pop.expanded, s.pop.expanded_neighbours, s.expanded_count[static_cast<std::size_t>(c)], i);
}

// docs/model.md §5 step 10: dev_i becomes true once n_i >= min_mentored_months (or by step 3),
// credited when it happens if the firm is active and within the window.
void mark_developed(ReplicationState& s, int c, std::uint32_t i, int t) {
  if (s.pop.developed[i] != 0) return;
  s.pop.developed[i] = 1;
  if (credited(s, i, t)) ++s.tally[static_cast<std::size_t>(c)].developed;
}

// Inlined into its three callers: it runs for every firm-month of mentoring.
[[gnu::always_inline]] inline void mentor(ReplicationState& s, const AgencyParams& agency, int c,
                                          std::uint32_t i, int t) {
  // docs/model.md §5 step 2: kappa += beta fit alpha w max(0, e - kappa), per dimension.
  const ClusterParams& cluster = s.params.clusters[static_cast<std::size_t>(c)];
  const double gain = s.params.dynamics.learning_rate * cluster.fit * s.pop.absorptive[i];
  for (int d = 0; d < kDimensions; ++d) {
    const auto dd = static_cast<std::size_t>(d);
    Capability& k = s.pop.capability[dd][i];
    const double gap = std::max(0.0, agency.expertise[dd] - static_cast<double>(k));
    k = static_cast<Capability>(k + gain * agency.focus[dd] * gap);
  }
  // Engagements (v2): g counts the months of the current one; at L it is complete.
  if (agency.engagement_months > 0) {
    auto& g = s.pop.engagement_month[i];
    g = static_cast<std::uint16_t>(g + 1);
    if (g >= agency.engagement_months) {
      g = 0;
      ++s.pop.engagements_completed[i];
    }
  }
  // Development is checked here, where n changes; the outcome is the same as checking every
  // firm in step 10 of the month (the firm is active and the month is the same).
  if (++s.pop.mentored_months[i] >= s.params.dynamics.min_mentored_months) mark_developed(s, c, i, t);
}

// The firms i of cluster c with eligible(i), in index order, into s.candidates, without a
// branch per firm (who has dropped out or adopted is unpredictable). No allocation: reset
// reserved the largest cluster.
template <class Eligible>
void collect_candidates(ReplicationState& s, int c, Eligible eligible) {
  const std::uint32_t begin = s.pop.begin(c);
  const std::uint32_t end = s.pop.end(c);
  s.candidates.resize(end - begin);
  std::uint32_t* __restrict out = s.candidates.data();
  std::size_t count = 0;
  for (std::uint32_t i = begin; i < end; ++i) {
    out[count] = i;
    count += eligible(i) ? 1 : 0;
  }
  s.candidates.resize(count);
}

}  // namespace

void draw_month(ReplicationState& s, int t) {
  for_each_cluster(s, [&s, t](int c) {
    const std::uint32_t begin = s.pop.begin(c);
    philox_batch(s.key, Purpose::firm_month, s.params.clusters[static_cast<std::size_t>(c)].stream, 0,
                 static_cast<std::uint32_t>(t), s.pop.end(c) - begin, word_pointers(s.month_words, begin));
  });
}

void apply_dropout(ReplicationState& s, int t) {
  (void)t;
  const auto& dyn = s.params.dynamics;
  for_each_cluster(s, [&s, &dyn](int c) {
    const auto cc = static_cast<std::size_t>(c);
    const double hazard = dyn.dropout_per_year * (1 - dyn.trust_protection * s.trust[cc]);
    const double p = monthly_probability(std::max(0.0, hazard));
    // Without branches: who has dropped out already is unpredictable.
    std::int64_t active = 0;
    for (std::uint32_t i = s.pop.begin(c); i < s.pop.end(c); ++i) {
      const int was_active = static_cast<int>(s.pop.active[i] != 0);
      const int survives = static_cast<int>(!(uniform_word(s, kDropoutWord, i) < p));
      const auto stays = static_cast<std::uint8_t>(was_active & survives);
      s.pop.active[i] = stays;
      // A dropped firm's engagement ends (docs/model.md §5 step 2); 0 stays 0 under the v1 rule.
      s.pop.engagement_month[i] = static_cast<std::uint16_t>(s.pop.engagement_month[i] * stays);
      active += stays;
    }
    s.active_count[cc] = active;
  });
}

namespace {

// v1 (L = 0): every month the cluster's quota goes to its active firms by the targeting rule
// alone; the same firms may be chosen month after month. Returns the firms served.
std::size_t mentor_by_targeting(ReplicationState& s, const AgencyParams& agency, int c, std::size_t quota,
                                int t) {
  collect_candidates(s, c, [&pop = s.pop](std::uint32_t i) { return pop.active[i] != 0; });
  // A cluster cannot use more slots than it has active firms; the rest is not moved
  // to other clusters this month, its money carries over.
  const std::size_t take = std::min(quota, s.candidates.size());
  if (take == 0) return 0;
  const TargetingContext ctx{s.pop, s.graph,
                             sample_words(s, agency.mentoring_targeting, Purpose::mentoring_sample, c, t),
                             s.pop.begin(c)};
  select_targets(agency.mentoring_targeting, take, s.candidates, ctx, s.keyed);
  for (std::size_t j = 0; j < take; ++j) mentor(s, agency, c, s.candidates[j], t);
  return take;
}

// v2 step 2.1: the `take` continuing firms (in s.candidates) with the largest g, ties by lower
// index, into the first `take` places.
void select_most_advanced(ReplicationState& s, std::size_t take) {
  if (take >= s.candidates.size()) return;
  s.keyed.clear();
  constexpr std::uint64_t kMostMonths = 0xffff;  // g is 16 bits: smaller key = more months served
  for (const std::uint32_t i : s.candidates)
    s.keyed.push_back((kMostMonths - s.pop.engagement_month[i]) << 32 | i);
  std::nth_element(s.keyed.begin(), s.keyed.begin() + static_cast<std::ptrdiff_t>(take), s.keyed.end());
  for (std::size_t j = 0; j < take; ++j) s.candidates[j] = static_cast<std::uint32_t>(s.keyed[j]);
}

// v2 (L >= 1, docs/model.md §5 step 2): continuing firms first, the most advanced first; the rest
// of the quota starts engagements among firms without one, fewest completed engagements first,
// then by the targeting rule. A firm is served at most once a month: the starters are the
// firms without an engagement at the start of the step, so a firm that completes one this
// month does not start the next in the same month. Returns the firms served.
std::size_t mentor_in_engagements(ReplicationState& s, const AgencyParams& agency, int c, std::size_t quota,
                                  int t) {
  const auto& pop = s.pop;
  const std::uint32_t begin = pop.begin(c);
  const std::uint32_t end = pop.end(c);
  // Continuing firms into s.candidates, starters into s.starters, in index order, in one pass
  // without a branch per firm (who is active and engaged is unpredictable). No allocation:
  // reset reserved the largest cluster.
  s.candidates.resize(end - begin);
  s.starters.resize(end - begin);
  {
    std::uint32_t* __restrict continuing_out = s.candidates.data();
    std::uint32_t* __restrict starters_out = s.starters.data();
    std::size_t continuing = 0, starting = 0;
    for (std::uint32_t i = begin; i < end; ++i) {
      const bool active = pop.active[i] != 0;
      const bool engaged = pop.engagement_month[i] != 0;
      continuing_out[continuing] = i;
      continuing += static_cast<std::size_t>(active & engaged);
      starters_out[starting] = i;
      starting += static_cast<std::size_t>(active & !engaged);
    }
    s.candidates.resize(continuing);
    s.starters.resize(starting);
  }
  const std::size_t continuing = std::min(quota, s.candidates.size());
  select_most_advanced(s, continuing);
  for (std::size_t j = 0; j < continuing; ++j) mentor(s, agency, c, s.candidates[j], t);

  std::size_t served = continuing;
  const std::uint32_t* words = nullptr;  // `broad` keys, drawn once for the month if needed
  const std::uint16_t* completed = pop.engagements_completed.data();
  while (served < quota && !s.starters.empty()) {
    // The starters with the fewest completed engagements; the others wait for the next level.
    std::uint16_t fewest = completed[s.starters.front()];
    std::uint16_t most = fewest;
    for (const std::uint32_t i : s.starters) {
      fewest = std::min(fewest, completed[i]);
      most = std::max(most, completed[i]);
    }
    std::vector<std::uint32_t>* level = &s.starters;
    if (fewest != most) {  // split off the lowest level, again without a branch per firm
      s.candidates.resize(s.starters.size());
      std::size_t chosen = 0, waiting = 0;
      for (const std::uint32_t i : s.starters) {
        const bool lowest = completed[i] == fewest;
        s.candidates[chosen] = i;
        chosen += static_cast<std::size_t>(lowest);
        s.starters[waiting] = i;
        waiting += static_cast<std::size_t>(!lowest);
      }
      s.candidates.resize(chosen);
      s.starters.resize(waiting);
      level = &s.candidates;
    }
    const std::size_t take = std::min(quota - served, level->size());
    if (words == nullptr)
      words = sample_words(s, agency.mentoring_targeting, Purpose::mentoring_sample, c, t);
    const TargetingContext ctx{s.pop, s.graph, words, begin};
    select_targets(agency.mentoring_targeting, take, *level, ctx, s.keyed);
    for (std::size_t j = 0; j < take; ++j) mentor(s, agency, c, (*level)[j], t);
    served += take;
    if (level == &s.starters) s.starters.clear();  // the whole remaining set was one level
  }
  return served;
}

}  // namespace

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
      const auto quota = static_cast<std::size_t>(s.quotas[k]);
      if (quota == 0) continue;
      served += static_cast<std::int64_t>(agency.engagement_months > 0
                                              ? mentor_in_engagements(s, agency, c, quota, t)
                                              : mentor_by_targeting(s, agency, c, quota, t));
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
      const std::uint32_t begin = s.pop.begin(c);
      collect_candidates(
          s, c, [&pop = s.pop](std::uint32_t i) { return pop.active[i] != 0 && pop.adopted[i] == 0; });
      const std::size_t take =
          std::min<std::size_t>(static_cast<std::size_t>(s.quotas[k]), s.candidates.size());
      if (take == 0) continue;
      const TargetingContext ctx{
          s.pop, s.graph, sample_words(s, agency.technology_targeting, Purpose::technology_sample, c, t),
          begin};
      select_targets(agency.technology_targeting, take, s.candidates, ctx, s.keyed);
      for (std::size_t j = 0; j < take; ++j) {
        const std::uint32_t i = s.candidates[j];
        if (uniform_word(s, kTechSuccessWord, i) >= dyn.tech_success * s.pop.absorptive[i]) continue;
        mark_adopted(s, c, i);
        Capability& process = s.pop.capability[kProcess][i];
        process = static_cast<Capability>(process + dyn.tech_jump * (1 - static_cast<double>(process)));
        mark_developed(s, c, i, t);
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

namespace {

// Dropped firms are packed as zeros: max(0, 0 - kappa_i) = 0 for kappa_i >= 0, so they add
// nothing without a test or a multiply. Two partial sums (even and odd neighbours) shorten
// the chain of dependent additions; both code paths add in that same order.
void spill_cluster(ReplicationState& s, int c, double strength) {
  const auto& pop = s.pop;
  const std::uint32_t begin = pop.begin(c);
  const std::uint32_t end = pop.end(c);
  const std::uint32_t* __restrict offsets = s.graph.offsets.data();
  const std::uint32_t* __restrict neighbours = s.graph.neighbours.data();
  PackedFirm* __restrict packed = s.packed.data();
  for (std::uint32_t i = begin; i < end; ++i) {
    const float on = pop.active[i] != 0 ? 1.0f : 0.0f;
    packed[i] = {on * pop.capability[kProcess][i], on * pop.capability[kManagement][i],
                 on * pop.capability[kMarket][i], 0.0f};
  }
  for (std::uint32_t i = begin; i < end; ++i) {
    const std::uint32_t first = offsets[i];
    const std::uint32_t last = offsets[i + 1];
    const std::uint32_t degree = last - first;
    if (pop.active[i] == 0 || degree == 0) {
      for (std::size_t d = 0; d < kDimensions; ++d) s.next_capability[d][i] = pop.capability[d][i];
      continue;
    }
    alignas(16) float gain[4];
#if defined(__SSE__)
    const __m128 own = _mm_load_ps(&packed[i].process);
    const __m128 zero = _mm_setzero_ps();
    __m128 even = zero;
    __m128 odd = zero;
    std::uint32_t e = first;
    for (; e + 1 < last; e += 2) {
      even = _mm_add_ps(even, _mm_max_ps(_mm_sub_ps(_mm_load_ps(&packed[neighbours[e]].process), own), zero));
      odd =
          _mm_add_ps(odd, _mm_max_ps(_mm_sub_ps(_mm_load_ps(&packed[neighbours[e + 1]].process), own), zero));
    }
    if (e < last)
      even = _mm_add_ps(even, _mm_max_ps(_mm_sub_ps(_mm_load_ps(&packed[neighbours[e]].process), own), zero));
    _mm_store_ps(gain, _mm_add_ps(even, odd));
#else
    const PackedFirm& me = packed[i];
    float even[3] = {0, 0, 0};
    float odd[3] = {0, 0, 0};
    auto add = [&me](float* sum, const PackedFirm& j) {
      sum[0] += std::max(j.process - me.process, 0.0f);
      sum[1] += std::max(j.management - me.management, 0.0f);
      sum[2] += std::max(j.market - me.market, 0.0f);
    };
    std::uint32_t e = first;
    for (; e + 1 < last; e += 2) {
      add(even, packed[neighbours[e]]);
      add(odd, packed[neighbours[e + 1]]);
    }
    if (e < last) add(even, packed[neighbours[e]]);
    for (int d = 0; d < 3; ++d) gain[d] = even[d] + odd[d];
#endif
    // deg_i counts dropped neighbours too: a dropped peer dilutes what a firm learns.
    const double scale = strength * pop.absorptive[i] * s.graph.inverse_degree[i];
    for (std::size_t d = 0; d < kDimensions; ++d)
      s.next_capability[d][i] = static_cast<Capability>(pop.capability[d][i] + scale * gain[d]);
  }
  for (std::size_t d = 0; d < kDimensions; ++d)
    std::copy(s.next_capability[d].begin() + begin, s.next_capability[d].begin() + end,
              s.pop.capability[d].begin() + begin);
}

}  // namespace

void apply_spillover(ReplicationState& s) {
  const double sigma = s.params.dynamics.spillover_per_month;
  for_each_cluster(s, [&s, sigma](int c) {
    const double strength = sigma * s.trust[static_cast<std::size_t>(c)];
    if (strength > 0) spill_cluster(s, c, strength);
  });
}

namespace {

// The largest of n capabilities, or 0 if it is smaller: an upper bound for hazards that grow
// with capability. Non-negative floats order like their bit patterns read as signed integers
// (negative ones read as negative integers), and an integer maximum vectorises.
double capability_bound(const Capability* values, std::uint32_t n) {
  std::int32_t most = 0;
  for (std::uint32_t k = 0; k < n; ++k) most = std::max(most, std::bit_cast<std::int32_t>(values[k]));
  return static_cast<double>(std::bit_cast<Capability>(most));
}

// The firms of [begin, end) whose uniform could fall below the probability of a hazard at
// most `max_hazard`, in firm order, into `out`; returns how many. 1 - exp(-h) <= h (plus
// rounding, one_minus_exp_neg_bound), so only words below that bound qualify: one in ten or
// fewer, at random. Four words per comparison, and a branch only per group with one.
std::uint32_t words_below(const std::uint32_t* __restrict words, std::uint32_t begin, std::uint32_t end,
                          double max_hazard, std::uint32_t* __restrict out) {
  // to_unit_open(w) = (w + 0.5) 2^-32 < bound only if w < floor(bound 2^32) + 1.
  const double scaled = std::floor(one_minus_exp_neg_bound(max_hazard) * 0x1p32);
  std::uint32_t count = 0;
  if (!(scaled < 0x1p32 - 1)) {  // every word qualifies (also if the bound is not a number)
    for (std::uint32_t i = begin; i < end; ++i) out[count++] = i;
    return count;
  }
  const auto limit = static_cast<std::uint32_t>(scaled) + 1;
  std::uint32_t i = begin;
#if defined(__SSE2__)
  // Unsigned w < limit as a signed comparison with both sign bits flipped.
  const __m128i flip = _mm_set1_epi32(static_cast<int>(0x80000000u));
  const __m128i flipped_limit = _mm_set1_epi32(static_cast<int>(limit ^ 0x80000000u));
  for (; i + 4 <= end; i += 4) {
    const __m128i w = _mm_xor_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(words + i)), flip);
    auto mask = static_cast<unsigned>(_mm_movemask_ps(_mm_castsi128_ps(_mm_cmplt_epi32(w, flipped_limit))));
    for (; mask != 0; mask &= mask - 1) out[count++] = i + static_cast<std::uint32_t>(std::countr_zero(mask));
  }
#endif
  for (; i < end; ++i) {
    out[count] = i;
    count += static_cast<std::uint32_t>(words[i] < limit);
  }
  return count;
}

// Of the firms in `candidates`, keeps in place (in order) those that have not changed yet and
// whose uniform falls below 1 - exp(-hazard(i)) (docs/model.md §1); returns how many.
template <class Hazard>
std::uint32_t keep_events(std::uint32_t* candidates, std::uint32_t count, const std::uint8_t* changed_before,
                          const std::uint32_t* words, Hazard hazard) {
  std::uint32_t kept = 0;
  for (std::uint32_t k = 0; k < count; ++k) {
    const std::uint32_t i = candidates[k];
    if (changed_before[i] == 0 && to_unit_open(words[i]) < one_minus_exp_neg(hazard(i)))
      candidates[kept++] = i;
  }
  return kept;
}

// Rounding slack on hazard bounds: each is a few operations on doubles (relative error ~1e-16
// each), here allowed 1e-9.
constexpr double kHazardSlack = 1 + 1e-9;

}  // namespace

void apply_diffusion(ReplicationState& s, int t) {
  const auto& dyn = s.params.dynamics;
  auto& pop = s.pop;
  constexpr double kPerMonth = 1.0 / kMonthsPerYear;
  const std::uint8_t* __restrict adopted = pop.adopted.data();
  const double* __restrict inverse_degree = s.graph.inverse_degree.data();
  const std::uint32_t* __restrict adopted_neighbours = pop.adopted_neighbours.data();
  const std::uint32_t* __restrict expanded_neighbours = pop.expanded_neighbours.data();
  const std::uint32_t* __restrict imitation_words = s.month_words[kImitationWord].data();
  const std::uint32_t* __restrict market_words = s.month_words[kMarketWord].data();
  const Capability* __restrict market_capability = pop.capability[kMarket].data();
  const double tech_p = dyn.tech_p_per_year, tech_q = dyn.tech_q_per_year;
  const double market_p = dyn.market_p_per_year, market_k = dyn.market_capability_per_year;
  const double market_q = dyn.market_q_per_year;
  const double adopter_hazard = dyn.market_technology_per_year * kPerMonth;
  auto imitation_hazard = [=](std::uint32_t i) {
    return (tech_p + tech_q * adopted_neighbours[i] * inverse_degree[i]) * kPerMonth;
  };
  // With A after step 6 (step 6 changes no expanded-neighbour count).
  auto market_hazard = [=](std::uint32_t i) {
    double h =
        (market_p + market_k * market_capability[i] + market_q * expanded_neighbours[i] * inverse_degree[i]) *
        kPerMonth;
    h += adopter_hazard * adopted[i];
    return h;
  };
  // A firm changes when its uniform falls below 1 - exp(-h) (docs/model.md §1), which is at most h.
  // Monthly hazards are small and bounded for a whole cluster (rates are non-negative, and a
  // neighbour share is at most 1: a firm is marked once, and networks are simple graphs), so a
  // first pass keeps the few firms whose uniform is below the cluster's bound, and only those
  // get their own hazard and the exact probability: the same decisions as computing every
  // probability.
  for_each_cluster(s, [&](int c) {
    const auto cc = static_cast<std::size_t>(c);
    const std::uint32_t begin = pop.begin(c);
    const std::uint32_t end = pop.end(c);
    // Scratch is indexed by firm, so clusters running at once never share it.
    std::uint32_t* __restrict changed = s.changed_scratch.data() + begin;

    // Step 6: imitation by all non-adopters (dropped ones too). Neighbour counts are as at the
    // start of the step: changes are applied only after every decision.
    const double max_imitation = (tech_p + tech_q) * kPerMonth * kHazardSlack;
    std::uint32_t changes = words_below(imitation_words, begin, end, max_imitation, changed);
    changes = keep_events(changed, changes, pop.adopted.data(), imitation_words, imitation_hazard);
    for (std::uint32_t k = 0; k < changes; ++k) mark_adopted(s, c, changed[k]);

    // Step 7: market expansion.
    const double most_capable = capability_bound(market_capability + begin, end - begin);
    const double max_market =
        ((market_p + market_k * most_capable + market_q) * kPerMonth + adopter_hazard) * kHazardSlack;
    changes = words_below(market_words, begin, end, max_market, changed);
    changes = keep_events(changed, changes, pop.expanded.data(), market_words, market_hazard);
    for (std::uint32_t k = 0; k < changes; ++k) {
      mark_expanded(s, c, changed[k]);
      if (credited(s, changed[k], t)) ++s.tally[cc].expanded;
    }
  });
}

namespace {

// Steps 8–10 for one cluster, into s.cluster_month[c].
void account_cluster(ReplicationState& s, int c, int t) {
  const auto& dyn = s.params.dynamics;
  auto& pop = s.pop;
  const auto cc = static_cast<std::size_t>(c);
  const ClusterParams& cluster = s.params.clusters[cc];
  const std::uint32_t begin = pop.begin(c);
  const std::uint32_t end = pop.end(c);
  const bool window = t < s.params.window_months;
  MonthRecord& m = s.cluster_month[cc];
  m = MonthRecord{};
  ClusterTally& tally = s.tally[cc];

  // Step 8: the active firms of a trusting cluster pool their poolable purchases.
  const double pooled_share = dyn.poolable_share * cluster.input_share;
  const bool pooled = t >= s.params.diagnostic_months && s.trust[cc] >= dyn.join_threshold;
  double discount = 0;
  if (pooled && window) {
    double volume_thb = 0;
    for (std::uint32_t i = begin; i < end; ++i)
      volume_thb += pop.active[i] != 0 ? pooled_share * pop.base_cost_thb[i] : 0.0;
    discount = dyn.max_discount * one_minus_exp_neg(volume_thb / dyn.half_volume_thb);
  }
  const double month_share = 1.0 / kMonthsPerYear;
  m.active = static_cast<int>(s.active_count[cc]);
  m.adopters = static_cast<int>(s.adopter_count[cc]);
  m.expanded_firms = static_cast<int>(s.expanded_count[cc]);
  m.jp_members = pooled ? m.active : 0;
  // Step 10 with min_mentored_months = 0: every firm is developed from the first month.
  if (t == 0 && dyn.min_mentored_months <= 0)
    for (std::uint32_t i = begin; i < end; ++i) mark_developed(s, c, i, t);
  // Savings are only ever reported as credit: nothing to compute outside the window.
  if (!window) return;
  // Step 9: C = C0 exp(-gamma (m - m0)) (1 - tau_A A); the month saves (C0 - C) / 12.
  // 1 - exp(-gamma dm) for the whole cluster first, as one vectorised loop.
  const std::uint32_t n = end - begin;
  for (std::uint32_t i = begin; i < end; ++i) {
    const double mean_pm =
        (static_cast<double>(pop.capability[kProcess][i]) + pop.capability[kManagement][i]) / 2;
    s.hazard[i] = dyn.cost_elasticity * std::max(0.0, mean_pm - pop.initial_process_management[i]);
  }
  one_minus_exp_neg_batch(s.hazard.data() + begin, s.probability.data() + begin, n);
  // Dropped firms add +0.0, which leaves a sum exactly as it is (a sum that starts at +0.0 is
  // never -0.0): the same sums as skipping them, without a branch on who has dropped out.
  for (std::uint32_t i = begin; i < end; ++i) {
    const bool active = pop.active[i] != 0;
    const double cut = s.probability[i];  // 1 - exp(-gamma dm)
    // (C0 - C) / C0 = 1 - (1 - cut)(1 - tau A)
    const double tau = dyn.tech_cost_cut * pop.adopted[i];
    double saving_thb = pop.base_cost_thb[i] * (cut + tau - cut * tau) * month_share;
    if (pooled) saving_thb += discount * pooled_share * pop.base_cost_thb[i] * month_share;
    m.cost_reduction_thb += active ? saving_thb : 0.0;
    const double revenue_thb = pop.base_revenue_thb[i] * dyn.revenue_uplift * month_share;
    m.added_revenue_thb += active && pop.expanded[i] != 0 ? revenue_thb : 0.0;
  }
  tally.cost_reduction_thb += m.cost_reduction_thb;
  tally.added_revenue_thb += m.added_revenue_thb;
}

}  // namespace

void account_month(ReplicationState& s, int t, MonthRecord& record) {
  double trust_sum = 0;
  for_each_cluster(s, [&s, t](int c) { account_cluster(s, c, t); });
  // Summed in cluster order: the same result however clusters were scheduled.
  for (int c = 0; c < cluster_count(s); ++c) {
    const auto cc = static_cast<std::size_t>(c);
    const MonthRecord& m = s.cluster_month[cc];
    record.active += m.active;
    record.adopters += m.adopters;
    record.expanded_firms += m.expanded_firms;
    record.jp_members += m.jp_members;
    record.cost_reduction_thb += m.cost_reduction_thb;
    record.added_revenue_thb += m.added_revenue_thb;
    record.developed += s.tally[cc].developed;
    record.expanded += s.tally[cc].expanded;
    trust_sum += s.trust[cc];
  }
  record.mean_trust = cluster_count(s) > 0 ? trust_sum / cluster_count(s) : 0;
}

}  // namespace smesim::detail
