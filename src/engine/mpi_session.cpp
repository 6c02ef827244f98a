// MPI for the life of the process (include/smesim/engine/mpi_executor.hpp, docs/cluster.md):
// initialisation, ranks, each worker rank's announcement of its study, the stop, and the
// finalisation. Rank 0 runs a worker of its own on a thread beside the study, so that every
// rank computes; it receives its tasks like any other rank, which needs MPI_THREAD_MULTIPLE.
#include "smesim/engine/mpi_executor.hpp"

#include <mpi.h>

#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "engine/mpi_dispatcher.hpp"
#include "engine/mpi_protocol.hpp"
#include "engine/mpi_worker.hpp"

namespace smesim {
namespace {

namespace mpi = detail::mpi;

bool launched_by_mpi() {
  // Open MPI's mpirun, and PMI/PMIx launchers such as Slurm's srun.
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

}  // namespace

bool mpi_available() { return true; }

struct MpiSession::Local {
  std::thread worker;
};

MpiSession::MpiSession(int& argc, char**& argv) {
  if (!launched_by_mpi()) return;
  // Open MPI waits in a blocking receive by spinning; rank 0's receiving thread shares its cores
  // with its worker, so it should give them up while it waits (measured: the 2-rank sweep of
  // bench/RESULTS.md takes 15.3 s spinning, 11.6 s yielding). A user's own setting stands.
  setenv("OMPI_MCA_mpi_yield_when_idle", "1", 0);
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_MULTIPLE, &provided);
  if (provided < MPI_THREAD_MULTIPLE) {
    std::fputs(
        "smesim: error: this MPI library gives no MPI_THREAD_MULTIPLE, which rank 0's own worker needs\n",
        stderr);
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  MPI_Comm_dup(MPI_COMM_WORLD, &mpi::communicator());
  MPI_Comm_rank(mpi::communicator(), &rank_);
  MPI_Comm_size(mpi::communicator(), &size_);
  if (rank_ > 0) {
    // An interrupt is rank 0's to handle: it stops handing out tasks, collects what is
    // running and then stops every rank (mpirun forwards SIGINT and SIGTERM to all of them).
    std::signal(SIGINT, SIG_IGN);
    std::signal(SIGTERM, SIG_IGN);
  } else if (size_ > 1) {
    local_ = std::make_unique<Local>();
    local_->worker = std::thread([] { mpi::serve_tasks(0, [] { return mpi::local_reduction(); }); });
  }
}

MpiSession::~MpiSession() {
  if (mpi::communicator() == MPI_COMM_NULL) return;
  if (rank_ == 0) {
    // Every announcement is received before the stop (none is left unmatched at MPI_Finalize).
    if (size_ > 1) static_cast<void>(study_keys());
    const std::string stop = mpi::with_head(mpi::TaskHead{});
    for (int rank = 0; rank < size_; ++rank)
      if (rank > 0 || local_) mpi::send(stop, rank, mpi::kTaskTag);
    if (local_) local_->worker.join();
  }
  MPI_Comm_free(&mpi::communicator());
  MPI_Finalize();
}

int MpiSession::serve(const PortableReduction& reduction) const {
  const std::uint64_t key = reduction.available() ? reduction.study_key : 0;
  mpi::send(std::string(reinterpret_cast<const char*>(&key), sizeof key), 0, mpi::kHelloTag);
  mpi::serve_tasks(rank_, [&reduction] { return &reduction; });
  return 0;
}

const std::vector<std::uint64_t>& MpiSession::study_keys() const {
  if (keys_received_) return study_keys_;
  study_keys_.assign(static_cast<std::size_t>(size_), 0);
  for (int i = 1; i < size_; ++i) {
    int from = 0;
    const std::string bytes = mpi::receive(MPI_ANY_SOURCE, mpi::kHelloTag, &from);
    std::uint64_t key = 0;
    if (bytes.size() == sizeof key) std::memcpy(&key, bytes.data(), sizeof key);
    study_keys_[static_cast<std::size_t>(from)] = key;
  }
  keys_received_ = true;
  return study_keys_;
}

}  // namespace smesim
