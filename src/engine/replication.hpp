#pragma once
// One replication's step loop (MODEL.md §5) over a reusable state.

#include <cstdint>

#include "model/replication_state.hpp"
#include "smesim/scenario_def.hpp"
#include "smesim/trajectory.hpp"

namespace smesim::detail {

/// Runs replication `replication` of `def` in `state` (reused across calls) into `out`.
void run_replication(const ScenarioDef& def, std::uint32_t replication, ReplicationState& state,
                     ReplicationResult& out);

}  // namespace smesim::detail
