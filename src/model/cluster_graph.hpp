#pragma once
// All cluster networks as one CSR adjacency over global firm indices (docs/architecture.md).
// Networks never cross clusters, so each cluster's rows point only into its own range.

#include <cstdint>
#include <utility>
#include <vector>

#include "model/model_params.hpp"
#include "model/population.hpp"
#include "smesim/random/philox.hpp"

namespace smesim::detail {

struct ClusterGraph {
  std::vector<std::uint32_t> offsets;     ///< firms + 1
  std::vector<std::uint32_t> neighbours;  ///< sorted within each row
  /// 1 / degree (0 for an isolated firm): neighbour shares without a division per firm-month.
  std::vector<double> inverse_degree;

  [[nodiscard]] std::uint32_t degree(std::uint32_t i) const { return offsets[i + 1] - offsets[i]; }
};

/// Scratch reused across replications while building graphs.
struct GraphScratch {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;  ///< local (u < v)
  std::vector<std::uint64_t> edge_keys;                        ///< sorted, for membership
  std::vector<std::uint64_t> adjacency;                        ///< bit matrix, all zero between uses
  std::vector<std::uint32_t> degree;
  std::vector<std::uint32_t> repeated;  ///< Barabási–Albert degree-proportional urn
  std::vector<std::uint32_t> fill;
};

/// Undirected simple graph on n nodes for one cluster (local indices), from the cluster's
/// Purpose::network stream. Small world: Watts–Strogatz (1998) as in networkx (a cluster of
/// at most degree + 1 members is complete); random: Erdős–Rényi G(n, p = mean_degree / (n - 1))
/// by geometric skipping (Batagelj & Brandes 2005); scale free: Barabási–Albert from a clique
/// of m + 1 nodes.
void generate_cluster_edges(const ClusterParams& cluster, int n, PhiloxStream& stream, GraphScratch& scratch);

/// Builds every cluster's network into one CSR.
void build_cluster_graph(const ModelParams& params, const Population& pop, ClusterGraph& graph,
                         GraphScratch& scratch);

}  // namespace smesim::detail
