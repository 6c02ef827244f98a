#pragma once
/// @file sweep_study.hpp
/// @brief `smesim sweep`: every point of a sweep's design, a ScenarioDef variant each; a
/// point's record is its values and its forecast summary; the outputs are points.csv and the
/// manifest.

#include <string>
#include <vector>

#include "smesim/scenario/sweep_def.hpp"
#include "smesim/study/study.hpp"

namespace smesim {

class SweepStudy final : public Study {
 public:
  /// @throws ScenarioError for a point that is not a valid scenario (every point is made
  /// here, before anything runs)
  explicit SweepStudy(SweepDef def);

  [[nodiscard]] StudyIdentity identity() const override;
  [[nodiscard]] std::string_view record_noun() const override { return "point"; }
  std::vector<ScenarioDef> next_variants(std::span<const Record> records) override;
  void check_stored(std::size_t index, const Record& record) const override;
  [[nodiscard]] Record reduce(std::size_t index, const ScenarioDef& variant,
                              std::span<const ReplicationResult> results) const override;
  StudyResults finish(std::span<const Record> records, const StudyRun& run) override;

  [[nodiscard]] const SweepDef& def() const { return def_; }

 private:
  SweepDef def_;
  std::vector<std::vector<std::string>> points_;  ///< each point's values, as scenario-file text
  std::vector<ScenarioDef> variants_;
};

}  // namespace smesim
