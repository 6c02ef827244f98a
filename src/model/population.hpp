#pragma once
// SME agents as struct-of-arrays (docs/architecture.md "Performance design"), sorted by cluster so
// each cluster is one contiguous range [cluster_begin[c], cluster_begin[c + 1]).

#include <array>
#include <cstdint>
#include <vector>

#include "model/model_params.hpp"

namespace smesim::detail {

/// Capabilities are float: their updates are small products of numbers in [0, 1] and single
/// precision keeps the hot state at ~60 bytes per firm (see docs/model.md "Precision").
using Capability = float;

struct Population {
  std::vector<std::uint32_t> cluster_begin;  ///< clusters + 1 offsets

  // Hot state, read and written every month (docs/model.md §3).
  std::array<std::vector<Capability>, kDimensions> capability;  ///< kappa: P, M, K
  std::vector<Capability> absorptive;                           ///< alpha
  std::vector<std::uint8_t> active;                             ///< still in the programme
  std::vector<std::uint8_t> adopted;                            ///< A
  std::vector<std::uint8_t> expanded;                           ///< E
  std::vector<std::uint8_t> developed;                          ///< dev
  std::vector<std::uint16_t> mentored_months;                   ///< n
  /// Mentoring engagements (docs/model.md §5 step 2): g, months served in the current
  /// engagement (0 = none), and c, engagements completed. Both stay 0 under the v1 rule.
  std::vector<std::uint16_t> engagement_month;
  std::vector<std::uint16_t> engagements_completed;
  /// Neighbours that have adopted / expanded, kept up to date when a firm changes (rare) so
  /// the monthly diffusion step reads a count instead of walking every neighbour list.
  std::vector<std::uint32_t> adopted_neighbours;
  std::vector<std::uint32_t> expanded_neighbours;

  // Set at t = 0.
  std::vector<double> base_cost_thb;    ///< C0 per year
  std::vector<float> base_revenue_thb;  ///< R(0) per year
  /// m(0) = mean of P and M, in double as step 9 computes m(t): a firm whose P and M never
  /// change then saves exactly 0 (a float m(0) left a positive rounding residue).
  std::vector<double> initial_process_management;
  std::vector<std::uint16_t> employees;
  std::vector<SizeClass> size_class;

  [[nodiscard]] std::size_t size() const { return absorptive.size(); }
  [[nodiscard]] std::uint32_t begin(int cluster) const {
    return cluster_begin[static_cast<std::size_t>(cluster)];
  }
  [[nodiscard]] std::uint32_t end(int cluster) const {
    return cluster_begin[static_cast<std::size_t>(cluster) + 1];
  }
  /// Resizes every array (keeping capacity across replications) and resets the state.
  void resize(std::size_t firms);
};

/// Draws every firm's attributes (docs/model.md §6) on the Purpose::population stream of its
/// cluster, so a cluster's firms do not depend on the other clusters.
void build_population(const ModelParams& params, Population& pop);

}  // namespace smesim::detail
