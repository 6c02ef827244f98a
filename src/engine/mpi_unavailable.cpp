// A build without MPI (SMESIM_WITH_MPI=OFF): one process, and a clear refusal when started by
// an MPI launcher, whose ranks would otherwise each run the whole study into the same folder.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "smesim/engine/mpi_executor.hpp"
#include "smesim/error.hpp"

namespace smesim {
namespace {

int launcher_ranks() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"})
    if (const char* value = std::getenv(name)) return std::atoi(value);
  return 1;
}

}  // namespace

bool mpi_available() { return false; }

struct MpiSession::Local {};

MpiSession::MpiSession(int& /*argc*/, char**& /*argv*/) {
  if (launcher_ranks() > 1) {
    std::fputs(
        "smesim: error: this smesim was built without MPI (SMESIM_WITH_MPI); run it without mpirun, "
        "or build it with Open MPI installed (docs/cluster.md)\n",
        stderr);
    std::exit(2);
  }
}

MpiSession::~MpiSession() = default;

// Never reached: without MPI there is only rank 0.
int MpiSession::serve(const PortableReduction& /*reduction*/) const { return 0; }

const std::vector<std::uint64_t>& MpiSession::study_keys() const { return study_keys_; }

MpiExecutor::MpiExecutor(const MpiSession& session, int threads)
    : session_(session), ranks_(1), threads_option_(threads), threads_(threads) {
  throw Error("this smesim was built without MPI (SMESIM_WITH_MPI)");
}

MpiExecutor::~MpiExecutor() = default;

bool MpiExecutor::execute(const ExecutionRequest& /*request*/) {
  throw Error("this smesim was built without MPI (SMESIM_WITH_MPI)");
}

void MpiExecutor::check_memory(std::span<const ScenarioDef> /*variants*/, MemoryUse /*use*/,
                               std::size_t /*limit_bytes*/) const {
  throw Error("this smesim was built without MPI (SMESIM_WITH_MPI)");
}

}  // namespace smesim
