#pragma once
/// @file solve_study.hpp
/// @brief `smesim solve`: a sequential study. Bisection proposes one value at a time from the
/// evaluations so far; an evaluation's record is its value, P(target met) and medians; the
/// outputs are evaluations.csv, solution.json and the manifest.

#include <vector>

#include "smesim/scenario/solve_def.hpp"
#include "smesim/study/study.hpp"

namespace smesim {

class SolveStudy final : public Study {
 public:
  /// @throws ScenarioError when either end of the range is not a valid scenario
  explicit SolveStudy(SolveDef def);

  [[nodiscard]] StudyIdentity identity() const override;
  [[nodiscard]] std::string_view record_noun() const override { return "evaluation"; }
  [[nodiscard]] std::vector<ScenarioDef> memory_bounds() const override { return bounds_; }
  [[nodiscard]] bool sequential() const override { return true; }
  std::vector<ScenarioDef> next_variants(std::span<const Record> records) override;
  void check_stored(std::size_t index, const Record& record) const override;
  [[nodiscard]] Record reduce(std::size_t index, const ScenarioDef& variant,
                              std::span<const ReplicationResult> results) const override;
  StudyResults finish(std::span<const Record> records, const StudyRun& run) override;

 private:
  SolveDef def_;
  std::vector<ScenarioDef> bounds_;  ///< the range's two ends
  std::vector<double> values_;       ///< the value of each evaluation proposed so far
};

}  // namespace smesim
