#pragma once
/// @file engine/mpi_executor.hpp
/// @brief Studies over MPI ranks (docs/cluster.md): `mpirun -np K smesim <study> …`. Rank 0
/// runs the study and hands out tasks to every rank as each asks for more, with blocking
/// receives: while variants are plenty, a few whole variants that the rank runs on its oneTBB
/// threads and reduces itself, sending back only their records; for the last variants, blocks
/// of replications whose results rank 0 feeds to the reducers in replication order. Rank 0
/// alone writes the results store. Results never depend on the ranks, the threads or the
/// blocks: the same bytes as one process. Built with SMESIM_WITH_MPI (mpi_available()).

#include <cstdint>
#include <memory>
#include <vector>

#include "smesim/engine/executor.hpp"

namespace smesim {

/// Whether this build has MPI (the CMake option SMESIM_WITH_MPI).
bool mpi_available();

/// @brief MPI for the life of the process, when it was started by an MPI launcher (mpirun,
/// srun): initialises MPI, and on rank 0 runs a worker of its own beside the study, so that
/// every rank computes. Started without a launcher, it does nothing and the program runs as
/// one process. On destruction rank 0 tells every worker to stop, then MPI is finalised.
class MpiSession {
 public:
  MpiSession(int& argc, char**& argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  /// Started by a launcher with more than one rank.
  [[nodiscard]] bool distributed() const { return size_ > 1; }
  [[nodiscard]] int rank() const { return rank_; }
  [[nodiscard]] int size() const { return size_; }

  /// @brief On a rank other than 0: runs the tasks rank 0 sends until it says stop, reducing
  /// whole variants with `reduction` (the same study as rank 0's, built from the same command
  /// line) when rank 0 asks; with none available, rank 0 sends this rank blocks only.
  /// @return the process' exit status
  int serve(const PortableReduction& reduction) const;

  /// On rank 0: each rank's study key (PortableReduction::study_key; 0 = none), as every
  /// other rank announced it when it began to serve. Waits for the announcements once.
  [[nodiscard]] const std::vector<std::uint64_t>& study_keys() const;

 private:
  struct Local;
  int rank_ = 0;
  int size_ = 1;
  std::unique_ptr<Local> local_;  ///< rank 0's own worker
  mutable std::vector<std::uint64_t> study_keys_;
  mutable bool keys_received_ = false;
};

/// @brief The executor of rank 0 of a distributed session: tasks to every rank (rank 0's own
/// worker included), `threads` oneTBB threads on each.
/// @pre session.distributed() and session.rank() == 0
class MpiExecutor final : public Executor {
 public:
  MpiExecutor(const MpiSession& session, int threads);
  ~MpiExecutor() override;
  MpiExecutor(const MpiExecutor&) = delete;
  MpiExecutor& operator=(const MpiExecutor&) = delete;

  bool execute(const ExecutionRequest& request) override;
  void check_memory(std::span<const ScenarioDef> variants, MemoryUse use,
                    std::size_t limit_bytes) const override;
  [[nodiscard]] int workers() const override { return ranks_ * threads_; }

 private:
  const MpiSession& session_;
  int ranks_;
  // Not read in a build without MPI (src/engine/mpi_unavailable.cpp).
  [[maybe_unused]] int threads_option_;  ///< as given: 0 = every rank its own cores
  int threads_;
};

}  // namespace smesim
