#include "smesim/study/study.hpp"

#include <utility>

namespace smesim {
namespace {

// Keeps a variant's replications (moved out of the executor's buffers) and reduces them at
// the end: what every study but a streamed forecast needs, since a summary's quantiles need
// every replication.
class KeepingReducer final : public VariantReducer {
 public:
  KeepingReducer(const Study& study, std::size_t index, const ScenarioDef& variant)
      : study_(study), index_(index), variant_(variant) {
    results_.reserve(static_cast<std::size_t>(variant.replications));
  }
  void add(std::span<ReplicationResult> block) override {
    for (ReplicationResult& r : block) results_.push_back(std::move(r));
  }
  Record finish() override { return study_.reduce(index_, variant_, results_); }

 private:
  const Study& study_;
  const std::size_t index_;
  const ScenarioDef& variant_;
  std::vector<ReplicationResult> results_;
};

}  // namespace

std::unique_ptr<VariantReducer> Study::reducer(std::size_t index, const ScenarioDef& variant,
                                               ResultsStore& /*store*/) {
  return std::make_unique<KeepingReducer>(*this, index, variant);
}

}  // namespace smesim
