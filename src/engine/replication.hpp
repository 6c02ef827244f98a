#pragma once
// One replication's step loop (docs/model.md §5) over a reusable state.

#include <cstdint>

#include "model/replication_state.hpp"
#include "smesim/analysis/trajectory.hpp"
#include "smesim/scenario/scenario_def.hpp"

namespace smesim::detail {

/// Draws the replication's parameters and builds its population and networks.
void begin_replication(const ScenarioDef& def, std::uint32_t replication, ReplicationState& state,
                       ReplicationResult& out);
/// Month t: the ten steps of docs/model.md §5 in order (1–3 only while t < P).
void step_month(ReplicationState& state, int t, ReplicationResult& out);
/// Final KPIs, by agency and by cluster.
void finish_replication(const ReplicationState& state, ReplicationResult& out);

/// Runs replication `replication` of `def` in `state` (reused across calls) into `out`.
void run_replication(const ScenarioDef& def, std::uint32_t replication, ReplicationState& state,
                     ReplicationResult& out);

}  // namespace smesim::detail
