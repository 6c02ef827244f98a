#pragma once
/// @file engine/keeping_reducer.hpp
/// @brief The reducer that keeps a variant's replications and makes its record from all of
/// them at the end: what a summary needs, since its quantiles need every replication. Every
/// study but a streamed forecast reduces this way, in one process and on MPI ranks alike.

#include <cstddef>
#include <functional>
#include <span>
#include <vector>

#include "smesim/engine/executor.hpp"

namespace smesim {

class KeepingReducer final : public VariantReducer {
 public:
  /// The record from all of the variant's replications, in replication order.
  using Reduce = std::function<Record(std::span<const ReplicationResult> results)>;

  /// @param replications  the variant's, to hold them without reallocating
  KeepingReducer(Reduce reduce, std::size_t replications);
  /// Moves the replications out of the executor's buffers.
  void add(std::span<ReplicationResult> block) override;
  Record finish() override;

 private:
  Reduce reduce_;
  std::vector<ReplicationResult> results_;
};

}  // namespace smesim
