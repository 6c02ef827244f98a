#pragma once
// Which parts of a replication's model its set-up reads. Under common random numbers,
// replication r of every variant of an experiment draws the same population and networks
// whenever these inputs agree (docs/model.md §6 and "Random numbers"), so the
// experiment runner builds them once per replication and reuses them across variants.

#include "model/model_params.hpp"

namespace smesim::detail {

/// @brief True when build_population and build_cluster_graph would build exactly the same
/// population and networks from `a` and from `b`: same seed and replication, same SME
/// parameters, and the same clusters in the same order with the same streams, members,
/// sectors and topologies. Numbers are compared bit for bit, so "same" never hides a
/// difference (e.g. -0.0 and 0.0 count as different).
///
/// Every ModelParams field that build_population or build_cluster_graph reads must be
/// compared here; a field they do not read (budgets, strategies, dynamics) must not be, or
/// the reuse is lost for sweeps over it.
bool same_setup_inputs(const ModelParams& a, const ModelParams& b);

}  // namespace smesim::detail
