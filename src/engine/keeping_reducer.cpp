#include "smesim/engine/keeping_reducer.hpp"

#include <utility>

namespace smesim {

KeepingReducer::KeepingReducer(Reduce reduce, std::size_t replications) : reduce_(std::move(reduce)) {
  results_.reserve(replications);
}

void KeepingReducer::add(std::span<ReplicationResult> block) {
  for (ReplicationResult& r : block) results_.push_back(std::move(r));
}

Record KeepingReducer::finish() { return reduce_(results_); }

}  // namespace smesim
