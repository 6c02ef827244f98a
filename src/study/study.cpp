#include "smesim/study/study.hpp"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "io/outputs.hpp"
#include "smesim/engine/keeping_reducer.hpp"

namespace smesim {
std::unique_ptr<VariantReducer> Study::reducer(std::size_t index, const ScenarioDef& variant,
                                               ResultsStore& /*store*/) {
  return std::make_unique<KeepingReducer>(
      [this, index, &variant](std::span<const ReplicationResult> results) {
        return reduce(index, variant, results);
      },
      static_cast<std::size_t>(variant.replications));
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
