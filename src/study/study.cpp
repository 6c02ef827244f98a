#include "smesim/study/study.hpp"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "io/outputs.hpp"

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

PortableReduction portable_reduction(Study& study, bool with_variants) {
  if (!study.reduces_anywhere()) return {};
  const StudyIdentity identity = study.identity();
  // Equal keys on two processes mean the same kind, name and identity text, hence the same
  // reduce; the identity hash in 64 bits.
  const std::string identifies = identity.kind + '\0' + identity.name + '\0' + identity.identity;
  PortableReduction reduction;
  reduction.study_key = std::stoull(detail::scenario_hash(identifies), nullptr, 16);
  reduction.reduce = [&study](std::uint64_t record, const ScenarioDef& variant,
                              std::span<const ReplicationResult> results) {
    return study.reduce(static_cast<std::size_t>(record), variant, results);
  };
  if (with_variants) {
    // A study that reduces anywhere proposes all its variants at once: record i is variant i.
    auto variants = std::make_shared<const std::vector<ScenarioDef>>(study.next_variants({}));
    reduction.variant = [variants](std::uint64_t record) -> const ScenarioDef* {
      return record < variants->size() ? &(*variants)[record] : nullptr;
    };
  }
  return reduction;
}

}  // namespace smesim
