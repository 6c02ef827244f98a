#pragma once
// Who gets a mentoring slot or a technology project first (docs/model.md §4, §5 step 2).

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "model/cluster_graph.hpp"
#include "model/population.hpp"
#include "smesim/random/philox.hpp"

namespace smesim::detail {

struct TargetingContext {
  const Population& pop;
  const ClusterGraph& graph;
  /// `broad`: word 0 of the cluster's Purpose::mentoring_sample (or technology_sample) block of
  /// this month, by firm index within the cluster; unused by the other rules.
  const std::uint32_t* sample_words;
  std::uint32_t cluster_begin;
};

/// Picks `k` of `candidates` (global firm indices) by `rule` and leaves them in the first k
/// places of `candidates` (in no particular, but deterministic, order). `broad` is a uniform sample
/// without replacement (the k smallest of one random key per firm); laggards / leaders by
/// mean capability ascending / descending; hubs by degree descending; largest by initial
/// revenue R(0) descending; ties go to the lower index. `keyed` is scratch.
void select_targets(Targeting rule, std::size_t k, std::vector<std::uint32_t>& candidates,
                    const TargetingContext& ctx, std::vector<std::uint64_t>& keyed);

}  // namespace smesim::detail
