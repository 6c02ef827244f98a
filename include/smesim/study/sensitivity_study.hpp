#pragma once
/// @file sensitivity_study.hpp
/// @brief `smesim sensitivity`: the rows of a Saltelli (Sobol') or Morris design, a variant
/// each; a row's record is its values and the mean of every final KPI; the outputs are
/// design.csv, indices.csv and the manifest.

#include <string>
#include <vector>

#include "smesim/scenario/sensitivity_def.hpp"
#include "smesim/study/study.hpp"

namespace smesim {

class SensitivityStudy final : public Study {
 public:
  /// @throws ScenarioError for a row that is not a valid scenario
  explicit SensitivityStudy(SensitivityDef def);

  [[nodiscard]] StudyIdentity identity() const override;
  [[nodiscard]] std::string_view record_noun() const override { return "row"; }
  std::vector<ScenarioDef> next_variants(std::span<const Record> records) override;
  void check_stored(std::size_t index, const Record& record) const override;
  [[nodiscard]] Record reduce(std::size_t index, const ScenarioDef& variant,
                              std::span<const ReplicationResult> results) const override;
  StudyResults finish(std::span<const Record> records, const StudyRun& run) override;

  [[nodiscard]] const SensitivityDef& def() const { return def_; }

 private:
  SensitivityDef def_;
  std::vector<std::vector<std::string>> values_;  ///< each row's values, as scenario-file text
  std::vector<ScenarioDef> variants_;
};

}  // namespace smesim
