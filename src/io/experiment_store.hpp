#pragma once
// The folder of an experiment (sweep, sensitivity analysis, ...), which is also what makes it
// resumable: experiment.json names it (a hash of everything that determines its results), each
// finished variant is written to points/NNNNNN.json atomically as soon as it completes, and
// the final outputs are assembled from those files at the end. A re-run of the same experiment
// skips the variants on disk; a different experiment in the same folder is refused.

#include <filesystem>
#include <string>
#include <vector>

#include "smesim/error.hpp"
#include "smesim/sweep.hpp"

namespace smesim::detail {

/// The folder holds a different experiment (changed file or scenario): not resumable.
class ResumeError : public Error {
 public:
  using Error::Error;
};

/// What identifies an experiment in its folder.
struct ExperimentIdentity {
  std::string kind;  ///< `sweep`, `sensitivity`, ...
  std::string name;
  std::string identity;  ///< canonical text of everything that determines the results
  std::size_t points = 0;
};

class ExperimentStore {
 public:
  /// Opens or creates `folder` for the experiment. With `restart`, points of any earlier
  /// experiment there are discarded. @throws ResumeError, OutputError
  ExperimentStore(std::filesystem::path folder, const ExperimentIdentity& experiment, bool restart);

  [[nodiscard]] bool has_point(std::size_t index) const;
  [[nodiscard]] std::size_t finished_points() const;
  /// Records a finished point (atomically). @throws OutputError
  void write_point(std::size_t index, const std::string& json) const;
  [[nodiscard]] std::string read_point(std::size_t index) const;
  /// Writes a final output file (atomically). @throws OutputError
  void write_output(const std::string& name, const std::string& content) const;
  [[nodiscard]] const std::filesystem::path& folder() const { return folder_; }

 private:
  [[nodiscard]] std::filesystem::path point_path(std::size_t index) const;
  std::filesystem::path folder_;
  std::size_t points_ = 0;
};

/// The identity of a sweep: its points and resolved base scenario.
ExperimentIdentity sweep_experiment(const SweepDef& sweep);

/// points.csv from the finished points' JSON: one row per point with its parameter values,
/// the statistics of every final KPI and P(each target met) with its Wilson interval.
std::string points_csv(const SweepDef& sweep, const std::vector<std::string>& point_json);

}  // namespace smesim::detail
