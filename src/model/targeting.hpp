#pragma once
// Who gets a mentoring slot or a technology project first (MODEL.md §4, §5 step 2).

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "model/cluster_graph.hpp"
#include "model/population.hpp"
#include "smesim/philox.hpp"

namespace smesim::detail {

struct TargetingContext {
  const Population& pop;
  const ClusterGraph& graph;
  PhiloxKey key;
  Purpose sample_purpose;  ///< stream of `broad` random keys
  std::uint64_t cluster_stream;
  std::uint32_t cluster_begin;
  int month;
};

/// Picks `k` of `candidates` (global firm indices) by `rule` and leaves them, in
/// ascending index order, in the first k places of `candidates`. `broad` is a uniform sample
/// without replacement (the k smallest of one random key per firm); laggards / leaders by
/// mean capability ascending / descending; hubs by degree descending; ties go to the lower
/// index. `keyed` is scratch.
void select_targets(Targeting rule, std::size_t k, std::vector<std::uint32_t>& candidates,
                    const TargetingContext& ctx, std::vector<std::pair<float, std::uint32_t>>& keyed);

}  // namespace smesim::detail
