#include "model/targeting.hpp"

#include <algorithm>

namespace smesim::detail {
namespace {

float mean_capability(const Population& pop, std::uint32_t i) {
  return (pop.capability[kProcess][i] + pop.capability[kManagement][i] + pop.capability[kMarket][i]) / 3.0f;
}

// Smaller key = served first.
float target_key(Targeting rule, std::uint32_t i, const TargetingContext& ctx) {
  switch (rule) {
    case Targeting::broad: {
      const auto block =
          philox4x32_10(make_counter(ctx.sample_purpose, ctx.cluster_stream, i - ctx.cluster_begin,
                                     static_cast<std::uint32_t>(ctx.month)),
                        ctx.key);
      return static_cast<float>(to_unit_open(block[0]));
    }
    case Targeting::laggards:
      return mean_capability(ctx.pop, i);
    case Targeting::leaders:
      return -mean_capability(ctx.pop, i);
    case Targeting::hubs:
      return -static_cast<float>(ctx.graph.degree(i));
  }
  return 0;
}

}  // namespace

void select_targets(Targeting rule, std::size_t k, std::vector<std::uint32_t>& candidates,
                    const TargetingContext& ctx, std::vector<std::pair<float, std::uint32_t>>& keyed) {
  if (k >= candidates.size()) return;
  keyed.clear();
  for (const std::uint32_t i : candidates) keyed.emplace_back(target_key(rule, i, ctx), i);
  // (key, index) pairs are a strict total order, so the chosen set is unique.
  std::nth_element(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(k), keyed.end());
  for (std::size_t j = 0; j < k; ++j) candidates[j] = keyed[j].second;
  std::sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(k));
}

}  // namespace smesim::detail
