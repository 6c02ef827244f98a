#pragma once
/// @file compare_study.hpp
/// @brief `smesim compare`: named variants of a scenario under common random numbers; a
/// variant's record is its summary and its final KPIs per replication, overall and per
/// agency; the outputs are comparison.csv, agency_comparison.csv, each variant's summary.json
/// and the manifest.

#include <vector>

#include "smesim/scenario/compare_def.hpp"
#include "smesim/study/study.hpp"

namespace smesim {

class CompareStudy final : public Study {
 public:
  /// @throws ScenarioError for a variant that is not a valid scenario
  explicit CompareStudy(CompareDef def);

  [[nodiscard]] StudyIdentity identity() const override;
  [[nodiscard]] std::string_view record_noun() const override { return "variant"; }
  std::vector<ScenarioDef> next_variants(std::span<const Record> records) override;
  void check_stored(std::size_t index, const Record& record) const override;
  [[nodiscard]] Record reduce(std::size_t index, const ScenarioDef& variant,
                              std::span<const ReplicationResult> results) const override;
  StudyResults finish(std::span<const Record> records, const StudyRun& run) override;

  [[nodiscard]] const CompareDef& def() const { return def_; }

 private:
  CompareDef def_;
  std::vector<ScenarioDef> variants_;
};

}  // namespace smesim
