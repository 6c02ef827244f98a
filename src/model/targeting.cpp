#include "model/targeting.hpp"

#include <algorithm>
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
    case Targeting::broad: key = static_cast<float>(to_unit_open(ctx.sample_words[i - ctx.cluster_begin])); break;
    case Targeting::laggards: key = mean_capability(ctx.pop, i); break;
    case Targeting::leaders: key = 1.0f - mean_capability(ctx.pop, i); break;
    case Targeting::hubs: return ~ctx.graph.degree(i);
  }
  return std::bit_cast<std::uint32_t>(key);
}

constexpr std::size_t kSmallSelection = 8;

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
  // (key, index) is a strict total order, so the chosen set is unique.
  std::nth_element(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(k), keyed.end());
  // The chosen firms are left in nth_element's order: deterministic, and serving a firm does
  // not depend on who else is served, so no sort is needed.
  for (std::size_t j = 0; j < k; ++j) candidates[j] = static_cast<std::uint32_t>(keyed[j]);
}

}  // namespace smesim::detail
