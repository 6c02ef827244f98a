#include "model/targeting.hpp"

#include <algorithm>
#include <array>
#include <bit>

namespace smesim::detail {
namespace {

float mean_capability(const Population& pop, std::uint32_t i) {
  return (pop.capability[kProcess][i] + pop.capability[kManagement][i] + pop.capability[kMarket][i]) / 3.0f;
}

// Smaller key = served first. Keys are non-negative floats, whose bit patterns order like
// the values, so (key bits, index) packs into one 64-bit integer: one comparison instead of
// a float compare and a tie-break.
std::uint32_t key_bits(Targeting rule, std::uint32_t i, const TargetingContext& ctx) {
  float key = 0;
  switch (rule) {
    case Targeting::broad:
      key = static_cast<float>(to_unit_open(ctx.sample_words[i - ctx.cluster_begin]));
      break;
    case Targeting::laggards:
      key = mean_capability(ctx.pop, i);
      break;
    case Targeting::leaders:
      key = 1.0f - mean_capability(ctx.pop, i);
      break;
    case Targeting::hubs:
      return ~ctx.graph.degree(i);
    // Revenues are positive floats, whose bits order like the values: complemented, the
    // largest R(0) has the smallest key.
    case Targeting::largest:
      return ~std::bit_cast<std::uint32_t>(ctx.pop.base_revenue_thb[i]);
  }
  return std::bit_cast<std::uint32_t>(key);
}

constexpr std::size_t kSmallSelection = 8;

// Buckets of the key bits, ordered like them: the keys of `broad`, `laggards` and `leaders`
// are floats in [0, 1) (`hubs` and `largest` use a plain selection), spread over the buckets by value (their
// bits order like their values); every bit pattern from that of 1.0 up (larger floats, infinities, NaNs,
// negative floats) goes to the last bucket.
constexpr std::size_t kBuckets = 128;

std::size_t bucket_of(std::uint64_t keyed) {
  const auto bits = static_cast<std::uint32_t>(keyed >> 32);
  constexpr std::uint32_t kOneBits = 0x3f800000;  // 1.0f
  const float key = std::bit_cast<float>(bits < kOneBits ? bits : 0u);
  return bits < kOneBits ? static_cast<std::size_t>(key * static_cast<float>(kBuckets)) : kBuckets - 1;
}

// The k smallest of `keyed` (0 < k < size) into candidates[0, k), by one counting pass over
// buckets of the keys: every key of a bucket below the one holding the k-th smallest is
// chosen, and a selection among the few keys of that bucket picks the rest. The same set as
// a selection over all keys, in a few passes without unpredictable branches.
void select_by_buckets(std::size_t k, std::vector<std::uint32_t>& candidates,
                       std::vector<std::uint64_t>& keyed) {
  std::array<std::uint32_t, kBuckets> counts{};
  for (const std::uint64_t key : keyed) ++counts[bucket_of(key)];
  std::size_t boundary = 0;
  std::size_t below = 0;
  while (below + counts[boundary] < k) below += counts[boundary++];
  std::size_t chosen = 0;
  std::size_t tied = 0;  // keys of the boundary bucket, compacted to the front of `keyed`
  for (std::size_t j = 0; j < keyed.size(); ++j) {
    const std::uint64_t key = keyed[j];
    const std::size_t b = bucket_of(key);
    candidates[chosen] = static_cast<std::uint32_t>(key);
    chosen += static_cast<std::size_t>(b < boundary);
    keyed[tied] = key;
    tied += static_cast<std::size_t>(b == boundary);
  }
  const std::size_t rest = k - below;
  std::nth_element(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(rest),
                   keyed.begin() + static_cast<std::ptrdiff_t>(tied));
  for (std::size_t j = 0; j < rest; ++j) candidates[chosen++] = static_cast<std::uint32_t>(keyed[j]);
}

}  // namespace

void select_targets(Targeting rule, std::size_t k, std::vector<std::uint32_t>& candidates,
                    const TargetingContext& ctx, std::vector<std::uint64_t>& keyed) {
  if (k >= candidates.size()) return;
  keyed.clear();
  for (const std::uint32_t i : candidates) keyed.push_back(std::uint64_t{key_bits(rule, i, ctx)} << 32 | i);
  if (k <= kSmallSelection) {
    // A few targets (technology projects are often one per cluster a month): keep the k
    // smallest keys in a small sorted buffer in one pass, instead of a full selection.
    std::uint64_t best[kSmallSelection];
    std::size_t kept = 0;
    for (const std::uint64_t key : keyed) {
      if (kept == k && key >= best[k - 1]) continue;
      std::size_t pos = kept < k ? kept++ : k - 1;
      while (pos > 0 && best[pos - 1] > key) {
        best[pos] = best[pos - 1];
        --pos;
      }
      best[pos] = key;
    }
    for (std::size_t j = 0; j < k; ++j) candidates[j] = static_cast<std::uint32_t>(best[j]);
    return;
  }
  // (key, index) is a strict total order, so the chosen set is unique. The chosen firms are
  // left in the selection's order: deterministic, and serving a firm does not depend on who
  // else is served, so no sort is needed.
  if (rule != Targeting::hubs && rule != Targeting::largest) {
    select_by_buckets(k, candidates, keyed);
    return;
  }
  std::nth_element(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(k), keyed.end());
  for (std::size_t j = 0; j < k; ++j) candidates[j] = static_cast<std::uint32_t>(keyed[j]);
}

}  // namespace smesim::detail
