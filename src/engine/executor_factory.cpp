#include "smesim/engine/executor_factory.hpp"

#include "smesim/engine/mpi_executor.hpp"
#include "smesim/engine/thread_executor.hpp"

namespace smesim {

std::unique_ptr<Executor> make_executor(int threads, const MpiSession* session) {
  if (session != nullptr && session->distributed()) return std::make_unique<MpiExecutor>(*session, threads);
  return std::make_unique<ThreadExecutor>(threads);
}

}  // namespace smesim
