#pragma once
/// @file engine/executor_factory.hpp
/// @brief The one choice of the executor a study runs on, for every shell: the CLI passes its
/// MPI session, the Python module none.

#include <memory>

#include "smesim/engine/executor.hpp"

namespace smesim {

class MpiSession;

/// @brief Over the ranks of `session` when it is distributed (an MpiExecutor, rank 0 only),
/// else this process' oneTBB threads (a ThreadExecutor).
/// @param threads  per process; 0 = all cores
std::unique_ptr<Executor> make_executor(int threads, const MpiSession* session = nullptr);

}  // namespace smesim
