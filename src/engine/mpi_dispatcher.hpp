#pragma once
// Rank 0's side of a study over MPI ranks (docs/cluster.md): MpiExecutor hands out each
// request's tasks (engine/task_planner.hpp says what each covers) and feeds what comes back
// to the reducers in replication order.

#include "smesim/engine/executor.hpp"

namespace smesim::detail::mpi {

/// The reduction of the request rank 0 is dispatching, if its records can be made away from
/// rank 0, for rank 0's own worker thread (the other ranks reduce with their own study); null
/// between requests.
const PortableReduction* local_reduction();

}  // namespace smesim::detail::mpi
