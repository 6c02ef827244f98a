#pragma once
// A rank's worker in a study over MPI ranks (docs/cluster.md): it runs the tasks rank 0 sends
// (engine/mpi_protocol.hpp) on its own oneTBB threads and workspaces, and answers each with
// the block's results or the group's records.

#include <functional>

#include "smesim/engine/executor.hpp"

namespace smesim::detail::mpi {

/// Serves the tasks rank 0 sends to `rank` until it says stop. `reduction` gives the study to
/// reduce groups with (none: this rank gets blocks only).
void serve_tasks(int rank, std::function<const PortableReduction*()> reduction);

}  // namespace smesim::detail::mpi
